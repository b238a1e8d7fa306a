#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Collects make-synth reports into sweep.csv, fits how area and energy per MAC grow with ROWS
(least squares on logarithms: y = a * ROWS^k) and how the critical path grows per doubling of ROWS
(an adder tree is log2(ROWS) levels deep: t = t0 + b * log2(ROWS)), and writes summary.md and the
data files the gnuplot script plots."""

import argparse
import csv
import json
import math
import statistics
from pathlib import Path

SHAPE = ("ROWS", "COLS", "WBITS", "ABITS", "ABITS_PER_CYCLE")


def option_defaults(table):
    """The digital macro's parameters beyond the shape (SCM, CSA, ...) and their defaults, from
    the record's table for Python (flow/params.json, generated from rtl/cim_records.jsonc)."""
    params = json.loads(table.read_text())["params"]
    return {p["name"]: p["default"] for p in params
            if p["name"] not in SHAPE and "digital" in p["macros"]}


OPTIONS = option_defaults(Path(__file__).resolve().parent.parent / "flow" / "params.json")

COLUMNS = [*SHAPE, *OPTIONS, "area_um2", "area_ge", "storage_pct", "adder_pct",
           "critical_path_ns", "fmax_mhz", "cycles_per_mvm", "mvm_per_s", "power_mw", "energy_per_mvm_pj", "pj_per_mac", "tops",
           "tops_per_w", "tops_per_mm2"]


def row_of(report):
    c, a, t, e = report["config"], report["area"], report["timing"], report["efficiency"]
    return {
        **{k: c[k] for k in SHAPE},
        **{k: c.get(k, d) for k, d in OPTIONS.items()},
        "area_um2": a["total_um2"],
        "area_ge": a["total_ge"],
        "storage_pct": a["by_function"]["storage bitcells"]["percent"],
        "adder_pct": a["by_function"]["adder trees"]["percent"],
        "critical_path_ns": t["critical_path_ns"],
        "fmax_mhz": t["fmax_mhz"],
        "cycles_per_mvm": e["cycles_per_mvm"],
        "mvm_per_s": e["mvm_per_s"],
        "power_mw": report["power"]["total_mw"],
        "energy_per_mvm_pj": e["energy_per_mvm_pj"],
        "pj_per_mac": e["pj_per_mac"],
        "tops": e["tops"],
        "tops_per_w": e["tops_per_w"],
        "tops_per_mm2": e["tops_per_mm2"],
    }


def linear_fit(xs, ys):
    """Slope, intercept and R^2 of the least-squares line through (xs, ys)."""
    slope, intercept = statistics.linear_regression(xs, ys)
    r2 = statistics.correlation(xs, ys) ** 2 if len(set(ys)) > 1 else 1.0
    return slope, intercept, r2


def fit_power_law(xs, ys):
    """Exponent k and factor a of y = a * x^k, and R^2 of the log-log fit."""
    k, log_a, r2 = linear_fit([math.log(x) for x in xs], [math.log(y) for y in ys])
    return k, math.exp(log_a), r2


