#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns one make-synth run (Yosys statistics, OpenSTA timing and power) into report.json and a
human summary.txt. Fails, naming the file, when an expected figure is missing."""

import argparse
import json
import re
import sys
from pathlib import Path

NAND2_UM2 = 24.0  # OSU 0.18 um NAND2X1, the gate equivalent (GE)

# Bitcell-area model (docs/scorecard.md): our storage is flip-flops standing in for SRAM bitcells.
# A 6T cell takes about 130 F^2: Intel's 90 nm cell is 1.0 um2 (123 F^2), its 65 nm cell 0.57 um2
# (135 F^2). At F = 0.18 um that is 4.21 um2 per stored bit.
FEATURE_UM = 0.18
BITCELL_F2 = 130.0
BITCELL_UM2 = BITCELL_F2 * FEATURE_UM ** 2

# Node-scaling rule (docs/scorecard.md): classical constant-field scaling from 0.18 um / 1.8 V to
# a node of feature size L at supply V, with s = L / 0.18 um: area x s^2, delay x s, energy per
# operation x s (V / 1.8 V)^2. So TOPS/W x 1 / (s (V/1.8)^2) and TOPS/mm2 x 1 / s^3. It ignores
# that wires and SRAM stopped scaling this way below ~28 nm, so it flatters a scaled 0.18 um
# result; scaled figures are estimates, never measurements.
SUPPLY_V = 1.8
SCALE_TO = [("22 nm", 0.022, 0.8), ("12 nm", 0.012, 0.8), ("5 nm", 0.005, 0.75)]

# Area categories by module, for the top-level children of the macro; whatever a child contains
# (e.g. nothing today, a tree inside a combiner tomorrow) counts with that child. The top module's
# own cells are the control glue of cim_macro and the ADC capture and read registers of
# cim_analog_macro.
CATEGORIES = [
    ("storage bitcells", "cim_weight_store"),
    ("bitcell-adjacent multiply", "cim_bitcell_mul"),
    ("adder trees", "cim_adder_tree"),
    ("shift-add and accumulators", "cim_wbit_combine"),
    ("shift-add and accumulators", "cim_slice_combine"),
    ("shift-add and accumulators", "cim_shift_acc"),
    ("control", "cim_ctrl"),
    ("ADC capture and read registers", "cim_read_reg"),  # where it is a child of the top
]
TOPS = {"digital": ("cim_macro", "control"),
        "analog": ("cim_analog_macro", "ADC capture and read registers")}
# A DUT's (--dut-top) top-level cells, and its own modules each a category of its own.
DUT_GLUE = "top-level logic"
# Behavioral modules synthesis keeps as blackboxes: listed, never counted.
BLACKBOXES = {"cim_analog_crossbar": "analog crossbar: conductance array, 1-bit DACs and ADCs "
                                     "(behavioral model, no standard cells)"}

# The OSU liberty gives its LATCH an area of 0 (its other cells carry their LEF footprint). A
# latch's area is its LEF footprint (--lef: MACRO LATCH, SIZE 5.6 x 10 um = 56 um2), added per
# LATCH cell to what Yosys's `stat -liberty` reports.
ZERO_AREA_CELLS = ("LATCH",)


def lef_footprints(path, cells):
    """um2 of each named cell's MACRO SIZE in a LEF file."""
    sizes, macro = {}, None
    for line in path.read_text().splitlines():
        m = re.match(r"^MACRO\s+(\S+)", line)
        if m:
            macro = m.group(1)
            continue
        m = re.match(r"^\s+SIZE\s+([0-9.]+)\s+BY\s+([0-9.]+)", line)
        if m and macro in cells and macro not in sizes:
            sizes[macro] = float(m.group(1)) * float(m.group(2))
    missing = [c for c in cells if c not in sizes]
    if missing:
        fail(f"no SIZE for {', '.join(missing)} in {path}")
    return sizes


def fail(msg):
    sys.exit(f"make synth: {msg}")


def base_name(module):
    """The RTL module name in Yosys's derived names: "$paramod$<hash>\\cim_x" for several
    parameters, "$paramod\\cim_x\\W=<value>" for one."""
    parts = module.split("\\")
    return next((p for p in parts if p.startswith("cim_")), parts[-1])


