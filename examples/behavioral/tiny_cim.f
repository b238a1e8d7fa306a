// tiny_cim's one source, relative to the repository root.
examples/behavioral/tiny_cim.sv
