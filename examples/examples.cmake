# SPDX-License-Identifier: Apache-2.0
# The example DUTs (docs/your-macro.md), registered as a user registers theirs and built at one
# small size each (acme_cim with its array public too, for fault injection through its storage
# hook): acme_cim, a renamed and restructured copy of cim_macro that claims the reference
# timing, and acme_cim_pipe, the same with one more stage on the response, checked by transaction.
# Included by the top CMakeLists.txt (CIM_EXAMPLES); appends their sets to CIM_EXAMPLE_CONFIGS.
opencim_add_dut(NAME acme_cim TOP acme_cim FILELIST examples/renamed/acme_cim.f
                CHECK cycle-exact STORAGE u_array.cells_q STORAGE_MODULE cim_weight_store
                DESCRIPTION "example: a renamed, restructured cim_macro (examples/renamed)")
opencim_add_dut(NAME acme_cim_pipe TOP acme_cim_pipe FILELIST examples/pipelined/acme_cim_pipe.f
                CHECK transaction
                DESCRIPTION "example: acme_cim with one more response stage (examples/pipelined)")
# tiny_cim, a behavioral macro written from docs/your-macro.md alone (its own timing, its array at
# the top), built at 23 rows (missing rows on the port) and odd precisions.
opencim_add_dut(NAME tiny_cim TOP tiny_cim FILELIST examples/behavioral/tiny_cim.f
                CHECK transaction STORAGE weights_q STORAGE_MODULE tiny_cim
                DESCRIPTION "example: a behavioral macro with its own timing (examples/behavioral)")
list(APPEND CIM_EXAMPLE_CONFIGS "acme_cim ROWS=16 COLS=4 model storage"
                                "acme_cim_pipe ROWS=16 COLS=4 model"
                                "tiny_cim ROWS=23 COLS=3 WBITS=5 ABITS=3 model storage")
