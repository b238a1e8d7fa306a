#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns the JSON summaries experiments/workloads.sh collected into the accuracy tables of
docs/workloads.md (markdown, printed, one a network) and accuracy.csv beside them."""

import json
import statistics
import sys
from pathlib import Path


def load(path):
    return json.loads(path.read_text())


TITLES = {"mlp": "perceptron (64-32-10)", "cnn": "CNN (cimsim train --arch cnn)",
          "resnet": "ResNet (cimsim train --arch resnet --channels 16)"}
HEADS = {"plain": "plain", "noise_aware": "noise-aware"}


def main():
    out = Path(sys.argv[1])
    conditions = [tuple(line.split("|", 1)) for line in (out / "conditions.txt").read_text().splitlines()]
    families = [line.split("|") for line in (out / "families.txt").read_text().splitlines()]
    csv = ["network,condition,model,seed,accuracy,backend"]
    notes = []
    for family, models_text in families:
        models = models_text.split()
        rows = []
        digital = {m: load(out / f"net_{family}_{m}_digital.json") for m in models}
        rows.append(("float (C++ forward pass)", *(f"{digital[m]['accuracy']['float']:.2f}" for m in models)))
        rows.append(("8-bit quantized, golden", *(f"{digital[m]['accuracy']['quantized_golden']:.2f}" for m in models)))
        rows.append(("8-bit, Verilated digital macro", *(
            f"{digital[m]['accuracy']['macro']:.2f} (logits {'bit-exact' if digital[m]['logits_bit_exact'] else 'differ'})"
            for m in models)))
        for i, name in conditions:
            if not (out / f"net_{family}_{models[0]}_c{i}_s1.json").exists():
                continue
            cells = []
            backend = ""
            for m in models:
                accs = []
                for seed in range(1, 6):
                    j = load(out / f"net_{family}_{m}_c{i}_s{seed}.json")
                    accs.append(j["accuracy"]["macro"])
                    backend = j["layers"][0]["backend"]
                    csv.append(f"{family},{name},{m},{seed},{j['accuracy']['macro']:.4f},{backend}")
                cells.append(f"{statistics.mean(accs):.2f} ± {statistics.stdev(accs):.2f}")
            label = f"analog: {name}" + (" (golden analog model)" if backend == "analog-golden" else "")
            rows.append((label, *cells))
        print(f"{TITLES.get(family, family)}:\n")
        print("| test split accuracy, % (359 images) | " + " | ".join(HEADS[m] for m in models) + " |")
        print("|---|" + "---|" * len(models))
        for r in rows:
            print("| " + " | ".join(r) + " |")
        print()
        for m in models:
            t = out / f"train_{family}_{m}.json"
            if t.exists():
                t = load(t)
                notes.append(f"{family} {m}: weight noise {t['weight_noise']:.4f}, float test "
                             f"{t['accuracy']['test']:.2f} %, trained in {t['seconds']:.1f} s")
    (out / "accuracy.csv").write_text("\n".join(csv) + "\n")
    for n in notes:
        print(n)


if __name__ == "__main__":
    main()
