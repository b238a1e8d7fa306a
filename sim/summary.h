// SPDX-License-Identifier: Apache-2.0
// A run's summary in one schema: each entry holds its --json key and value and its printed line
// together, written once, so the text and the JSON of a record cannot drift apart. A record's
// schema is one function (movement_summary(), ...); cimsim prints it and writes it as JSON.
#pragma once

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <vector>

namespace cim {

class Summary {
 public:
  // A quantity in both: "key": value in JSON, printed as "  label      text" (labels aligned).
  Summary& add(const std::string& key, nlohmann::json value, const std::string& label,
               const std::string& text);
  // JSON only: a detail the printed lines carry in words, or leave to --json.
  Summary& add(const std::string& key, nlohmann::json value);
  // A printed line only, as given: a table row or a sentence over the entries beside it.
  Summary& line(const std::string& text);
  // A nested record: its JSON object under `key`, its lines printed in place.
  Summary& add(const std::string& key, const Summary& record);
  // A list of records (a table's rows): a JSON array, their lines printed in turn.
  Summary& add(const std::string& key, const std::vector<Summary>& records);
  // Every entry of `record` at this level (a record that extends another).
  Summary& merge(const Summary& record);

  // A record in JSON only (a head every subcommand's --json starts with).
  static Summary of_json(nlohmann::json object);

  nlohmann::json json() const;
  void print(std::ostream& os) const;

 private:
  nlohmann::json json_ = nlohmann::json::object();
  std::vector<std::string> lines_;
};

// "  label" padded to the summary's value column.
std::string summary_label(const std::string& label);

}  // namespace cim
