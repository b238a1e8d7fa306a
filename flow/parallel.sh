# SPDX-License-Identifier: Apache-2.0
# cim_parallel FUNCTION LINE...: runs FUNCTION with each LINE's words as its arguments, at most
# CIM_PARALLEL_JOBS (default 2: the RTL tools are single-threaded and these machines have two
# cores) at a time, then prints each run's output in LINE order and returns 1 if any run failed.
# With CIM_PARALLEL_PROGRESS=LABEL set, prints "LABEL: k of n done, m:ss elapsed, about m:ss
# left" to stderr as runs finish (the estimate assumes the runs left take the mean so far).
# Sourced by tb/lint.sh, tb/param_checks.sh, formal/formal.sh and synth/sweep.sh.
cim_parallel() {
  local fn=$1 i words fail=0 out jobs=${CIM_PARALLEL_JOBS:-2} done_runs=0 reported=0
  local start=$SECONDS
  shift
  [[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "cim_parallel: CIM_PARALLEL_JOBS=$jobs is not a whole number >= 1" >&2; return 2; }
  out=$(mktemp -d)
  local lines=("$@")
  cim_parallel_progress() {
    [ -n "${CIM_PARALLEL_PROGRESS:-}" ] || return 0
    done_runs=$(find "$out" -name '*.rc' | wc -l)
    (( done_runs > reported )) || return 0
    reported=$done_runs
    local spent=$(( SECONDS - start ))
    local left=$(( spent * (${#lines[@]} - done_runs) / done_runs ))
    printf '%s: %d of %d done, %d:%02d elapsed, about %d:%02d left\n' "$CIM_PARALLEL_PROGRESS" \
      "$done_runs" "${#lines[@]}" $(( spent / 60 )) $(( spent % 60 )) $(( left / 60 )) $(( left % 60 )) >&2
  }
  for i in "${!lines[@]}"; do
    while (( $(jobs -rp | wc -l) >= jobs )); do wait -n; cim_parallel_progress; done
    read -r -a words <<<"${lines[$i]}"
    ( "$fn" "${words[@]}" >"$out/$i" 2>&1; echo $? >"$out/$i.tmp" && mv "$out/$i.tmp" "$out/$i.rc" ) &
  done
  while (( $(jobs -rp | wc -l) > 0 )); do wait -n; cim_parallel_progress; done
  wait
  cim_parallel_progress
  for i in "${!lines[@]}"; do
    cat "$out/$i"
    [ "$(cat "$out/$i.rc" 2>/dev/null)" = 0 ] || fail=1
  done
  rm -rf "$out"
  return $fail
}
