// SPDX-License-Identifier: Apache-2.0
#include "summary.h"

#include <utility>

namespace cim {

std::string summary_label(const std::string& label) {
  constexpr std::size_t kColumn = 19;  // "  simulated cycles/s " is the widest label
  std::string s = "  " + label;
  s.append(label.size() < kColumn ? kColumn - label.size() : 1, ' ');
  return s;
}

Summary& Summary::add(const std::string& key, nlohmann::json value, const std::string& label,
                      const std::string& text) {
  json_[key] = std::move(value);
  return line(summary_label(label) + text);
}

Summary& Summary::add(const std::string& key, nlohmann::json value) {
  json_[key] = std::move(value);
  return *this;
}

Summary& Summary::line(const std::string& text) {
  lines_.push_back(text);
  return *this;
}

Summary& Summary::add(const std::string& key, const Summary& record) {
  json_[key] = record.json_;
  lines_.insert(lines_.end(), record.lines_.begin(), record.lines_.end());
  return *this;
}

Summary& Summary::add(const std::string& key, const std::vector<Summary>& records) {
  nlohmann::json list = nlohmann::json::array();
  for (const Summary& r : records) {
    list.push_back(r.json_);
    lines_.insert(lines_.end(), r.lines_.begin(), r.lines_.end());
  }
  json_[key] = std::move(list);
  return *this;
}

Summary& Summary::merge(const Summary& record) {
  json_.update(record.json_);
  lines_.insert(lines_.end(), record.lines_.begin(), record.lines_.end());
  return *this;
}

Summary Summary::of_json(nlohmann::json object) {
  Summary s;
  s.json_ = std::move(object);
  return s;
}

nlohmann::json Summary::json() const { return json_; }

void Summary::print(std::ostream& os) const {
  for (const std::string& l : lines_) os << l << "\n";
}

}  // namespace cim
