#!/usr/bin/env python3
"""Turns one make-synth run (Yosys statistics, OpenSTA timing and power) into report.json and a
human summary.txt. Fails, naming the file, when an expected figure is missing."""

import argparse
import json
import re
import sys
from pathlib import Path

NAND2_UM2 = 24.0  # OSU 0.18 um NAND2X1, the gate equivalent (GE)

# Area categories by module, for the top-level children of cim_macro; whatever a child contains
# (e.g. nothing today, a tree inside a combiner tomorrow) counts with that child.
CATEGORIES = [
    ("storage bitcells", "cim_weight_store"),
    ("bitcell-adjacent multiply", "cim_bitcell_mul"),
    ("adder trees", "cim_adder_tree"),
    ("shift-add and accumulators", "cim_wbit_combine"),
    ("shift-add and accumulators", "cim_shift_acc"),
    ("control", "cim_ctrl"),
]


def fail(msg):
    sys.exit(f"make synth: {msg}")


def base_name(module):
    return module.split("\\")[-1]


def parse_hier_stat(path):
    """Per module: own area (um2) and instance counts of submodules, from `stat -liberty` text."""
    modules, current = {}, None
    for line in path.read_text().splitlines():
        m = re.match(r"^=== (.+) ===$", line.strip())
        if m:
            current = m.group(1)
            if current == "design hierarchy":
                current = None
            else:
                modules[current] = {"area": None, "children": {}}
            continue
        if current is None:
            continue
        m = re.match(r"^\s+Chip area for module '(.+)': ([0-9.]+)$", line)
        if m:
            modules[current]["area"] = float(m.group(2))
            continue
        m = re.match(r"^\s+(\S+)\s+([0-9]+)$", line)
        if m and ("cim_" in m.group(1)):
            modules[current]["children"][m.group(1)] = int(m.group(2))
    for name, mod in modules.items():
        if mod["area"] is None:
            fail(f"no area for module {name} in {path}")
    return modules


def total_area(modules, name):
    mod = modules[name]
    return mod["area"] + sum(n * total_area(modules, c) for c, n in mod["children"].items())


def area_breakdown(modules):
    tops = [n for n in modules if base_name(n) == "cim_macro"]
    if len(tops) != 1:
        fail("no single cim_macro module in the area statistics")
    top = tops[0]
    cats = {}
    for child, count in modules[top]["children"].items():
        cat = next((c for c, mod in CATEGORIES if base_name(child) == mod), None)
        if cat is None:
            fail(f"module {child} has no area category")
        cats[cat] = cats.get(cat, 0.0) + count * total_area(modules, child)
    cats["control"] = cats.get("control", 0.0) + modules[top]["area"]  # top-level glue
    return total_area(modules, top), cats


def parse_flat(path):
    text = path.read_text()
    m = re.search(r"Chip area for module '.*': ([0-9.]+)", text)
    if not m:
        fail(f"no chip area in {path}")
    cells = {}
    in_cells = False
    for line in text.splitlines():
        if re.match(r"^\s+Number of cells:", line):
            in_cells = True
            continue
        mm = re.match(r"^\s+([A-Z][A-Z0-9]*)\s+([0-9]+)$", line)
        if in_cells and mm:
            cells[mm.group(1)] = int(mm.group(2))
    return float(m.group(1)), cells


def parse_timing(path):
    text = path.read_text()
    slacks = [float(x) for x in re.findall(r"^\s*(-?[0-9.]+)\s+slack \((?:MET|VIOLATED)\)", text, re.M)]
    if not slacks:
        fail(f"no setup slack in {path}")
    # The first reported path is the worst setup path of the clock group.
    start = re.search(r"Startpoint: (\S+)", text)
    end = re.search(r"Endpoint: (\S+)", text)
    arrival = re.search(r"(-?[0-9.]+)\s+data arrival time", text)
    return {
        "worst_slack_ns": min(slacks),
        "startpoint": start.group(1) if start else "",
        "endpoint": end.group(1) if end else "",
        "arrival_ns": float(arrival.group(1)) if arrival else None,
    }


