#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Turns a merged Verilator coverage file into make coverage's report.

report.py MERGED.dat EXCLUSIONS ROOT OUT_DIR [SOURCES]

Counts the points of the RTL under ROOT/rtl, or of the files SOURCES lists (one absolute path a
line: a DUT's, make coverage DUT=...): line (Verilator's blocks and branches), toggle
(each bit, both ways) and cover points (the RTL's CIM_COVER, each instance and generate index
its own point). A point an EXCLUSIONS line matches is left out of the figures and listed with its
reason; an exclusion that matches nothing is an error, so the list cannot go stale. Writes
OUT_DIR/uncovered.txt (every point missed) and prints a table per file, the goals, and last the
one-line summary. Exit 1 when a goal is missed, 2 on a bad input.
"""
import collections
import fnmatch
import os
import re
import sys

GOALS = {"line": 98.0, "toggle": 95.0}  # percent; and every cover point hit
KINDS = ("line", "toggle", "cover")


def fail(msg):
    print(f"coverage report: {msg}", file=sys.stderr)
    sys.exit(2)


def points(path, root, counted):
    """Yields (kind, file, line, name, count) for every point of a coverage .dat file in a file
    counted(absolute path) accepts."""
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, text in enumerate(f, 1):
            m = re.match(r"C '(.*)' (\d+)$", text.rstrip("\n"))
            if not m:
                if text.startswith("#") or not text.strip():
                    continue
                fail(f"{path}:{n}: not a coverage point")
            fields = dict(kv.split("\2", 1) for kv in m.group(1).split("\1") if "\2" in kv)
            source = os.path.abspath(os.path.join(root, fields.get("f", "")))
            if not counted(source):
                continue
            page = fields.get("page", "")
            kind = {"v_line": "line", "v_branch": "line", "v_toggle": "toggle",
                    "v_user": "cover"}.get(page.split("/")[0])
            if kind is None:
                continue
            if kind == "line":  # the branch and column: "if@5"
                name = f"{fields.get('o', '')}@{fields.get('n', '')}"
            elif kind == "toggle":
                name = fields.get("o", "")
            else:  # the instance: cim.cim_macro.u_ctrl.g_cover_abits__BRA__3__KET__.AbitsTaken
                name = fields.get("h", "").replace("__BRA__", "[").replace("__KET__", "]")
            shown = os.path.relpath(source, root)
            yield kind, source if shown.startswith("..") else shown, int(fields.get("l", 0)), name, int(m.group(2))


def merged_points(path, root, counted):
    """The points with their counts summed over the module's parameterizations (Verilator names
    each its own page, cim_adder_tree__N40 and so on): a line or a toggle is one point however many
    parameter sets elaborate it, hit when any of them hits it."""
    counts = collections.Counter()
    for kind, file, line, name, count in points(path, root, counted):
        counts[(kind, file, line, name)] += count
    for (kind, file, line, name), count in sorted(counts.items()):
        yield kind, file, line, name, count


def exclusions(path):
    """Lines 'KIND FILE PATTERN REASON...': PATTERN is a line number or range (line), a signal
    glob (toggle) or an instance glob (cover), or * for every point of the file."""
    rules = []
    with open(path, encoding="utf-8") as f:
        for n, text in enumerate(f, 1):
            text = text.strip()
            if not text or text.startswith("#"):
                continue
            parts = text.split(None, 3)
            if (len(parts) < 4 or parts[0] not in KINDS or
                    (parts[0] == "line" and parts[2] != "*" and
                     not re.fullmatch(r"[0-9]+(-[0-9]+)?", parts[2]))):
                fail(f"{path}:{n}: want KIND FILE PATTERN REASON, KIND one of {', '.join(KINDS)}")
            rules.append({"kind": parts[0], "file": parts[1], "pattern": parts[2],
                          "reason": parts[3], "where": f"{os.path.basename(path)}:{n}", "used": 0})
    return rules


def excluded(rule, kind, file, line, name):
    if rule["kind"] != kind or not fnmatch.fnmatch(file, rule["file"]):
        return False
    if rule["pattern"] == "*":
        return True
    if kind == "line":
        lo, _, hi = rule["pattern"].partition("-")
        return int(lo) <= line <= int(hi or lo)
    return fnmatch.fnmatchcase(name, rule["pattern"])


def main():
    if len(sys.argv) not in (5, 6):
        fail("usage: report.py MERGED.dat EXCLUSIONS ROOT OUT_DIR [SOURCES]")
    merged, excl_path, root, out_dir = sys.argv[1:5]
    if len(sys.argv) == 6:
        with open(sys.argv[5], encoding="utf-8") as f:
            sources = {os.path.realpath(line.strip()) for line in f if line.strip()}
        what = f"the {len(sources)} sources of {sys.argv[5]}"
        counted = lambda path: os.path.realpath(path) in sources
    else:
        rtl = os.path.join(os.path.abspath(root), "rtl") + os.sep
        what = f"{root}/rtl"
        counted = lambda path: path.startswith(rtl)
    rules = exclusions(excl_path)
    # kind -> file -> [hit, total]; the missed and the excluded points listed
    table = collections.defaultdict(lambda: collections.defaultdict(lambda: [0, 0]))
    missed, skipped = [], []
    for kind, file, line, name, count in merged_points(merged, root, counted):
        rule = next((r for r in rules if excluded(r, kind, file, line, name)), None)
        if rule:
            rule["used"] += 1
            skipped.append(f"{kind:6} {file}:{line} {name} ({rule['where']}: {rule['reason']})")
            continue
        table[kind][file][1] += 1
        if count:
            table[kind][file][0] += 1
        else:
            missed.append(f"{kind:6} {file}:{line} {name}")
    stale = [r for r in rules if not r["used"]]
    if stale:
        fail("; ".join(f"{r['where']}: matches no point ({r['kind']} {r['file']} {r['pattern']})"
                       for r in stale))
    if not table:
        fail(f"{merged}: no point of {what} (did the tests run a coverage build's models?)")

    with open(os.path.join(out_dir, "uncovered.txt"), "w", encoding="utf-8") as f:
        f.write("# missed\n" + "".join(m + "\n" for m in missed))
        f.write("# excluded\n" + "".join(s + "\n" for s in skipped))

    def total(kind):
        hit = sum(v[0] for v in table[kind].values())
        return hit, sum(v[1] for v in table[kind].values())

    def pct(hit, n):
        return 100.0 * hit / n if n else 100.0

    files = sorted({f for k in KINDS for f in table[k]})
    print(f"{'file':40} {'line':>15} {'toggle':>17} {'cover points':>13}")
    for file in files:
        cells = []
        for kind in KINDS:
            hit, n = table[kind][file] if file in table[kind] else (0, 0)
            cells.append(f"{hit}/{n}" + (f" {pct(hit, n):5.1f}%" if kind != "cover" and n else ""))
        print(f"{file:40} {cells[0]:>15} {cells[1]:>17} {cells[2]:>13}")
    for m in missed[:40]:
        print("missed:", m)
    if len(missed) > 40:
        print(f"... {len(missed) - 40} more in {out_dir}/uncovered.txt")
    print(f"excluded: {len(skipped)} points by {len(rules)} rules (reasons in {out_dir}/uncovered.txt)")

    line, toggle, cover = total("line"), total("toggle"), total("cover")
    short = []
    if pct(*line) < GOALS["line"]:
        short.append(f"line {pct(*line):.2f}% < {GOALS['line']}%")
    if pct(*toggle) < GOALS["toggle"]:
        short.append(f"toggle {pct(*toggle):.2f}% < {GOALS['toggle']}%")
    if cover[0] < cover[1]:
        short.append(f"{cover[1] - cover[0]} cover points missed")
    print("goals (line >= 98%, toggle >= 95%, every cover point): " +
          ("met" if not short else "MISSED: " + "; ".join(short)))
    print(f"coverage: line {pct(*line):.1f}% toggle {pct(*toggle):.1f}% "
          f"cover points {cover[0]}/{cover[1]}")
    return 1 if short else 0


if __name__ == "__main__":
    sys.exit(main())
