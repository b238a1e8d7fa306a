# SPDX-License-Identifier: Apache-2.0
# The device under test as a parameter: opencim_add_dut() registers a macro's RTL (the kit's own two
# and any user's), opencim_add_model() Verilates one parameter set of it, and
# opencim_write_model_table() writes the table the C++ registry (harness/backend.h) reads.
# docs/your-macro.md says what a DUT must provide.
#
# opencim_add_dut(NAME name TOP module FILELIST file
#                 [BASE dir]                 relative paths in the filelist are from here (default:
#                                            the calling CMakeLists.txt's folder)
#                 [MACRO digital|analog]     which golden model it answers to (default digital)
#                 [CHECK cycle-exact|transaction]  the check it claims (default transaction)
#                 [STORAGE [instance.]var]   its bitcell array, below the top (fault injection)
#                 [STORAGE_MODULE module]    the module declaring that variable
#                 [VERILATOR_ARGS args...]   waivers and defines for its own RTL
#                 [OWN_PORT_CHECKS]          its RTL includes rtl/cim_macro_checks.svh and
#                                            cim_handshake_checks.svh (the kit's macros, the latter
#                                            in cim_ctrl); otherwise rtl/cim_port_checks.sv is bound
#                 [DESCRIPTION text])
# opencim_add_model(DUT VARIANT [NAME=VALUE...])   one parameter set of the DUT (rtl/cim_records.jsonc
#                           names them; one not given takes its default), VARIANT plain, x-unique,
#                           storage, or plain+storage: one storage build that serves as the plain
#                           one too (its array public, otherwise the same model; half the compile,
#                           for sets where the plain model's speed does not matter)
# opencim_finish_models()   after the last model: the model table, the Verilated adapter and the
#                           verification environment, as the libraries cim_models and cim_env
#
# The same file serves the kit's own build and, installed (share/opencim/cmake/), a project that
# verifies its DUT through find_package(opencim): OPENCIM_ROOT is the folder above it either way.
#
# A filelist is Verilator's -f, reduced (flow/filelist.sh reads it): one source file a line,
# `+incdir+DIR` for an include folder, `//` or `#` comments; relative paths are from BASE (for
# make DUT=..., where make runs).

