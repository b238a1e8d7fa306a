#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# cimsim mvm: bad input files and options exit 2 naming the file:line:column or the option, with
# no output left behind; a good run writes the exact product in the inputs' format (checked here in
# Python, independently of the C++ readers) and a --json summary with the documented keys.
set -uo pipefail
source "$(dirname "$0")/doors.sh" "$1"

cd "$work"
python3 - <<'PY'
import random, struct
random.seed(5)
K, N, M = 70, 19, 6   # two row tiles and two column tiles of the default 64 x 16 macro
w = [[random.randint(-128, 127) for _ in range(N)] for _ in range(K)]
x = [[random.randint(0, 255) for _ in range(K)] for _ in range(M)]
open("w.csv", "w").write("".join(",".join(map(str, r)) + "\n" for r in w))
open("x.csv", "w").write("".join(",".join(map(str, r)) + "\r\n" for r in x))  # CRLF
def npy(path, rows, fmt, descr):
    hdr = "{'descr': '%s', 'fortran_order': False, 'shape': (%d, %d), }" % (descr, len(rows), len(rows[0]))
    hdr += " " * (63 - (10 + len(hdr)) % 64) + "\n"
    data = b"".join(struct.pack("<" + fmt, v) for r in rows for v in r)
    open(path, "wb").write(b"\x93NUMPY\x01\x00" + struct.pack("<H", len(hdr)) + hdr.encode() + data)
npy("w.npy", w, "h", "<i2")
npy("x.npy", x, "B", "|u1")
y = [[sum(x[m][k] * w[k][n] for k in range(K)) for n in range(N)] for m in range(M)]
open("y.want", "w").write("".join(",".join(map(str, r)) + "\n" for r in y))
open("w_short.csv", "w").write("1,2,3\n4,5\n")
open("w_text.csv", "w").write("1,2\n3,seven\n")
open("x_k3.csv", "w").write("1,2,3\n")
open("empty.csv", "w").write("")
open("w_neg.csv", "w").write("3,-1\n")
open("w_big.csv", "w").write("1\n200\n")
open("bad.npy", "w").write("not numpy\n")
PY

ok='--weights w.csv --inputs x.csv --wsigned'
check "--weights is required" mvm --inputs x.csv --out y.csv
check "--out: 'x.csv' is the --inputs file; write elsewhere" mvm --weights w.csv --inputs x.csv --out x.csv
check "--out: './w.csv' is the --weights file" mvm --weights w.csv --inputs x.csv --out ./w.csv
check "--weights" mvm --weights missing.csv --inputs x.csv --out y.csv
check "--out: y.txt: unknown array format" mvm $ok --out y.txt
check "--out" mvm $ok --out y.npy
check "--out" mvm $ok --out missing/y.csv
check "w_short.csv:2: 2 values, but line 1 has 3" mvm --weights w_short.csv --inputs x.csv --out y.csv
check "w_text.csv:2:3: 'seven' is not an integer" mvm --weights w_text.csv --inputs x.csv --out y.csv
check "w_neg.csv:1:3: value -1 is out of range for 8-bit unsigned weights (0..255)" mvm --weights w_neg.csv --inputs x.csv --out y.csv
check "w_big.csv:2:1: value 200 is out of range for 8-bit signed weights (-128..127)" mvm --weights w_big.csv --inputs x.csv --wsigned --out y.csv
check "x.csv:1:1: value" mvm $ok --abits 4 --out y.csv
check "x_k3.csv: 3 values a line, but w.csv has K = 70 rows" mvm --weights w.csv --inputs x_k3.csv --wsigned --out y.csv
check "empty.csv: empty file" mvm --weights empty.csv --inputs x.csv --out y.csv
check "bad.npy: not a .npy file" mvm --weights bad.npy --inputs x.npy --out y.npy
check "--wbits" mvm $ok --wbits 9 --out y.csv
check "--wbits" mvm $ok --backend analog --wbits 4 --out y.csv
check "--trace" mvm $ok --backend golden --trace t.fst --out y.csv
check "not expected" mvm $ok --out y.csv extra

# Good runs: CSV on the Verilated digital macro, .npy on the golden model; the product is exact.
if ! "$cimsim" mvm $ok --out y.csv --json run.json >out.txt 2>&1; then
  echo "FAIL: a good run failed: $(cat out.txt)"; fail=1
elif ! cmp -s y.csv y.want; then
  echo "FAIL: y.csv is not the exact product"; fail=1
else echo "ok: mvm 6 x 70 times 70 x 19 on the digital macro is exact"; fi
if ! "$cimsim" mvm --backend golden --weights w.npy --inputs x.npy --wsigned --out y.npy >out.txt 2>&1; then
  echo "FAIL: a good .npy run failed: $(cat out.txt)"; fail=1
elif ! python3 - <<'PY'
import struct
b = open("y.npy", "rb").read()
assert b[:8] == b"\x93NUMPY\x01\x00", "magic"
n = struct.unpack("<H", b[8:10])[0]
hdr = b[10:10 + n].decode()
assert "'descr': '<i8'" in hdr and "'shape': (6, 19)" in hdr and (10 + n) % 64 == 0, hdr
vals = struct.unpack("<%dq" % (6 * 19), b[10 + n:])
want = [int(v) for line in open("y.want") for v in line.split(",")]
assert list(vals) == want, "values"
PY
then echo "FAIL: y.npy is not the exact product in .npy"; fail=1
else echo "ok: mvm .npy in, .npy out, exact"; fi
if ! python3 - run.json <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
want = {"schema", "backend", "config", "params", "precision", "seed", "shape", "output", "movement",
        "simulated_mvm_per_s", "mismatch", "accuracy"}
assert not want - set(j), f"missing keys {want - set(j)}"
assert j["schema"] == "opencim.cimsim.mvm/1" and j["mismatch"] is None
assert j["shape"] == {"M": 6, "K": 70, "N": 19}
m = j["movement"]
assert m["tiles"] == 4 and m["requests"] == 24 and m["macs"] == 6 * 70 * 19
assert m["von_neumann"]["weight_bits"] == 6 * 70 * 19 * 8
assert j["accuracy"]["rmse"] == 0
print("ok: --json summary,", m["macs_per_compute_cycle"], "MACs per compute cycle")
PY
then fail=1; fi
doors_done