def fit_per_doubling(xs, ys):
    """t0 and b of y = t0 + b * log2(x), and R^2."""
    b, t0, r2 = linear_fit([math.log2(x) for x in xs], ys)
    return b, t0, r2


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True, type=Path)
    ap.add_argument("dirs", nargs="+", type=Path)
    args = ap.parse_args()
    rows = [row_of(json.loads((d / "report.json").read_text())) for d in args.dirs]

    with open(args.out / "sweep.csv", "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows)

    # The series over size and precision: the macro with every option at its default.
    plain = [r for r in rows if all(r[k] == d for k, d in OPTIONS.items())]
    rows_sweep = sorted((r for r in plain if (r["COLS"], r["WBITS"], r["ABITS"], r["ABITS_PER_CYCLE"])
                         == (16, 8, 8, 1)),
                        key=lambda r: r["ROWS"])
    xs = [r["ROWS"] for r in rows_sweep]
    fits = {}
    for key in ("area_um2", "pj_per_mac"):
        fits[key] = fit_power_law(xs, [r[key] for r in rows_sweep])
    fits["critical_path_ns"] = fit_per_doubling(xs, [r["critical_path_ns"] for r in rows_sweep])
    with open(args.out / "rows.dat", "w") as f:
        f.write("# ROWS area_um2 pj_per_mac critical_path_ns fmax_mhz storage_pct adder_pct\n")
        for r in rows_sweep:
            f.write(f"{r['ROWS']} {r['area_um2']} {r['pj_per_mac']} {r['critical_path_ns']} "
                    f"{r['fmax_mhz']} {r['storage_pct']} {r['adder_pct']}\n")
    with open(args.out / "fits.gp", "w") as f:
        for key, (k, a, _) in fits.items():
            f.write(f"k_{key} = {k}\na_{key} = {a}\n")

    lines = ["# Synthesis sweep (OSU 0.18 um)", "",
             "| ROWS | COLS | WBITS | ABITS | bits/cycle | options | area mm2 | GE | storage % |"
             " adder trees % | Fmax MHz | mW | pJ/MAC | TOPS | TOPS/W | TOPS/mm2 |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    def options(r):
        return " ".join(f"{k}={r[k]}" for k, d in OPTIONS.items() if r[k] != d) or "-"
    for r in rows:
        lines.append(f"| {r['ROWS']} | {r['COLS']} | {r['WBITS']} | {r['ABITS']} | "
                     f"{r['ABITS_PER_CYCLE']} | {options(r)} | "
                     f"{r['area_um2'] / 1e6:.3f} | {r['area_ge']:,.0f} | {r['storage_pct']:.1f} | "
                     f"{r['adder_pct']:.1f} | {r['fmax_mhz']:.1f} | {r['power_mw']:.1f} | "
                     f"{r['pj_per_mac']:.2f} | {r['tops']:.4f} | {r['tops_per_w']:.3f} | "
                     f"{r['tops_per_mm2']:.4f} |")
    lines += ["", f"Fits over ROWS = {xs} (COLS 16, 8-bit):", ""]
    for key, name in (("area_um2", "area"), ("pj_per_mac", "energy per MAC")):
        k, a, r2 = fits[key]
        lines.append(f"- {name} = {a:.4g} * ROWS^{k:.3f} (R^2 = {r2:.3f})")
    b, t0, r2 = fits["critical_path_ns"]
    lines.append(f"- critical path = {t0:.3f} ns + {b:.3f} ns * log2(ROWS) (R^2 = {r2:.3f})")
    knob = sorted((r for r in plain if (r["ROWS"], r["COLS"], r["WBITS"], r["ABITS"])
                   == (64, 16, 8, 8)), key=lambda r: r["ABITS_PER_CYCLE"])
    if len(knob) > 1 and knob[0]["ABITS_PER_CYCLE"] == 1:
        base = knob[0]
        lines += ["", "Activation bits per cycle (64x16, 8b x 8b), ratios to the bit-serial macro:", "",
                  "| bits/cycle | cycles/MVM | area x | Fmax MHz | MVM/s x | TOPS/mm2 x | pJ/MAC x |",
                  "|---|---|---|---|---|---|---|"]
        for r in knob:
            lines.append(f"| {r['ABITS_PER_CYCLE']} | {r['cycles_per_mvm']} | "
                         f"{r['area_um2'] / base['area_um2']:.2f} | {r['fmax_mhz']:.1f} | "
                         f"{r['mvm_per_s'] / base['mvm_per_s']:.2f} | "
                         f"{r['tops_per_mm2'] / base['tops_per_mm2']:.2f} | "
                         f"{r['pj_per_mac'] / base['pj_per_mac']:.2f} |")
    # The options on the default macro (64x16, 8b x 8b, bit-serial), ratios to it.
    opts = [r for r in rows if tuple(r[k] for k in SHAPE) == (64, 16, 8, 8, 1)]
    base = next((r for r in opts if options(r) == "-"), None)
    if base and len(opts) > 1:
        lines += ["", "Options on the default macro (64x16, 8b x 8b, bit-serial), ratios to it:", "",
                  "| options | GE per weight bit | area x | Fmax MHz | pJ/MAC | pJ/MAC x |",
                  "|---|---|---|---|---|---|"]
        for r in sorted(opts, key=options):
            bits = r["ROWS"] * r["COLS"] * r["WBITS"]
            lines.append(f"| {options(r)} | {r['area_ge'] / bits:.2f} | "
                         f"{r['area_um2'] / base['area_um2']:.2f} | {r['fmax_mhz']:.1f} | "
                         f"{r['pj_per_mac']:.2f} | {r['pj_per_mac'] / base['pj_per_mac']:.2f} |")
    (args.out / "summary.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