def parse_hier_stat(path, footprints):
    """Per module: own area (um2, zero-area cells at their `footprints`) and instance counts of
    submodules, from `stat -liberty` text. A submodule is a cell type that has a section of its
    own (the rest are library cells)."""
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
        if m:
            modules[current]["children"][m.group(1)] = int(m.group(2))
    for name, mod in modules.items():
        if mod["area"] is None:
            fail(f"no area for module {name} in {path}")
        mod["area"] += sum(n * footprints[c] for c, n in mod["children"].items() if c in footprints)
        mod["children"] = {c: n for c, n in mod["children"].items()
                           if c in modules or base_name(c) in BLACKBOXES}
    return modules


def total_area(modules, name):
    if base_name(name) in BLACKBOXES:
        return 0.0
    mod = modules[name]
    return mod["area"] + sum(n * total_area(modules, c) for c, n in mod["children"].items())


def area_breakdown(modules, top_name, glue):
    """The top's area by function: each child in its category (a DUT's own modules each in one
    of their own), the top's own cells as `glue`."""
    tops = [n for n in modules if base_name(n) == top_name]
    if len(tops) != 1:
        fail(f"no single {top_name} module in the area statistics")
    top = tops[0]
    cats, blackboxes = {}, {}
    if glue == DUT_GLUE:
        dut_categories(modules, top, 1, cats, blackboxes, glue)
        return total_area(modules, top), cats, blackboxes
    for child, count in modules[top]["children"].items():
        if base_name(child) in BLACKBOXES:
            blackboxes[base_name(child)] = {"instances": count,
                                            "what": BLACKBOXES[base_name(child)]}
            continue
        cat = next((c for c, mod in CATEGORIES if base_name(child) == mod), None)
        if cat is None:
            fail(f"module {child} has no area category")
        cats[cat] = cats.get(cat, 0.0) + count * total_area(modules, child)
    cats[glue] = cats.get(glue, 0.0) + modules[top]["area"]
    return total_area(modules, top), cats, blackboxes


def dut_categories(modules, name, count, cats, blackboxes, own):
    """A DUT's hierarchy, walked down: a kit module (cim_weight_store, ...) anywhere counts whole
    in its category, a blackbox is listed, any other module's own cells count as that module
    (`own`: the top's as top-level logic)."""
    for child, n in modules[name]["children"].items():
        base = base_name(child)
        if base in BLACKBOXES:
            blackboxes[base] = {"instances": count * n, "what": BLACKBOXES[base]}
            continue
        cat = next((c for c, mod in CATEGORIES if base == mod), None)
        if cat is not None:
            cats[cat] = cats.get(cat, 0.0) + count * n * total_area(modules, child)
        else:
            dut_categories(modules, child, count * n, cats, blackboxes, f"{base} (module)")
    cats[own] = cats.get(own, 0.0) + count * modules[name]["area"]


def parse_flat(path, footprints):
    """The flat netlist's area (zero-area cells at their `footprints`) and its cell counts."""
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
    return float(m.group(1)) + sum(n * footprints[c] for c, n in cells.items() if c in footprints), cells


def read_sta(path, *keys):
    """Figures synth/sta.tcl wrote from OpenSTA's Tcl API (Yosys 0.23's `stat -json` has no
    areas, so the area statistics above are read from its text)."""
    try:
        figures = json.loads(path.read_text())
        return [figures[k] for k in keys]
    except (OSError, ValueError, KeyError) as e:
        fail(f"no {' and '.join(keys)} in {path}: {e}")


def crossbar_paths(drive, capture, clock_target_ns):
    """The analog macro's drive path (to the crossbar's wordline, phase and convert pins) and
    capture path (from its ADC codes to a flop): the drive path's arrival, the capture path's
    arrival plus setup (target minus slack)."""
    return {"to_crossbar_ns": drive["arrival_ns"],
            "from_crossbar_ns": clock_target_ns - capture["slack_ns"]}


