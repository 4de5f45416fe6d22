#!/usr/bin/env bash
# bench_mpi.sh SMVN_SIM [OMB OPTIONS]: the host time of the OSU-method latency and
# bandwidth runs between two adjacent nodes of the paper's 2x2 cluster (ranks on nodes 0
# and 1), every frame through the SMVN driver and every copied line through the caches.
# With no options these are OMB's full default runs (0 B to 4 MiB, OMB's iteration counts:
# issue 5's speed figure, target under 60 host seconds each; expect many minutes today);
# options such as `-m 65536` are passed to both programs for a shorter run.
#
#   ./smvn bench mpi              full default runs
#   ./smvn bench mpi -m 262144    sizes up to 256 KiB
set -euo pipefail
sim="$1"
shift
printf 'bench_mpi: osu_latency and osu_bw, ranks on nodes 0 and 1 of the 2x2 cluster%s\n' \
  "$([ $# -gt 0 ] && echo ", options: $*" || echo ", OMB defaults")"
printf '%-12s %14s %10s   %s\n' program simulated_s host_s "(target: host_s < 60 for the full default runs)"
for prog in osu_latency osu_bw; do
  out=$(mktemp -d)
  log="$out/log"
  "$sim" mpirun -np 2 --map cyclic -o "$out/run" "$prog" "$@" >"$log" 2>&1 || {
    echo "bench_mpi: $prog failed:" >&2
    tail -5 "$log" >&2
    exit 1
  }
  # The simulator's last line: "simulated S s in H host s; ..."
  line=$(grep -E '^simulated [0-9.]+ s in [0-9.]+ host s' "$log" | tail -1)
  sim_s=$(sed -E 's/^simulated ([0-9.]+) s in ([0-9.]+) host s.*/\1/' <<<"$line")
  host_s=$(sed -E 's/^simulated ([0-9.]+) s in ([0-9.]+) host s.*/\2/' <<<"$line")
  printf '%-12s %14s %10s\n' "$prog" "$sim_s" "$host_s"
  rm -rf "$out"
done
