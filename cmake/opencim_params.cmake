# SPDX-License-Identifier: Apache-2.0
# The macros' parameters as CMake reads them: the table cim_records writes from their one home,
# rtl/cim_records.jsonc (opencim_params_table.cmake, beside this file). Included by
# opencim_dut.cmake, in the kit's build and installed.
#
# opencim_read_params()            loads the table once. Sets global properties:
#     OPENCIM_PARAMS                 the names, in the record's order
#     OPENCIM_PARAM_<NAME>_<FIELD>   MACROS (a list), LO, HI, DEFAULT, NAMED, CIMSIM, MEANING
# opencim_config_values(OUT MACRO DUT_TOO WHERE FIELDS...)   FIELDS (NAME=VALUE...) checked against
#                                  the record for a macro of kind MACRO (a DUT's when DUT_TOO):
#                                  OUT is every parameter it takes as NAME=VALUE, defaults filled
#                                  in; a bad field stops the configure naming WHERE. The rules
#                                  between parameters are the RTL's to check (cim_param_check).

include_guard(GLOBAL)
# The functions below keep the policies of their definition, 3.22's wherever they are included
# from or run (-P): quoted words are never variables (a project's own variable named dut or
# digital must not change what they compare), empty list elements are kept.
cmake_policy(PUSH)
cmake_policy(VERSION 3.22)
function(opencim_read_params)
  get_property(done GLOBAL PROPERTY OPENCIM_PARAMS_READ)
  if(NOT done)
    include(${CMAKE_CURRENT_FUNCTION_LIST_DIR}/opencim_params_table.cmake)
    set_property(GLOBAL PROPERTY OPENCIM_PARAMS_READ TRUE)
  endif()
endfunction()

# opencim_param_takes(OUT NAME MACRO DUT_TOO): whether a macro of kind MACRO (digital, analog; a
# DUT's when DUT_TOO) takes parameter NAME.
function(opencim_param_takes out name macro dut_too)
  get_property(macros GLOBAL PROPERTY OPENCIM_PARAM_${name}_MACROS)
  set(takes FALSE)
  if(macro IN_LIST macros AND (NOT dut_too OR "dut" IN_LIST macros))
    set(takes TRUE)
  endif()
  set(${out} ${takes} PARENT_SCOPE)
endfunction()

function(opencim_config_values out macro dut_too where)
  opencim_read_params()
  get_property(names GLOBAL PROPERTY OPENCIM_PARAMS)
  foreach(field IN LISTS ARGN)
    if(NOT field MATCHES "^([A-Z][A-Z0-9_]*)=([0-9]+)$")
      message(FATAL_ERROR "${where}: '${field}' is not NAME=VALUE (a decimal number)")
    endif()
    set(name ${CMAKE_MATCH_1})
    set(value ${CMAKE_MATCH_2})
    if(NOT name IN_LIST names)
      list(JOIN names " " known)
      message(FATAL_ERROR "${where}: unknown parameter ${name} (rtl/cim_records.jsonc has ${known})")
    endif()
    opencim_param_takes(takes ${name} ${macro} ${dut_too})
    if(NOT takes)
      message(FATAL_ERROR "${where}: the ${macro} macro does not take ${name}")
    endif()
    get_property(lo GLOBAL PROPERTY OPENCIM_PARAM_${name}_LO)
    get_property(hi GLOBAL PROPERTY OPENCIM_PARAM_${name}_HI)
    if(value LESS lo OR value GREATER hi)
      message(FATAL_ERROR "${where}: ${name}=${value} is out of range (${lo}..${hi})")
    endif()
    if(DEFINED given_${name})
      message(FATAL_ERROR "${where}: ${name} is given twice")
    endif()
    set(given_${name} ${value})
  endforeach()
  set(values "")
  foreach(name IN LISTS names)
    opencim_param_takes(takes ${name} ${macro} ${dut_too})
    if(takes)
      get_property(value GLOBAL PROPERTY OPENCIM_PARAM_${name}_DEFAULT)
      if(DEFINED given_${name})
        set(value ${given_${name}})
      endif()
      list(APPEND values ${name}=${value})
    endif()
  endforeach()
  set(${out} "${values}" PARENT_SCOPE)
endfunction()

cmake_policy(POP)
