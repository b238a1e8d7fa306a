# cim_parallel FUNCTION LINE...: runs FUNCTION with each LINE's words as its arguments, two at a
# time (the RTL tools are single-threaded; this machine has two cores), then prints each run's
# output in LINE order and returns 1 if any run failed. Sourced by tb/lint.sh and
# tb/param_checks.sh.
cim_parallel() {
  local fn=$1 i words fail=0 out
  shift
  out=$(mktemp -d)
  local lines=("$@")
  for i in "${!lines[@]}"; do
    while (( $(jobs -rp | wc -l) >= 2 )); do wait -n; done
    read -r -a words <<<"${lines[$i]}"
    ( "$fn" "${words[@]}" >"$out/$i" 2>&1; echo $? >"$out/$i.rc" ) &
  done
  wait
  for i in "${!lines[@]}"; do
    cat "$out/$i"
    [ "$(cat "$out/$i.rc" 2>/dev/null)" = 0 ] || fail=1
  done
  rm -rf "$out"
  return $fail
}
