#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""make pareto's report: the runs of experiments/pareto.sh's sweeps (one CSV per CELL_BITS, ADC_SHARE and
ADC range) and the digital macro's run (cimsim net --json) into the plot's data (gnuplot,
experiments/pareto.gp), the Pareto front, every point (points.csv) and the tables of the lowest ADC
resolution that keeps each configuration within a point of float (lowest_adc_bits.md, the
perceptron; cnn_lowest_adc_bits.md, the CNN).
Usage: experiments/pareto.py DIR DIGITAL_JSON"""
import csv
import json
import re
import statistics
import sys
from pathlib import Path


def fail(message):
    print(f"make pareto: {message}", file=sys.stderr)
    sys.exit(2)


def read_points(folder, condition):
    """Per (cell, share, calibration, model, adc_bits): the runs' accuracies and energies under
    `condition` (ideal, noisy)."""
    runs = {}
    files = sorted(folder.glob(f"{condition}_cb*_s*_*.csv"))
    if not files:
        fail(f"no {condition} sweep CSVs in {folder}")
    for path in files:
        m = re.fullmatch(condition + r"_cb(\d+)_s(\d+)_(full|column)", path.stem)
        if not m:
            continue
        cell, share, cal = int(m[1]), int(m[2]), m[3]
        with path.open() as f:
            for row in csv.DictReader(f):
                if not row["energy_pj"]:
                    fail(f"{path}: a run without a measured periphery (--synth-report)")
                key = (cell, share, cal, row["model"], int(float(row["value"])))
                r = runs.setdefault(key, {"acc": [], "energy": [], "adc": [], "array": [], "dac": [],
                                          "measured": [], "float": float(row["float_accuracy"]),
                                          "backends": row["backends"]})
                for name, col in (("acc", "accuracy"), ("energy", "energy_pj"), ("adc", "adc_pj"),
                                  ("array", "array_pj"), ("dac", "dac_pj"), ("measured", "measured_pj")):
                    r[name].append(float(row[col]))
    points = []
    for (cell, share, cal, model, bits), r in sorted(runs.items()):
        points.append({
            "cell_bits": cell, "adc_share": share, "calibration": cal, "model": model, "adc_bits": bits,
            "acc_mean": statistics.mean(r["acc"]),
            "acc_std": statistics.stdev(r["acc"]) if len(r["acc"]) > 1 else 0.0,
            "seeds": len(r["acc"]),
            "energy_pj": statistics.mean(r["energy"]), "adc_pj": statistics.mean(r["adc"]),
            "array_pj": statistics.mean(r["array"]), "dac_pj": statistics.mean(r["dac"]),
            "periphery_pj": statistics.mean(r["measured"]), "float": r["float"],
            "rtl": "golden" not in r["backends"],
        })
    return points


def modelled_pj(p):
    """The analog parts alone: array, row drive, ADCs."""
    return p["array_pj"] + p["dac_pj"] + p["adc_pj"]


def front(points, energy=lambda p: p["energy_pj"]):
    """The Pareto front: no other point is both cheaper and at least as accurate. More accurate
    means by more than 0.01 points: one image of 359 over 5 seeds is 0.056, so closer means
    differ only in the last digits of a sum."""
    best, out = -1.0, []
    for p in sorted(points, key=lambda p: (energy(p), -p["acc_mean"])):
        if p["acc_mean"] > best + 0.01:
            out.append(p)
            best = p["acc_mean"]
    return out


def lowest_bits_table(points):
    """Per CELL_BITS and training: the lowest ADC resolution (ADC_SHARE 1) within a point of
    float, full range and calibrated, and the energy it saves, as markdown lines."""
    lines = ["| CELL_BITS | training | float % | full range: ADC bits | accuracy % | nJ/inference | "
             "calibrated: ADC bits | accuracy % | nJ/inference | energy saved |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    for cell in sorted({p["cell_bits"] for p in points}):
        for model in sorted({p["model"] for p in points}):
            cells = [str(cell), model.replace("_", "-")]
            found = {}
            for cal in ("full", "column"):
                ok = [p for p in points if (p["cell_bits"], p["adc_share"], p["calibration"], p["model"])
                      == (cell, 1, cal, model) and p["acc_mean"] >= p["float"] - 1.0]
                found[cal] = min(ok, key=lambda p: p["adc_bits"]) if ok else None
            some = next((p for p in points if p["model"] == model), None)
            cells.append(f"{some['float']:.2f}")
            for cal in ("full", "column"):
                p = found[cal]
                cells += ([f"{p['adc_bits']}" + ("" if p["rtl"] else "*"),
                           f"{p['acc_mean']:.2f} ± {p['acc_std']:.2f}", f"{p['energy_pj'] / 1e3:.2f}"]
                          if p else ["none up to 10", "", ""])
            f, c = found["full"], found["column"]
            cells.append(f"{100 * (1 - c['energy_pj'] / f['energy_pj']):.0f} %" if f and c else "")
            lines.append("| " + " | ".join(cells) + " |")
    return lines


def main():
    if len(sys.argv) != 3:
        fail("usage: experiments/pareto.py DIR DIGITAL_JSON")
    folder, digital_path = Path(sys.argv[1]), Path(sys.argv[2])
    points = read_points(folder, "noisy")
    ideal = read_points(folder, "ideal")
    try:
        d = json.loads(digital_path.read_text())
        digital = (d["energy"]["per_inference_pj"]["total"], d["accuracy"]["macro"], d["accuracy"]["float"])
    except (OSError, ValueError, KeyError, TypeError) as e:
        fail(f"{digital_path}: not cimsim net's JSON with a measured energy ({e})")

    with (folder / "points.csv").open("w") as f:
        w = csv.DictWriter(f, fieldnames=list(points[0]))
        w.writeheader()
        w.writerows(points)
    # gnuplot's data: one block per ADC range and training, energy in nJ.
    blocks = []
    for cal in ("full", "column"):
        for model in sorted({p["model"] for p in points}):
            rows = [p for p in points if p["calibration"] == cal and p["model"] == model]
            blocks.append(f'"{cal}-range ADCs, {model.replace("_", "-")}"\n' + "".join(
                f"{p['energy_pj'] / 1e3:.6g} {p['acc_mean']:.4f} {p['acc_std']:.4f} {p['adc_bits']} "
                f"{modelled_pj(p) / 1e3:.6g}\n"
                for p in rows))
    (folder / "points.dat").write_text("\n\n".join(blocks) + "\n")
    (folder / "front.dat").write_text("".join(
        f"{p['energy_pj'] / 1e3:.6g} {p['acc_mean']:.4f}\n" for p in front(points)))
    (folder / "front_modelled.dat").write_text("".join(
        f"{modelled_pj(p) / 1e3:.6g} {p['acc_mean']:.4f}\n" for p in front(points, modelled_pj)))
    (folder / "digital.dat").write_text(f"{digital[0] / 1e3:.6g} {digital[1]:.4f}\n")

    # The lowest ADC resolution within a point of float, per configuration, ADC_SHARE 1 (sharing
    # moves energy and time, not accuracy), with ideal devices: the ADC's own effect.
    lines = lowest_bits_table(ideal)
    (folder / "lowest_adc_bits.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    cnn = lowest_bits_table(read_points(folder, "cnn_ideal"))
    (folder / "cnn_lowest_adc_bits.md").write_text("\n".join(cnn) + "\n")
    print("the CNN:\n" + "\n".join(cnn))
    print(f"digital macro: {digital[0] / 1e3:.2f} nJ/inference, {digital[1]:.2f} % (float {digital[2]:.2f} %)")
    print("front (nJ/inference, accuracy %, configuration):")
    for p in front(points):
        print(f"  {p['energy_pj'] / 1e3:8.2f} {p['acc_mean']:6.2f}  CELL_BITS={p['cell_bits']} ADC_SHARE={p['adc_share']} "
              f"ADC_BITS={p['adc_bits']} {p['calibration']}-range {p['model']}")


if __name__ == "__main__":
    main()
