#!/usr/bin/env bash
# tests/cli/interrupt_suite.sh SMVN_SIM CONFIG
# SIGTERM to `run` of an MPI suite (CONFIG: tests/data/suite-long.yaml) while its first job runs:
# the job stops as partial with its statistics, no later job starts, the summary shows
# no figure for either, and the exit status is 143.
set -uo pipefail
sim=$1 config=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$sim" run "$config" -o "$work/out" >"$work/stdout" 2>"$work/stderr" &
pid=$!
fail() { echo "FAIL: $*"; echo "--- stdout"; cat "$work/stdout"; echo "--- stderr"; tail -20 "$work/stderr"; kill -KILL "$pid" 2>/dev/null; exit 1; }
for _ in $(seq 100); do grep -q "^## long_inter" "$work/stdout" && break; sleep 0.1; done
sleep 1
kill -TERM "$pid"
for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "still running 20 s after SIGTERM"
wait "$pid"
status=$?
[ "$status" -eq 143 ] || fail "exit status $status, expected 143"
grep -Eq "^  long_inter +partial +status 143" "$work/stdout" || fail "long_inter not reported as partial"
grep -Eq "^  next_intra +not run" "$work/stdout" || fail "next_intra not reported as not run"
grep -q "^## next_intra" "$work/stdout" && fail "a job started after the interrupt"
grep -Eq "long_inter / next_intra: not measured" "$work/stdout" || fail "the ratio is not 'not measured'"
grep -Eq "^run\.stop_reason +interrupted" "$work/out/long_inter/stats.txt" || fail "the partial job's stats.txt has no stop reason"
echo "PASS interrupt_suite: status $status"
