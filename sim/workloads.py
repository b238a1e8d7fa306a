#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns the JSON summaries sim/workloads.sh collected into the accuracy table of
docs/workloads.md (markdown, printed) and accuracy.csv beside them."""

import json
import statistics
import sys
from pathlib import Path


def load(path):
    return json.loads(path.read_text())


def main():
    out = Path(sys.argv[1])
    conditions = []
    seen = set()
    for line in (out / "conditions.txt").read_text().splitlines():
        i, name = line.split("|", 1)
        if i not in seen:
            seen.add(i)
            conditions.append((i, name))
    models = ["plain", "noise_aware"]
    rows = []
    train = {m: load(out / f"train_{m}.json") for m in models}
    digital = {m: load(out / f"net_{m}_digital.json") for m in models}
    rows.append(("float (C++ forward pass)", *(f"{digital[m]['accuracy']['float']:.2f}" for m in models)))
    rows.append(("8-bit quantized, golden", *(f"{digital[m]['accuracy']['quantized_golden']:.2f}" for m in models)))
    rows.append(("8-bit, Verilated digital macro", *(
        f"{digital[m]['accuracy']['macro']:.2f} (logits {'bit-exact' if digital[m]['logits_bit_exact'] else 'differ'})"
        for m in models)))
    csv = ["condition,model,seed,accuracy,backend"]
    for i, name in conditions:
        cells = []
        for m in models:
            accs = []
            backend = ""
            for seed in range(1, 6):
                j = load(out / f"net_{m}_c{i}_s{seed}.json")
                accs.append(j["accuracy"]["macro"])
                backend = j["layers"][0]["backend"]
                csv.append(f"{name},{m},{seed},{j['accuracy']['macro']:.4f},{backend}")
            cells.append(f"{statistics.mean(accs):.2f} ± {statistics.stdev(accs):.2f}")
        label = f"analog: {name}" + (" (golden analog model)" if backend == "analog-golden" else "")
        rows.append((label, *cells))
    (out / "accuracy.csv").write_text("\n".join(csv) + "\n")
    print("| test split accuracy, % (359 images) | plain | noise-aware |")
    print("|---|---|---|")
    for r in rows:
        print("| " + " | ".join(r) + " |")
    print()
    for m in models:
        t = train[m]
        print(f"{m}: weight noise {t['weight_noise']:.4f}, float test {t['accuracy']['test']:.2f} %, "
              f"trained in {t['seconds']:.1f} s")


if __name__ == "__main__":
    main()