get_filename_component(OPENCIM_ROOT "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
include(${CMAKE_CURRENT_LIST_DIR}/opencim_params.cmake)
# The build's model settings, when the including project has not set them (the kit's CMakeLists
# sets them for its coverage and fuzz builds).
if(NOT DEFINED CIM_OPT_FAST)
  set(CIM_OPT_FAST -O2)
endif()

# opencim_read_filelist(FILE BASE SOURCES_VAR INCDIRS_VAR): the filelist's sources and include
# folders as absolute paths, read by flow/filelist.sh (the format's one reader); a missing file or an
# unknown option stops the configure naming it.
function(opencim_read_filelist file base sources_var incdirs_var)
  execute_process(COMMAND ${OPENCIM_ROOT}/flow/filelist.sh "${file}" "${base}"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(STRIP "${err}" err)
    message(FATAL_ERROR "${err}")
  endif()
  string(REGEX MATCHALL "source [^\n]+" sources "${out}")
  string(REGEX MATCHALL "incdir [^\n]+" incdirs "${out}")
  # A list read through -f changes the DUT as its own does: a configure dependency too.
  string(REGEX MATCHALL "filelist [^\n]+" nested "${out}")
  list(TRANSFORM nested REPLACE "^filelist " "")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${nested})
  list(TRANSFORM sources REPLACE "^source " "")
  list(TRANSFORM incdirs REPLACE "^incdir " "")
  set(${sources_var} "${sources}" PARENT_SCOPE)
  set(${incdirs_var} "${incdirs}" PARENT_SCOPE)
endfunction()

# opencim_dut_choice(KEY DEFAULT OTHER...): opencim_add_dut's D_KEY, DEFAULT when not given, one
# of the choices or a stop naming them.
function(opencim_dut_choice key)
  set(choices ${ARGN})
  list(GET choices 0 default)
  if(NOT D_${key})
    set(D_${key} ${default} PARENT_SCOPE)
  elseif(NOT D_${key} IN_LIST choices)
    list(JOIN choices " or " text)
    message(FATAL_ERROR "opencim_add_dut(${D_NAME}): ${key} '${D_${key}}' is not ${text}")
  endif()
endfunction()

function(opencim_add_dut)
  cmake_parse_arguments(D "OWN_PORT_CHECKS" "NAME;TOP;FILELIST;BASE;MACRO;CHECK;STORAGE;STORAGE_MODULE;DESCRIPTION"
                        "VERILATOR_ARGS" ${ARGN})
  foreach(key NAME TOP FILELIST)
    if(NOT D_${key})
      message(FATAL_ERROR "opencim_add_dut: ${key} is required")
    endif()
  endforeach()
  if(NOT D_NAME MATCHES "^[a-z][a-z0-9_]*$")
    message(FATAL_ERROR "opencim_add_dut: NAME '${D_NAME}' must be lower case letters, digits and _, starting with a letter")
  endif()
  if(D_NAME STREQUAL "golden" OR D_NAME STREQUAL "analog_golden")
    message(FATAL_ERROR "opencim_add_dut: NAME '${D_NAME}' is a golden model's")
  endif()
  get_property(known GLOBAL PROPERTY OPENCIM_DUTS)
  if(D_NAME IN_LIST known)
    message(FATAL_ERROR "opencim_add_dut: a DUT named '${D_NAME}' is registered already")
  endif()
  if(NOT D_TOP MATCHES "^[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "opencim_add_dut(${D_NAME}): TOP '${D_TOP}' is not a module name")
  endif()
  opencim_dut_choice(MACRO digital analog)
  opencim_dut_choice(CHECK transaction cycle-exact)
  if(D_STORAGE AND NOT D_STORAGE MATCHES "^([A-Za-z_][A-Za-z0-9_.]*\\.)?[A-Za-z_][A-Za-z0-9_]*$")
    message(FATAL_ERROR "opencim_add_dut(${D_NAME}): STORAGE '${D_STORAGE}' is not [INSTANCE.]VARIABLE (e.g. u_store.cells_q)")
  endif()
  if(D_STORAGE AND NOT D_STORAGE_MODULE)
    message(FATAL_ERROR "opencim_add_dut(${D_NAME}): STORAGE needs STORAGE_MODULE, the module that declares it")
  endif()
  if(NOT D_BASE)
    set(D_BASE ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  get_filename_component(filelist "${D_FILELIST}" ABSOLUTE BASE_DIR "${D_BASE}")
  opencim_read_filelist("${filelist}" "${D_BASE}" sources incdirs)
  opencim_kit_layer(kit)
  if(NOT D_DESCRIPTION)
    set(D_DESCRIPTION "${D_TOP} from ${filelist}")
  endif()
  set_property(GLOBAL APPEND PROPERTY OPENCIM_DUTS ${D_NAME})
  if(D_OWN_PORT_CHECKS)  # the kit's own macros: their headers are rtl/'s
    list(APPEND incdirs ${OPENCIM_ROOT}/rtl)
  else()
    # The kit layer's package (its checks use it) first, its port checks bound to the DUT's top;
    # the DUT's own include folders are searched before the layer's.
    set(top ${D_TOP})
    configure_file(${OPENCIM_ROOT}/flow/dut/cim_port_checks_bind.sv.in
                   ${CMAKE_CURRENT_BINARY_DIR}/generated/${D_NAME}_port_checks_bind.sv @ONLY)
    list(PREPEND sources ${kit}/opencim_pkg.sv)
    list(APPEND sources ${kit}/opencim_port_checks.sv
                        ${CMAKE_CURRENT_BINARY_DIR}/generated/${D_NAME}_port_checks_bind.sv)
    list(APPEND incdirs ${kit})
  endif()
  foreach(key TOP MACRO CHECK STORAGE STORAGE_MODULE DESCRIPTION VERILATOR_ARGS)
    set_property(GLOBAL PROPERTY OPENCIM_DUT_${D_NAME}_${key} "${D_${key}}")
  endforeach()
  set_property(GLOBAL PROPERTY OPENCIM_DUT_${D_NAME}_FILELIST "${filelist}")
  set_property(GLOBAL PROPERTY OPENCIM_DUT_${D_NAME}_SOURCES "${sources}")
  set_property(GLOBAL PROPERTY OPENCIM_DUT_${D_NAME}_INCDIRS "${incdirs}")
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${filelist}")
  # The model table lists every DUT, with or without models in this build.
  string(REPLACE "\"" "\\\"" description "${D_DESCRIPTION}")
  if(D_CHECK STREQUAL cycle-exact)
    set(check kCycleExact)
  else()
    set(check kTransaction)
  endif()
  if(D_MACRO STREQUAL analog)
    set(kind kAnalog)
  else()
    set(kind kDigital)
  endif()
  set(storage_scope "")
  set(storage_var "")
  if(D_STORAGE MATCHES "^(.*)\\.([^.]*)$")  # INSTANCE.VARIABLE; a VARIABLE alone is the top's
    set(storage_scope "${CMAKE_MATCH_1}")
    set(storage_var "${CMAKE_MATCH_2}")
  elseif(D_STORAGE)
    set(storage_var "${D_STORAGE}")
  endif()
  set_property(GLOBAL APPEND_STRING PROPERTY OPENCIM_DUT_ENTRIES
    "    {\"${D_NAME}\", \"${D_TOP}\", MacroKind::${kind}, CheckMode::${check}, \"${storage_scope}\", \"${storage_var}\", \"${description}\"},\n")
  opencim_check_dut_ports(${D_NAME})
endfunction()

# The kit layer (flow/kit_layer.sh): what the kit compiles next to a DUT, in a namespace of its
# own, written once a configure into generated/kit; OUT_VAR names that folder. Its sources make a
# change re-run the configure.
function(opencim_kit_layer out_var)
  set(dir ${CMAKE_CURRENT_BINARY_DIR}/generated/kit)
  get_property(written GLOBAL PROPERTY OPENCIM_KIT_LAYER_WRITTEN)
  if(NOT written)
    execute_process(COMMAND ${OPENCIM_ROOT}/flow/kit_layer.sh ${dir}
                    RESULT_VARIABLE rc OUTPUT_VARIABLE inputs ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "flow/kit_layer.sh: ${err}")
    endif()
    string(REPLACE "\n" ";" inputs "${inputs}")
    list(FILTER inputs EXCLUDE REGEX "^$")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${inputs})
    set_property(GLOBAL PROPERTY OPENCIM_KIT_LAYER_WRITTEN TRUE)
  endif()
  set(${out_var} ${dir} PARENT_SCOPE)
endfunction()

# Every port and parameter the kit drives, present on the DUT's top: checked at configure time
# (flow/dut_ports.sh: Verilator on a wrapper that connects each by name), so a missing one, or a
# top no source declares, is named before anything is built.
# opencim_get_dut(NAME): what opencim_add_dut registered for NAME, as top, macro, sources,
# incdirs, vargs (its VERILATOR_ARGS), storage and storage_module in the caller's scope.
macro(opencim_get_dut name)
  foreach(key IN ITEMS TOP MACRO SOURCES INCDIRS STORAGE STORAGE_MODULE)
    string(TOLOWER ${key} var)
    get_property(${var} GLOBAL PROPERTY OPENCIM_DUT_${name}_${key})
  endforeach()
  get_property(vargs GLOBAL PROPERTY OPENCIM_DUT_${name}_VERILATOR_ARGS)
endmacro()

function(opencim_check_dut_ports name)
  opencim_get_dut(${name})
  opencim_kit_layer(kit)
  set(args -I${kit})  # the configure check's wrapper is the layer's, for every DUT
  foreach(dir IN LISTS incdirs)
    list(APPEND args -I${dir})
  endforeach()
  execute_process(
    COMMAND ${OPENCIM_ROOT}/flow/dut_ports.sh ${kit} ${top} ${macro} ${storage} -- ${args} ${vargs}
            ${sources}
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  if(NOT rc EQUAL 0)
    string(STRIP "${out}" out)
    message(FATAL_ERROR "DUT ${name}: ${out}")
  endif()
endfunction()

# One Verilated model of a DUT, named V<top>_<config> like Params::name() / AnalogConfig::name();
# VARIANT is plain, x-unique, storage or plain+storage (ModelVariant: the last serves two). Appends
# its entry to the model table.
function(opencim_add_model dut variant)
  opencim_get_dut(${dut})
  if(NOT top)
    message(FATAL_ERROR "opencim_add_model: no DUT named '${dut}' (opencim_add_dut first)")
  endif()
  # The kit's macros take every parameter of their kind; another DUT those that shape the ports.
  set(dut_too TRUE)
  if(top MATCHES "^(cim_macro|cim_analog_macro)$")
    set(dut_too FALSE)
  endif()
  opencim_config_values(values ${macro} ${dut_too} "a ${dut} parameter set (${ARGN})" ${ARGN})
  # The name carries every parameter the DUT takes, -G sets each; the C++ entry is every field,
  # at its default where the DUT does not take it.
  set(name "")
  set(args "")
  set(fields "")
  set(analog_fields "")
  get_property(params GLOBAL PROPERTY OPENCIM_PARAMS)
  foreach(param IN LISTS params)
    get_property(number GLOBAL PROPERTY OPENCIM_PARAM_${param}_DEFAULT)
    get_property(macros GLOBAL PROPERTY OPENCIM_PARAM_${param}_MACROS)
    set(value ${values})
    list(FILTER value INCLUDE REGEX "^${param}=")
    if(value)
      get_property(tag GLOBAL PROPERTY OPENCIM_PARAM_${param}_NAMED)
      string(REGEX MATCH "[0-9]+$" given ${value})
      if(NOT tag MATCHES "[?]$" OR NOT given EQUAL number)
        string(REPLACE "?" "" tag ${tag})
        list(APPEND name ${tag}${given})
      endif()
      set(number ${given})
      list(APPEND args -G${value})
    endif()
    if(macros MATCHES "(^|;)digital(;|$)")
      list(APPEND fields ${number})
    else()
      list(APPEND analog_fields ${number})
    endif()
  endforeach()
  list(JOIN name _ name)
  list(JOIN fields ", " fields)
  list(JOIN analog_fields ", " analog_fields)
  if(macro MATCHES "^analog$")
    set(entry "MacroKind::kAnalog, Params{${fields}}, AnalogParams{${analog_fields}}")
  else()
    set(entry "MacroKind::kDigital, Params{${fields}}, AnalogParams{}")
  endif()
  set(vlt ${OPENCIM_ROOT}/harness/verilated/trace.vlt)
  set(variant_enum "ModelVariant::kPlain")
  if(NOT variant MATCHES "^(plain|x-unique|storage|plain[+]storage)$")
    message(FATAL_ERROR "opencim_add_model: variant '${variant}' is none of plain, x-unique, storage, plain+storage")
  endif()
  if(variant STREQUAL "x-unique")
    string(APPEND name _xu)
    list(APPEND args --x-assign unique --x-initial unique)
    set(variant_enum "ModelVariant::kXUnique")
  elseif(variant MATCHES "storage")
    if(NOT storage)
      message(FATAL_ERROR "DUT ${dut}: a storage build needs STORAGE (its bitcell array)")
    endif()
    string(APPEND name _st)
    # The array public, for fault injection (harness/storage.h); written from the DUT's
    # STORAGE, so the one vlt serves every DUT. Its name carries what it says: Verilator reruns at
    # configure time only when its command line changes, and a rerun at build time that renames
    # the generated files would leave the model's source list stale.
    string(REGEX MATCH "[^.]*$" var "${storage}")
    set(public ${CMAKE_CURRENT_BINARY_DIR}/generated/${dut}_public_${storage_module}_${var}.vlt)
    configure_file(${OPENCIM_ROOT}/harness/verilated/public.vlt.in ${public} @ONLY)
    list(APPEND vlt ${public})
    set(variant_enum "ModelVariant::kStorageAccess")
    if(variant STREQUAL "plain+storage")
      string(PREPEND variant_enum "ModelVariant::kPlain, ")
    endif()
  endif()
  set(prefix V${top}_${name})
  if(NOT TARGET cim_models)  # the library every model is linked into (opencim_finish_models)
    add_library(cim_models STATIC)
    target_link_libraries(cim_models PUBLIC cim_golden cim_harness Threads::Threads)
    target_include_directories(cim_models PRIVATE ${OPENCIM_ROOT}/harness/verilated)
  endif()
  get_property(includes GLOBAL PROPERTY OPENCIM_MODEL_INCLUDES)
  if(includes MATCHES "\"${prefix}.h\"")
    return()  # listed twice (an extra set that flow/configs.txt already has)
  endif()
  set(incargs ${incdirs})  # the DUT's own, then the kit's (rtl/ or the kit layer)
  # Each model its own object library, linked into cim_models: a model added to the build compiles
  # its own code and the model table, not every other model again (its include folder would be
  # on every cim_models compile line).
  add_library(${prefix} OBJECT)
  verilate(${prefix}
    PREFIX ${prefix}
    TOP_MODULE ${top}
    SOURCES ${vlt} ${sources}
    INCLUDE_DIRS ${incargs}
    DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/verilated/${prefix}
    TRACE_FST
    ${CIM_COVERAGE_KEYWORD}
    # --reloop-limit: Verilator 5.006 loses the declaration of a loop it forms over a wide copy
    # (the $stable of a wide request port) when it splits the function ('__Vilp' not declared).
    VERILATOR_ARGS --assert --reloop-limit 1000000 ${args} ${CIM_COVERAGE_ARGS} ${vargs}
    OPT_FAST ${CIM_OPT_FAST}
    # Constructors and trace declarations run once: compile time is what counts (-O1, not -O0:
    # the shared precompiled header below is valid only for an optimizing compile).
    OPT_SLOW -O1)
  # verilate() adds the Verilator runtime (verilated.cpp, the FST writer, ...) to every model:
  # it is compiled once, in cim_verilator_runtime.
  get_target_property(model_sources ${prefix} SOURCES)
  set(runtime_sources ${model_sources})
  list(FILTER runtime_sources INCLUDE REGEX "^${VERILATOR_ROOT}/include/")
  list(FILTER model_sources EXCLUDE REGEX "^${VERILATOR_ROOT}/include/")
  set_property(TARGET ${prefix} PROPERTY SOURCES "${model_sources}")
  if(NOT TARGET cim_verilator_runtime)
    add_library(cim_verilator_runtime OBJECT ${runtime_sources})
    target_include_directories(cim_verilator_runtime PUBLIC ${VERILATOR_ROOT}/include
                                                            ${VERILATOR_ROOT}/include/vltstd)
    target_compile_definitions(cim_verilator_runtime PRIVATE ${OPENCIM_VM_DEFINES})
    target_link_libraries(cim_verilator_runtime PUBLIC ${VERILATOR_MT_CFLAGS})
    opencim_route_verilator_messages(cim_verilator_runtime)
    target_link_libraries(cim_models PRIVATE cim_verilator_runtime)
  endif()
  opencim_share_verilated_pch(${prefix})
  target_link_libraries(cim_models PRIVATE ${prefix})
  set_property(GLOBAL APPEND_STRING PROPERTY OPENCIM_MODEL_INCLUDES "#include \"${prefix}.h\"\n")
  set_property(GLOBAL APPEND_STRING PROPERTY OPENCIM_MODEL_ENTRIES
    "    {\"${dut}\", ${entry}, {${variant_enum}}, &make<${prefix}>},\n")
endfunction()

# What verilate() defines for the Verilated code of this build (the runtime and the model table
# see the same).
set(OPENCIM_VM_DEFINES VM_COVERAGE=$<BOOL:${CIM_COVERAGE}> VM_SC=0 VM_TRACE=1 VM_TRACE_VCD=0
                       VM_TRACE_FST=1)

# Verilator's messages through cim_verilator_printf (harness/verilated/verilator_print.h says why):
# for the runtime, the models and the code around them.
function(opencim_route_verilator_messages target)
  target_compile_definitions(${target} PRIVATE VL_PRINTF=cim_verilator_printf)
  target_compile_options(${target} PRIVATE -include ${OPENCIM_ROOT}/harness/verilated/verilator_print.h)
endfunction()

# Every model's files start with Verilator's headers (and the message routing), parsed once into a
# precompiled header all the models share (harness/verilated/verilated_pch.h): that halves the
# compile time of a clean build's models. -Winvalid-pch says so if the compiler passes it over.
function(opencim_share_verilated_pch target)
  if(NOT TARGET cim_verilated_pch)
    set(empty ${CMAKE_CURRENT_BINARY_DIR}/generated/verilated_pch.cc)
    file(CONFIGURE OUTPUT ${empty} CONTENT "// the precompiled header's own target: no code\n")
    add_library(cim_verilated_pch OBJECT ${empty})
    target_include_directories(cim_verilated_pch PRIVATE ${OPENCIM_ROOT}/harness/verilated
                               ${VERILATOR_ROOT}/include ${VERILATOR_ROOT}/include/vltstd)
    target_compile_definitions(cim_verilated_pch PRIVATE ${OPENCIM_VM_DEFINES}
                                                         VL_PRINTF=cim_verilator_printf)
    target_precompile_headers(cim_verilated_pch PRIVATE
                              ${OPENCIM_ROOT}/harness/verilated/verilated_pch.h)
  endif()
  target_compile_definitions(${target} PRIVATE VL_PRINTF=cim_verilator_printf)
  target_include_directories(${target} PRIVATE ${OPENCIM_ROOT}/harness/verilated)
  target_precompile_headers(${target} REUSE_FROM cim_verilated_pch)
  target_compile_options(${target} PRIVATE -Winvalid-pch)
endfunction()

# The model table (harness/verilated/models.cc.in: every DUT and every model), the Verilated
# adapter around it (cim_models) and the verification environment on it (cim_env).
function(opencim_finish_models)
  get_property(CIM_DUT_ENTRIES GLOBAL PROPERTY OPENCIM_DUT_ENTRIES)
  get_property(CIM_MODEL_INCLUDES GLOBAL PROPERTY OPENCIM_MODEL_INCLUDES)
  get_property(CIM_MODEL_ENTRIES GLOBAL PROPERTY OPENCIM_MODEL_ENTRIES)
  set(table ${CMAKE_CURRENT_BINARY_DIR}/generated/models.cc)
  configure_file(${OPENCIM_ROOT}/harness/verilated/models.cc.in ${table} @ONLY)
  set(adapter ${OPENCIM_ROOT}/harness/verilated)
  target_sources(cim_models PRIVATE ${table} ${OPENCIM_ROOT}/harness/backend.cc
                                    ${OPENCIM_ROOT}/harness/kinds/analog.cc
                                    ${OPENCIM_ROOT}/harness/kinds/digital.cc
                                    ${adapter}/verilator_print.cc)
  if(CIM_COVERAGE)
    target_sources(cim_models PRIVATE ${adapter}/coverage_sink.cc)
    target_compile_definitions(cim_models PUBLIC CIM_COVERAGE=1
                               PRIVATE CIM_COVERAGE_DIR="${CMAKE_CURRENT_BINARY_DIR}/coverage/dat")
  endif()
  # Private: above the registry (harness/backend.h) nothing sees Verilator's headers.
  target_include_directories(cim_models PRIVATE ${VERILATOR_ROOT}/include
                                                ${VERILATOR_ROOT}/include/vltstd)
  target_compile_definitions(cim_models PRIVATE ${OPENCIM_VM_DEFINES})
  opencim_route_verilator_messages(cim_models)
  add_library(cim_env ${OPENCIM_ROOT}/harness/environment.cc)
  target_include_directories(cim_env PUBLIC ${OPENCIM_ROOT}/harness)
  target_link_libraries(cim_env PUBLIC cim_models)
  target_compile_options(cim_env PRIVATE -Wall -Wextra)
endfunction()
