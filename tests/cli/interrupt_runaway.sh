#!/usr/bin/env bash
# tests/cli/interrupt_runaway.sh SMVN_SIM PROGRAM SIGNAL STATUS
# Starts PROGRAM (rank_faults.c) in mode "spin", whose rank 1 loops in its own code and
# never calls into the simulator, sends SIGNAL (INT or TERM) once the run is under way,
# and checks that the job stops with exit status STATUS, the reason "interrupted" in
# stats.txt and host.txt, and no rank copies left behind.
set -uo pipefail
sim=$1 prog=$2 sig=$3 want_status=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/tmp"
TMPDIR="$work/tmp" "$sim" mpirun -np 2 --map cyclic -o "$work/out" "$prog" spin >"$work/stdout" 2>"$work/stderr" &
pid=$!
fail() { echo "FAIL: $*"; echo "--- stderr"; cat "$work/stderr"; kill -KILL "$pid" 2>/dev/null; exit 1; }
for _ in $(seq 100); do grep -q "output folder" "$work/stderr" && break; sleep 0.1; done
sleep 1
kill -"$sig" "$pid"
for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$pid" 2>/dev/null && fail "still running 10 s after SIG$sig"
wait "$pid"
status=$?
[ "$status" -eq "$want_status" ] || fail "exit status $status, expected $want_status"
grep -Eq "SIG$sig .* while rank 1 on core 4 .* never returned to the simulator. stopped by the watchdog" "$work/stderr" ||
  fail "no report naming the signal and the rank"
grep -Eq "^run\.stop_reason +interrupted " "$work/out/stats.txt" || fail "stats.txt: no run.stop_reason interrupted"
grep -Eq "^stop_reason +interrupted " "$work/out/host.txt" || fail "host.txt: no stop_reason interrupted"
[ -z "$(ls -A "$work/tmp")" ] || fail "temporary files left behind"
echo "PASS interrupt_runaway SIG$sig: status $status"
