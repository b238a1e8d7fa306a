// acme_cim_pipe's sources, relative to the repository root: acme_cim's, then the stage.
-f examples/renamed/acme_cim.f
examples/pipelined/acme_cim_pipe.sv
