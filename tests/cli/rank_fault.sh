#!/usr/bin/env bash
# tests/cli/rank_fault.sh SMVN_SIM PROGRAM MODE STATUS REPORT_REGEX REASON [--set KEY=VALUE...]
# Runs PROGRAM (tests/mpi_lib/programs/rank_faults.c) on 2 ranks in MODE and checks that
# the job ends with exit status STATUS, a report on stderr matching REPORT_REGEX (grep -E),
# stats.txt, stats.json and host.txt saying run.stop_reason REASON, and no rank copies
# left in its private TMPDIR.
set -uo pipefail
sim=$1 prog=$2 mode=$3 want_status=$4 want_report=$5 want_reason=$6
shift 6
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp"
TMPDIR="$work/tmp" "$sim" mpirun -np 2 --map cyclic -o "$work/out" "$@" "$prog" "$mode" \
  >"$work/stdout" 2>"$work/stderr"
status=$?
fail() { echo "FAIL: $*"; echo "--- stderr"; cat "$work/stderr"; exit 1; }
[ "$status" -eq "$want_status" ] || fail "exit status $status, expected $want_status"
grep -Eq -- "$want_report" "$work/stderr" || fail "no report matching: $want_report"
grep -Eq "^run\.stop_reason +$want_reason " "$work/out/stats.txt" || fail "stats.txt: no run.stop_reason $want_reason"
grep -Eq "^run\.exit_status +$want_status " "$work/out/stats.txt" || fail "stats.txt: no run.exit_status $want_status"
grep -q "\"run.stop_reason\": \"$want_reason\"" "$work/out/stats.json" || fail "stats.json: no run.stop_reason"
grep -Eq "^stop_reason +$want_reason " "$work/out/host.txt" || fail "host.txt: no stop_reason"
grep -q "^cluster\." "$work/out/stats.txt" || fail "stats.txt has no model statistics"
left=$(ls -A "$work/tmp")
[ -z "$left" ] || fail "temporary files left behind: $left"
echo "PASS rank_fault $mode: status $status, $want_reason"