def whole_analog_macro(report, activity_path, period_ns, macs, cycles_per_mvm):
    """The analog macro whole: the periphery as measured here, the array, row drive and ADCs as
    cimsim's cost model priced the activity run's MVMs (docs/analog.md), and the period rule closed
    with the model's T_array. The periphery's dynamic energy per cycle is the one measured at the
    critical path's period; its leakage runs for the closed period."""
    (e,) = read_sta(activity_path, "analog_energy")
    parts, per = e["parts"], e["per_unit_pj"]
    x = report["timing"]["crossbar"]
    t_array = parts["t_array_ns"]
    period = max(period_ns, x["to_crossbar_ns"] + t_array + x["from_crossbar_ns"])
    pw = report["power"]["groups_w"]["total"]
    periphery_pj = ((pw["internal_w"] + pw["switching_w"]) * period_ns
                    + pw["leakage_w"] * period) * 1e3 * cycles_per_mvm
    energy = {"array": per["array"], "dac": per["dac"], "adc": per["adc"], "periphery": periphery_pj}
    total_pj = sum(energy.values())
    area = {"periphery_um2": report["area"]["total_um2"], "array_um2": parts["array_um2"],
            "adcs_um2_at_32nm": parts["adcs_um2_at_32nm"]}
    area_mm2 = sum(area.values()) / 1e6
    tops = 2 * macs / (cycles_per_mvm * period) * 1e9 / 1e12
    return {
        "labels": {"periphery": "measured here (OSU 0.18 um)",
                   "array, dac, adc": "modelled: cimsim's cost model on the activity run's MVMs "
                                      "(docs/analog.md; the ADC area as published at 32 nm)"},
        "t_array_ns": t_array,
        "period_ns": period,
        "fmax_mhz": 1e3 / period,
        "energy_per_mvm_pj": {**energy, "total": total_pj},
        "adc_share": energy["adc"] / total_pj,
        "pj_per_mac": total_pj / macs,
        "area": {**area, "total_mm2": area_mm2},
        "tops": tops,
        "tops_per_w": 2 * macs / total_pj,
        "tops_per_mm2": tops / area_mm2,
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dir", required=True, type=Path)
    ap.add_argument("--lef", required=True, type=Path,
                    help="the library's LEF: the footprint of a cell the liberty gives no area")
    ap.add_argument("--macro", required=True, choices=sorted(TOPS))
    ap.add_argument("--param", action="append", required=True, metavar="NAME=VALUE",
                    help="each parameter the macro takes (rtl/cim_records.jsonc), checked by make synth")
    ap.add_argument("--clock-target-ns", required=True, type=float)
    ap.add_argument("--period-ns", required=True, type=float)
    ap.add_argument("--activity-backend", required=True)
    ap.add_argument("--netlist-mapping", required=True,
                    help="how the netlist for timing and power was mapped (synth.sh says why)")
    ap.add_argument("--dut-top", help="a device under test's top module (make synth DUT=...)")
    ap.add_argument("--cycles-per-mvm", type=float,
                    help="a DUT's cycles per MVM back to back, measured (the activity run)")
    a = ap.parse_args()
    p = {k: int(v) for k, v in (kv.split("=", 1) for kv in a.param)}
    d = a.dir
    analog = a.macro == "analog"
    top_name, glue = (a.dut_top, DUT_GLUE) if a.dut_top else TOPS[a.macro]

    footprints = lef_footprints(a.lef, ZERO_AREA_CELLS)
    modules = parse_hier_stat(d / "area_hier.txt", footprints)
    hier_total, cats, blackboxes = area_breakdown(modules, top_name, glue)
    flat_area, cells = parse_flat(d / "area_flat.txt", footprints)
    (worst,) = read_sta(d / "timing.json", "worst")
    crossbar = (crossbar_paths(*read_sta(d / "timing.json", "crossbar_drive", "crossbar_capture"),
                               a.clock_target_ns) if analog else None)
    (power,) = read_sta(d / "power.json", "power")

    f_hz = 1e9 / a.period_ns
    p_w = power["total"]["total_w"]
    macs = p["ROWS"] * p["COLS"]
    weight_bits = p.get("WSETS", 1) * macs * p["WBITS"]
    apc = p["ABITS_PER_CYCLE"]
    # The analog macro converts each activation bit in ADC_SHARE phases.
    cycles_per_mvm = -(-p["ABITS"] // apc) * (p["ADC_SHARE"] if analog else 1)
    if a.dut_top:  # its own timing, measured
        cycles_per_mvm = round(a.cycles_per_mvm, 3)
    energy_mvm_j = p_w * cycles_per_mvm / f_hz
    # Published CIM macros count 2 operations (multiply, add) per MAC at full input precision,
    # one MVM every abits cycles for bit-serial inputs: peak = 2 * ROWS * COLS * f / abits. With
    # ABITS_PER_CYCLE bits per cycle an MVM takes ceil(abits / ABITS_PER_CYCLE) cycles.
    tops = 2 * macs * f_hz / cycles_per_mvm / 1e12
    area_mm2 = flat_area / 1e6

    config = {"MACRO": a.macro, **p}
    if a.dut_top:
        config = {"TOP": a.dut_top, **config}
    scope = ("digital periphery only: the analog crossbar (array, DACs, ADCs) is a blackbox and "
             "is not counted" if analog else "whole macro")
    report = {
        "config": config,
        "library": "OSU 0.18 um (qflow-tech-osu018), typical corner, 1.8 V, 25 C",
        "scope": scope,
        "area": {
            "total_um2": flat_area,
            "total_mm2": area_mm2,
            "total_ge": flat_area / NAND2_UM2,
            # Every stored weight bit (of every weight set), as synthesized.
            **({} if analog else {
                "ge_per_weight_bit": flat_area / NAND2_UM2 / weight_bits,
                "f2_per_weight_bit": flat_area / FEATURE_UM ** 2 / weight_bits}),
            "hierarchical_total_um2": hier_total,
            "netlist_mapping": a.netlist_mapping,
            "by_function": {
                cat: {"um2": v, "ge": v / NAND2_UM2, "percent": 100 * v / hier_total}
                for cat, v in sorted(cats.items(), key=lambda kv: -kv[1])
            },
            "blackboxes_not_counted": blackboxes,
            "cells": cells,
            "latches": cells.get("LATCH", 0),
            "zero_area_cells_at_lef_footprint_um2": footprints,
        },
        "timing": {
            "clock_target_ns": a.clock_target_ns,
            "critical_path_ns": a.period_ns,
            "fmax_mhz": 1e3 / a.period_ns,
            "worst_slack_at_target_ns": worst["slack_ns"],
            "critical_path_from": worst["from"],
            "critical_path_to": worst["to"],
        },
        "power": {
            "at_mhz": f_hz / 1e6,
            "activity_source": f"cimsim --backend {a.activity_backend}: 2000 back-to-back "
                               f"{p['ABITS']}-bit MVMs, per-input-port toggle rates",
            "groups_w": power,
            "total_mw": p_w * 1e3,
            "activity_backend": a.activity_backend,
        },
        "efficiency": {
            "scope": scope,
            "ops_counting": "2 ops per MAC; peak = 2 x ROWS x COLS x f / cycles per MVM, "
                            + ("cycles per MVM measured back to back in the activity run"
                               if a.dut_top else "cycles per MVM = ceil(abits / ABITS_PER_CYCLE)"
                               + (" x ADC_SHARE" if analog else "")) +
                            f" = {cycles_per_mvm} ({p['ABITS']}b activations x {p['WBITS']}b weights)",
            "cycles_per_mvm": cycles_per_mvm,
            "mvm_per_s": f_hz / cycles_per_mvm,
            "energy_per_mvm_pj": energy_mvm_j * 1e12,
            "pj_per_mac": energy_mvm_j * 1e12 / macs,
            "tops": tops,
            "tops_per_w": tops / p_w,
            "tops_per_mm2": tops / area_mm2,
        },
    }
    if analog:
        report["timing"]["crossbar"] = {
            **crossbar,
            "rule": "the crossbar's pins are ports of the periphery, timed with zero delay; an "
                    "array that settles and converts in T ns needs a clock period of at least "
                    "max(critical path, to_crossbar_ns + T + from_crossbar_ns)",
        }
        report["power"]["crossbar_pin_activity"] = ("assumed: ADC codes 0.5 toggles per cycle "
                                                    "(an upper bound), read word 0")
        report["whole_macro"] = whole_analog_macro(report, d / "activity.json", a.period_ns, macs,
                                                   cycles_per_mvm)
    else:
        # A DUT without the kit's weight store has no storage the model can replace.
        report["bitcell_model"], report["scaled_estimates"] = bitcell_and_scaling(
            a, p, flat_area, cats.get("storage bitcells"), tops, p_w, area_mm2)
    (d / "report.json").write_text(json.dumps(report, indent=2) + "\n")

    summary = render(report, d)
    (d / "summary.txt").write_text(summary)
    print(summary, end="")


def render(report, folder):
    """The summary make synth prints, from the report alone (measuring is done by then)."""
    c, area, t, pw, eff = (report[k] for k in ("config", "area", "timing", "power", "efficiency"))
    analog = c["MACRO"] == "analog"
    flat_area, hier_total = area["total_um2"], area["hierarchical_total_um2"]
    params = " ".join(f"{k}={v}" for k, v in c.items() if k not in ("MACRO", "TOP"))
    top = c.get("TOP", TOPS[c["MACRO"]][0])
    lines = [
        f"{top} {params} on OSU 0.18 um" + (f" ({report['scope']})" if analog else ""),
        "",
        f"area        {flat_area:14,.0f} um2  {area['total_mm2']:8.3f} mm2  {area['total_ge']:12,.0f} GE "
        f"(GE: NAND2X1 = {NAND2_UM2:.0f} um2; the flattened netlist)",
        f"  by function, in percent of the hierarchical total {hier_total:,.0f} um2 "
        f"(the netlist, mapped {area['netlist_mapping']}, is "
        f"{100 * (hier_total - flat_area) / hier_total:.2f} % smaller):",
    ]
    for cat, v in area["by_function"].items():
        lines.append(f"  {cat:30s} {v['um2']:14,.0f} um2 {v['ge']:12,.0f} GE {v['percent']:6.1f} %")
    for name, b in area["blackboxes_not_counted"].items():
        lines.append(f"  {name} x{b['instances']}: blackbox, not counted ({b['what']})")
    slack = t["worst_slack_at_target_ns"]
    if "ge_per_weight_bit" in area:
        bm = report.get("bitcell_model")
        lines.append(f"per weight bit  {area['ge_per_weight_bit']:.2f} GE, "
                     f"{area['f2_per_weight_bit']:,.0f} F^2 as synthesized"
                     + (f"; {bm['f2_per_weight_bit_model']:,.0f} F^2 on the 6T model" if bm else "")
                     + f" (F = {FEATURE_UM} um)")
    lines += [
        f"latches     {area['latches']}",
        "",
        f"timing      critical path {t['critical_path_ns']:.3f} ns -> Fmax {t['fmax_mhz']:.1f} MHz, "
        + (f"VIOLATED at the {t['clock_target_ns']} ns target (slack {slack:.3f} ns)"
           if slack < 0 else f"met at the {t['clock_target_ns']} ns target")
        + f" ({t['critical_path_from']} -> {t['critical_path_to']})",
    ]
    if analog:
        x = t["crossbar"]
        lines.append(f"  crossbar    drive path {x['to_crossbar_ns']:.3f} ns to the wordlines, "
                     f"capture path {x['from_crossbar_ns']:.3f} ns from the ADC codes; "
                     f"period >= max({t['critical_path_ns']:.3f}, "
                     f"{x['to_crossbar_ns'] + x['from_crossbar_ns']:.3f} + T_array) ns")
    lines += [
        f"power       {pw['total_mw']:.3f} mW at {pw['at_mhz']:.1f} MHz "
        f"(activity from cimsim --backend {pw['activity_backend']}"
        + ("; ADC codes assumed 0.5 toggles/cycle)" if analog else ")"),
        f"energy      {eff['energy_per_mvm_pj']:.1f} pJ per {c['ABITS']}b x {c['WBITS']}b MVM, "
        f"{eff['pj_per_mac']:.3f} pJ per MAC" + (" (periphery only)" if analog else ""),
        f"throughput  {eff['tops']:.4f} TOPS peak (2 ops/MAC, one MVM per {eff['cycles_per_mvm']} "
        f"cycles), {eff['tops_per_w']:.3f} TOPS/W, {eff['tops_per_mm2']:.4f} TOPS/mm2"
        + (" (periphery only)" if analog else ""),
    ]
    if analog:
        w = report["whole_macro"]
        en, ar = w["energy_per_mvm_pj"], w["area"]
        lines += [
            "",
            "the whole macro (periphery measured; array, row drive, ADCs modelled: docs/analog.md)",
            f"  period    {w['period_ns']:.2f} ns (T_array {w['t_array_ns']:.2f} ns closes the rule) "
            f"-> {w['fmax_mhz']:.2f} MHz",
            f"  energy    {en['total']:.1f} pJ per MVM: array {en['array']:.1f}, row drive {en['dac']:.1f}, "
            f"ADCs {en['adc']:.1f}, periphery {en['periphery']:.1f} (ADC {100 * w['adc_share']:.0f} %); "
            f"{w['pj_per_mac']:.3f} pJ per MAC",
            f"  area      {ar['total_mm2']:.4f} mm2: periphery {ar['periphery_um2']:,.0f} um2, array "
            f"{ar['array_um2']:,.0f} um2, ADCs {ar['adcs_um2_at_32nm']:,.0f} um2 (as published, 32 nm)",
            f"  efficiency {w['tops']:.5f} TOPS peak, {w['tops_per_w']:.3f} TOPS/W, "
            f"{w['tops_per_mm2']:.4f} TOPS/mm2",
        ]
    if not analog:
        bm, sc = report["bitcell_model"], report["scaled_estimates"]["nodes"]
        if bm:
            lines.append(
                f"bitcells    modeled as 6T cells ({BITCELL_F2:.0f} F^2 = {BITCELL_UM2:.2f} um2/bit): "
                f"{bm['total_model_um2'] / 1e6:.3f} mm2, compute logic {bm['compute_percent_model']:.1f} % "
                f"(synthesized: {bm['compute_percent_synthesized']:.1f} %), "
                f"{bm['tops_per_mm2_model']:.4f} TOPS/mm2")
        else:
            lines.append("bitcells    not modeled: the DUT stores its weights in no cim_weight_store")
        lines += ["", "scaled ESTIMATES (classical scaling, not measured; docs/scorecard.md):"]
        for node, v in sc.items():
            lines.append(f"  {node:5s} at {v['supply_v']} V: {v['fmax_mhz']:7.0f} MHz "
                         f"{v['tops_per_w']:8.2f} TOPS/W {v['tops_per_mm2']:8.2f} TOPS/mm2"
                         + (f" ({v['tops_per_mm2_bitcell_model']:.2f} with 6T bitcells)"
                            if bm else ""))
    lines += [
        "",
        f"files       {folder}/report.json, netlist.v, yosys.log, timing.log, power.log",
    ]
    return "\n".join(lines) + "\n"


def bitcell_and_scaling(a, p, flat_area, storage_um2, tops, p_w, area_mm2):
    """The 6T bitcell-area model (none when storage_um2 is None: a DUT whose storage is its own)
    and the classical node-scaling estimates (docs/scorecard.md)."""
    if storage_um2 is None:
        bitcell_model = None
    else:
        bitcell_model = bitcell_area_model(p, flat_area, storage_um2, tops)
    scaled = {}
    for node, length_um, volts in SCALE_TO:
        sc = length_um / FEATURE_UM
        energy_factor = sc * (volts / SUPPLY_V) ** 2
        scaled[node] = {
            "supply_v": volts,
            "fmax_mhz": 1e3 / a.period_ns / sc,
            "tops_per_w": tops / p_w / energy_factor,
            "tops_per_mm2": tops / area_mm2 / sc ** 3,
            "tops_per_mm2_bitcell_model":
                bitcell_model["tops_per_mm2_model"] / sc ** 3 if bitcell_model else None,
        }
    return bitcell_model, {
        "rule": "classical constant-field scaling from 0.18 um / 1.8 V: area x s^2, delay x s, "
                "energy/op x s (V/1.8)^2, s = L / 0.18 um; ESTIMATES, NOT MEASURED",
        "nodes": scaled,
    }


def bitcell_area_model(p, flat_area, storage_um2, tops):
    """Storage replaced by WSETS x ROWS x COLS x WBITS 6T cells, the rest as synthesized."""
    model_storage_um2 = p.get("WSETS", 1) * p["ROWS"] * p["COLS"] * p["WBITS"] * BITCELL_UM2
    model_total_um2 = flat_area - storage_um2 + model_storage_um2
    weight_bits = p.get("WSETS", 1) * p["ROWS"] * p["COLS"] * p["WBITS"]
    bitcell_model = {
        "rule": f"storage replaced by WSETS x ROWS x COLS x WBITS 6T bitcells of {BITCELL_F2:.0f} F^2 "
                f"= {BITCELL_UM2:.2f} um2 at {FEATURE_UM} um; the rest as synthesized",
        "bitcell_um2": BITCELL_UM2,
        "storage_synthesized_um2": storage_um2,
        "storage_model_um2": model_storage_um2,
        "total_model_um2": model_total_um2,
        "compute_percent_synthesized": 100 * (flat_area - storage_um2) / flat_area,
        "compute_percent_model": 100 * (model_total_um2 - model_storage_um2) / model_total_um2,
        "tops_per_mm2_model": tops / (model_total_um2 / 1e6),
        "f2_per_weight_bit_model": model_total_um2 / FEATURE_UM ** 2 / weight_bits,
    }
    return bitcell_model


if __name__ == "__main__":
    main()
