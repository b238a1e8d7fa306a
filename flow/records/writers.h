// SPDX-License-Identifier: Apache-2.0
// What cim_records writes from the record: each function returns one file's (or one generated
// block's) text. The languages' spellings of the record's expressions are here too.
#pragma once

#include <string>

#include "record.h"

namespace cim::records {

// SystemVerilog: a name as written, a call of cim_pkg's function (plain inside the package).
Spelling sv_spelling(bool in_package);
// The width of a port in SystemVerilog: fields x bits.
std::string sv_width(const Port& p);
// The items with `separator` between them.
std::string joined(const std::vector<std::string>& items, const std::string& separator);
// The header every generated file starts with, as comment lines of `prefix`.
std::string generated_header(const Record& r, const std::string& prefix, const std::string& what);

std::string sv_pkg(const Record& r);            // rtl/cim_pkg.sv
std::string sv_params(const Record& r);         // rtl/cim_params.svh
std::string sv_port_widths(const Record& r);    // rtl/cim_port_widths.svh
std::string sv_macro_ports(const Record& r);    // rtl/cim_macro_ports.svh
std::string sv_compute_ports(const Record& r);  // rtl/cim_compute_ports.svh
std::string sv_check_ports(const Record& r);    // rtl/cim_port_check_ports.svh
std::string sv_vector_ports(const Record& r);   // flow/cim_vector_ports.svh
std::string sv_tb_ports(const Record& r);       // flow/cim_tb_ports.svh

std::string cpp_limits(const Record& r);     // cim/limits.h (in the build)
std::string cpp_port_list(const Record& r);  // cim/port_list.h (in the build)

std::string shell_table(const Record& r);  // flow/params_table.sh
std::string cmake_table(const Record& r);  // cmake/opencim_params_table.cmake
std::string json_table(const Record& r);   // flow/params.json

std::string md_params(const Record& r);     // docs/macro.md, between limits markers
std::string md_port_list(const Record& r);  // docs/your-macro.md, between port-list markers

}  // namespace cim::records
