// SPDX-License-Identifier: Apache-2.0
#include "coverage_sink.h"

#include <unistd.h>
#include <verilated.h>
#include <verilated_cov.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace cim {
namespace {

// A point's key is fields "\1name\2value..."; 'page' says the kind (v_line/..., v_toggle/...,
// v_user/...) and 'h' the instance.
std::string field(const std::string& key, const std::string& name) {
  const std::string tag = "\1" + name + "\2";
  const std::size_t at = key.find(tag);
  if (at == std::string::npos) return "";
  const std::size_t from = at + tag.size();
  return key.substr(from, key.find('\1', from) - from);
}

// Line and toggle points per module: the instance field dropped.
std::string per_module(const std::string& key) {
  if (field(key, "page").rfind("v_user", 0) == 0) return key;
  const std::size_t at = key.find("\1h\2");
  if (at == std::string::npos) return key;
  const std::size_t end = key.find('\1', at + 1);
  return key.substr(0, at) + (end == std::string::npos ? "" : key.substr(end));
}

}  // namespace

CoverageSink& CoverageSink::instance() {
  static CoverageSink sink(CIM_COVERAGE_DIR);
  return sink;
}

CoverageSink::CoverageSink(std::string dir) : dir_(std::move(dir)) {
  std::filesystem::create_directories(dir_);
}

void CoverageSink::add(VerilatedContext& ctx) {
  std::lock_guard<std::mutex> lock(mu_);
  std::ostringstream name;
  name << dir_ << "/.context-" << ::getpid() << "-" << files_++ << ".dat";
  const std::string path = name.str();
  ctx.coveragep()->write(path.c_str());
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    // C '<key>' <count>
    const std::size_t open = line.find('\'');
    const std::size_t close = line.rfind('\'');
    if (line.rfind("C ", 0) != 0 || open == std::string::npos || close <= open) continue;
    counts_[per_module(line.substr(open + 1, close - open - 1))] +=
        std::strtoull(line.c_str() + close + 1, nullptr, 10);
  }
  in.close();
  std::filesystem::remove(path);
}

CoverageSink::~CoverageSink() {
  if (counts_.empty()) return;
  std::ostringstream name;
  name << dir_ << "/" << program_invocation_short_name << "-" << ::getpid() << ".dat";
  std::ofstream out(name.str());
  out << "# SystemC::Coverage-3\n";
  for (const auto& [key, count] : counts_) out << "C '" << key << "' " << count << "\n";
  if (!out) std::fprintf(stderr, "coverage: cannot write %s\n", name.str().c_str());
}

}  // namespace cim