def parse_power(path):
    groups = {}
    for line in path.read_text().splitlines():
        m = re.match(r"^(Sequential|Combinational|Macro|Pad|Total)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)", line)
        if m:
            groups[m.group(1).lower()] = {
                "internal_w": float(m.group(2)),
                "switching_w": float(m.group(3)),
                "leakage_w": float(m.group(4)),
                "total_w": float(m.group(5)),
            }
    if "total" not in groups:
        fail(f"no total power in {path}")
    return groups


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True, type=Path)
    for p in ("rows", "cols", "wbits", "abits"):
        ap.add_argument(f"--{p}", required=True, type=int)
    ap.add_argument("--clock-target-ns", required=True, type=float)
    ap.add_argument("--period-ns", required=True, type=float)
    ap.add_argument("--activity-backend", required=True)
    a = ap.parse_args()
    d = a.dir

    modules = parse_hier_stat(d / "area_hier.txt")
    hier_total, cats = area_breakdown(modules)
    flat_area, cells = parse_flat(d / "area_flat.txt")
    timing = parse_timing(d / "timing.log")
    power = parse_power(d / "power.log")

    f_hz = 1e9 / a.period_ns
    p_w = power["total"]["total_w"]
    macs = a.rows * a.cols
    cycles_per_mvm = a.abits
    energy_mvm_j = p_w * cycles_per_mvm / f_hz
    # Published CIM macros count 2 operations (multiply, add) per MAC at full input precision,
    # one MVM every abits cycles for bit-serial inputs: peak = 2 * ROWS * COLS * f / abits.
    tops = 2 * macs * f_hz / cycles_per_mvm / 1e12
    area_mm2 = flat_area / 1e6

    report = {
        "config": {"ROWS": a.rows, "COLS": a.cols, "WBITS": a.wbits, "ABITS": a.abits},
        "library": "OSU 0.18 um (qflow-tech-osu018), typical corner, 1.8 V, 25 C",
        "area": {
            "total_um2": flat_area,
            "total_mm2": area_mm2,
            "total_ge": flat_area / NAND2_UM2,
            "hierarchical_total_um2": hier_total,
            "by_function": {
                cat: {"um2": v, "ge": v / NAND2_UM2, "percent": 100 * v / hier_total}
                for cat, v in sorted(cats.items(), key=lambda kv: -kv[1])
            },
            "cells": cells,
            "latches": cells.get("LATCH", 0),
        },
        "timing": {
            "clock_target_ns": a.clock_target_ns,
            "critical_path_ns": a.period_ns,
            "fmax_mhz": 1e3 / a.period_ns,
            "worst_slack_at_target_ns": timing["worst_slack_ns"],
            "critical_path_from": timing["startpoint"],
            "critical_path_to": timing["endpoint"],
        },
        "power": {
            "at_mhz": f_hz / 1e6,
            "activity_source": f"cimsim --backend {a.activity_backend}: 2000 back-to-back "
                               f"{a.abits}-bit MVMs, per-input-port toggle rates",
            "groups_w": power,
            "total_mw": p_w * 1e3,
        },
        "efficiency": {
            "ops_counting": "2 ops per MAC; peak = 2 x ROWS x COLS x f / abits "
                            f"({a.abits}b activations x {a.wbits}b weights)",
            "energy_per_mvm_pj": energy_mvm_j * 1e12,
            "pj_per_mac": energy_mvm_j * 1e12 / macs,
            "tops": tops,
            "tops_per_w": tops / p_w,
            "tops_per_mm2": tops / area_mm2,
        },
    }
    (d / "report.json").write_text(json.dumps(report, indent=2) + "\n")

    lines = [
        f"cim_macro ROWS={a.rows} COLS={a.cols} WBITS={a.wbits} ABITS={a.abits} on OSU 0.18 um",
        "",
        f"area        {flat_area:14,.0f} um2  {area_mm2:8.3f} mm2  {flat_area / NAND2_UM2:12,.0f} GE "
        f"(GE: NAND2X1 = {NAND2_UM2:.0f} um2)",
    ]
    for cat, v in report["area"]["by_function"].items():
        lines.append(f"  {cat:28s} {v['um2']:14,.0f} um2 {v['ge']:12,.0f} GE {v['percent']:6.1f} %")
    lines += [
        f"latches     {cells.get('LATCH', 0)}",
        "",
        f"timing      critical path {a.period_ns:.3f} ns -> Fmax {1e3 / a.period_ns:.1f} MHz "
        f"(ABC target {a.clock_target_ns} ns; {timing['startpoint']} -> {timing['endpoint']})",
        f"power       {p_w * 1e3:.3f} mW at {f_hz / 1e6:.1f} MHz "
        f"(activity from cimsim --backend {a.activity_backend})",
        f"energy      {energy_mvm_j * 1e12:.1f} pJ per {a.abits}b x {a.wbits}b MVM, "
        f"{energy_mvm_j * 1e12 / macs:.3f} pJ per MAC",
        f"throughput  {tops:.4f} TOPS peak (2 ops/MAC, one MVM per {a.abits} cycles), "
        f"{tops / p_w:.3f} TOPS/W, {tops / area_mm2:.4f} TOPS/mm2",
        "",
        f"files       {d}/report.json, netlist.v, yosys.log, timing.log, power.log",
    ]
    (d / "summary.txt").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
