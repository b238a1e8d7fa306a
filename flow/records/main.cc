// SPDX-License-Identifier: Apache-2.0
// cim_records RECORD OUT: reads the macros' records (rtl/cim_records.jsonc) and writes every file
// generated from them under OUT, at its path in the repository, and each generated block of a
// doc as OUT/blocks/MARKER. Prints what it wrote, one line each, for flow/facts.sh:
//   file PATH                 OUT/PATH is the whole of PATH
//   block PATH MARKER         OUT/blocks/MARKER is PATH's text between its MARKER markers
// A bad record exits 2 naming the entry and what is wrong, having written nothing.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "writers.h"

namespace cim::records {
namespace {

struct Output {
  std::string path;    // in the repository
  std::string marker;  // empty for a whole file
  std::string (*write)(const Record&);
};

const std::vector<Output>& outputs() {
  static const std::vector<Output> list = {
      {"rtl/cim_pkg.sv", "", sv_pkg},
      {"rtl/cim_params.svh", "", sv_params},
      {"rtl/cim_port_widths.svh", "", sv_port_widths},
      {"rtl/cim_macro_ports.svh", "", sv_macro_ports},
      {"rtl/cim_compute_ports.svh", "", sv_compute_ports},
      {"rtl/cim_port_check_ports.svh", "", sv_check_ports},
      {"flow/cim_vector_ports.svh", "", sv_vector_ports},
      {"flow/cim_tb_ports.svh", "", sv_tb_ports},
      {"golden/include/cim/limits.h", "", cpp_limits},
      {"golden/include/cim/port_list.h", "", cpp_port_list},
      {"flow/params_table.sh", "", shell_table},
      {"cmake/opencim_params_table.cmake", "", cmake_table},
      {"flow/params.json", "", json_table},
      {"docs/macro.md", "limits", md_params},
      {"docs/your-macro.md", "port-list", md_port_list},
  };
  return list;
}

int run(const std::string& record_path, const std::filesystem::path& out) {
  const Record r = read_record(record_path);
  std::vector<std::pair<std::filesystem::path, std::string>> files;
  for (const Output& o : outputs()) {
    files.emplace_back(o.marker.empty() ? out / o.path : out / "blocks" / o.marker, o.write(r));
  }
  for (const auto& [path, text] : files) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream os(path, std::ios::binary);
    os << text;
    if (!os) throw std::runtime_error("cannot write " + path.string());
  }
  for (const Output& o : outputs()) {
    std::cout << (o.marker.empty() ? "file " + o.path : "block " + o.path + " " + o.marker) << "\n";
  }
  return 0;
}

}  // namespace
}  // namespace cim::records

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: cim_records RECORD OUT (rtl/cim_records.jsonc and a folder)\n";
    return 2;
  }
  try {
    return cim::records::run(argv[1], argv[2]);
  } catch (const std::invalid_argument& e) {
    std::cerr << "cim_records: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "cim_records: " << e.what() << "\n";
    return 1;
  }
}
