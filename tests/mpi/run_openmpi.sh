#!/usr/bin/env bash
# Builds the MPI programs of this repository (apps/omb and tests/mpi) with a real MPI's
# mpicc and runs them, to prove they are correct standard MPI before the simulator runs
# them. Meant for Open MPI (Debian: apt-get install openmpi-bin libopenmpi-dev).
#
#   tests/mpi/run_openmpi.sh            # exit 0: all passed, 1: something failed,
#                                       # 77: no mpicc/mpirun (skipped, as ctest expects)
#
# Environment: MPICC, MPIRUN (default: mpicc, mpirun from PATH); MPIRUN_FLAGS adds
# launcher options; MPI_TIMEOUT is the limit in seconds per mpirun (default 300), so a
# hang fails instead of stalling.
set -u

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
omb_dir="$repo/apps/omb"

MPICC="${MPICC:-mpicc}"
MPIRUN="${MPIRUN:-mpirun}"
MPI_TIMEOUT="${MPI_TIMEOUT:-300}"
CFLAGS=(-std=c11 -pedantic -O2 -Wall -Wextra -Werror)
RANK_COUNTS=(1 2 3 4 7 16)

if ! command -v "$MPICC" >/dev/null 2>&1 || ! command -v "$MPIRUN" >/dev/null 2>&1; then
    echo "SKIP: $MPICC or $MPIRUN not found; install an MPI (e.g. apt-get install openmpi-bin libopenmpi-dev)"
    exit 77
fi

# The machine may have fewer cores than ranks; Open MPI also refuses root unless told.
launch=("$MPIRUN" --oversubscribe)
if [ "$(id -u)" = 0 ]; then
    launch+=(--allow-run-as-root)
fi
# shellcheck disable=SC2206  # word splitting of user-given flags is intended
launch+=(${MPIRUN_FLAGS:-})
timeout_cmd=()
if command -v timeout >/dev/null 2>&1; then
    timeout_cmd=(timeout "$MPI_TIMEOUT")
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/smvn-mpi.XXXXXX")"
trap 'rm -rf "$work"' EXIT

passed=0
failed=0
failures=()

pass() { passed=$((passed + 1)); printf '  ok    %s\n' "$1"; }
fail() {
    failed=$((failed + 1)); failures+=("$1")
    printf '  FAIL  %s\n' "$1"
    if [ -n "${2:-}" ] && [ -s "$2" ]; then sed 's/^/        | /' "$2" | head -40; fi
}

# describe STATUS: an exit status for a message (124 is the timeout's).
describe() { if [ "$1" = 124 ]; then echo "timed out after ${MPI_TIMEOUT}s"; else echo "exit $1"; fi; }

# run NAME NP OUT ERR PROGRAM [ARGS...]: runs under mpirun; sets $rc.
run() {
    local np="$2" out="$3" err="$4"
    shift 4
    "${timeout_cmd[@]}" "${launch[@]}" -np "$np" "$@" >"$out" 2>"$err"
    rc=$?
}

echo "== build ($("$MPICC" --version 2>/dev/null | head -1))"
build() {
    local name="$1"; shift
    if "$MPICC" "${CFLAGS[@]}" "$@" -o "$work/$name" >"$work/build-$name.log" 2>&1; then
        pass "build $name"
    else
        fail "build $name" "$work/build-$name.log"
    fi
}
for p in osu_latency osu_bw osu_bibw osu_multi_lat; do
    build "$p" "$omb_dir/$p.c" "$omb_dir/omb_util.c" -I"$omb_dir"
done
for p in mpi_env mpi_p2p mpi_collectives mpi_topology; do
    build "$p" "$here/$p.c" "$here/mpi_check.c" -I"$here"
done
for p in globals exit_rank abort_rank; do
    build "$p" "$here/$p.c"
done

echo "== semantics suite on ${RANK_COUNTS[*]} ranks"
for np in "${RANK_COUNTS[@]}"; do
    for p in mpi_env mpi_p2p mpi_collectives mpi_topology globals; do
        [ -x "$work/$p" ] || continue
        out="$work/$p-$np.out"
        run "$p" "$np" "$out" "$out.err" "$work/$p"
        if [ "$rc" = 0 ] && grep -q "^PASS" "$out" && ! grep -q "^FAIL" "$out"; then
            pass "$p -np $np: $(grep '^PASS' "$out")"
        else
            cat "$out.err" >>"$out"
            fail "$p -np $np ($(describe "$rc"))" "$out"
        fi
    done
done

# check_omb OUT TITLE COLUMN SIZES...: the OMB 5.8 layout, the expected size sequence,
# every row exactly as printf "%-10d%18.2f" renders it, and every value positive.
check_omb() {
    local out="$1" title="$2" column="$3"; shift 3
    local header
    header="$(printf '%-10s%18s' '# Size' "$column")"
    awk -v title="# OSU MPI $title Test v5.8" -v header="$header" -v sizes="$*" '
        BEGIN { n = split(sizes, want, " "); bad = "" }
        NR == 1 { if ($0 != title) bad = bad "line 1 is \"" $0 "\", expected \"" title "\"\n"; next }
        NR == 2 { if ($0 != header) bad = bad "line 2 is \"" $0 "\", expected \"" header "\"\n"; next }
        {
            row = NR - 2
            if ($0 !~ /^[0-9]+ +[0-9]+\.[0-9][0-9]$/) { bad = bad "row " row " \"" $0 "\" is not size and value\n"; next }
            if (sprintf("%-10d%18.2f", $1, $2) != $0) bad = bad "row " row " \"" $0 "\" is not %-10d%18.2f\n"
            if (row > n || $1 != want[row]) bad = bad "row " row " has size " $1 ", expected " want[row] "\n"
            if ($2 + 0 <= 0) bad = bad "row " row " has a non-positive value " $2 "\n"
        }
        END {
            if (NR - 2 != n) bad = bad "got " NR - 2 " rows, expected " n "\n"
            printf "%s", bad
            exit bad != ""
        }' "$out"
}

powers() { # powers FIRST LAST: FIRST, then doubling (0 -> 1) up to LAST
    local s="$1" list=""
    while [ "$s" -le "$2" ]; do
        list="$list $s"
        if [ "$s" = 0 ]; then s=1; else s=$((s * 2)); fi
    done
    echo "$list"
}

# omb NAME NP TITLE COLUMN SIZES ARGS...: one benchmark run checked with check_omb.
omb() {
    local name="$1" np="$2" title="$3" column="$4" sizes="$5"; shift 5
    local label="$name -np $np $*" out="$work/$name-$np-$RANDOM.out"
    [ -x "$work/$name" ] || return 0
    run "$name" "$np" "$out" "$out.err" "$work/$name" "$@"
    # $sizes is a list of numbers: word splitting is intended.
    # shellcheck disable=SC2086
    if [ "$rc" != 0 ]; then
        cat "$out.err" >>"$out"
        fail "$label ($(describe "$rc"))" "$out"
    elif check_omb "$out" "$title" "$column" $sizes >"$out.check"; then
        pass "$label: $(($(wc -l <"$out") - 2)) rows in OMB 5.8 format"
    else
        cat "$out" >>"$out.check"
        fail "$label: output format" "$out.check"
    fi
}

echo "== OSU-method benchmarks"
small=(-m 4096 -i 20 -x 2)
omb osu_latency 2 "Latency" "Latency (us)" "$(powers 0 4096)" "${small[@]}"
omb osu_bw 2 "Bandwidth" "Bandwidth (MB/s)" "$(powers 1 4096)" "${small[@]}"
omb osu_bibw 2 "Bi-Directional Bandwidth" "Bandwidth (MB/s)" "$(powers 1 4096)" "${small[@]}"
omb osu_multi_lat 2 "Multi Latency" "Latency (us)" "$(powers 0 4096)" "${small[@]}"
omb osu_multi_lat 4 "Multi Latency" "Latency (us)" "$(powers 0 4096)" "${small[@]}"
# MIN:MAX, across the 8 KiB switch to the large-message counts, and long option names.
omb osu_latency 2 "Latency" "Latency (us)" "$(powers 64 1024)" -m 64:1024 -i 10 -x 1
omb osu_bw 2 "Bandwidth" "Bandwidth (MB/s)" "4096 8192 16384 32768" -m 4096:32768 -i 5 -x 1
omb osu_bibw 2 "Bi-Directional Bandwidth" "Bandwidth (MB/s)" "8192 16384" --message-size 8192:16384 --iterations 5 --warmup 1
omb osu_multi_lat 6 "Multi Latency" "Latency (us)" "0 1 2 4" -m 4 -i 10 -x 1

# expect_exit LABEL WANT_RC GREP_STDOUT GREP_STDERR NP PROGRAM ARGS...: the exit status
# is WANT_RC ("nonzero" for any failure status other than a timeout) and the output
# contains the given text; if $forbid_out is set, stdout must not contain it.
forbid_out=""
expect_exit() {
    local label="$1" want="$2" in_out="$3" in_err="$4" np="$5" name="$6"; shift 6
    local out="$work/$name-exit-$RANDOM.out"
    [ -x "$work/$name" ] || return 0
    run "$name" "$np" "$out" "$out.err" "$work/$name" "$@"
    local ok=1
    if [ "$want" = nonzero ]; then
        { [ "$rc" != 0 ] && [ "$rc" != 124 ]; } || ok=0
    else
        [ "$rc" = "$want" ] || ok=0
    fi
    if [ -n "$in_out" ] && ! grep -q -- "$in_out" "$out"; then ok=0; fi
    if [ -n "$in_err" ] && ! grep -q -- "$in_err" "$out.err"; then ok=0; fi
    if [ -n "$forbid_out" ] && grep -q -- "$forbid_out" "$out"; then ok=0; fi
    if [ "$ok" = 1 ]; then
        pass "$label ($(describe "$rc"))"
    else
        { echo "$(describe "$rc"), wanted $want; stdout:"; cat "$out"; echo "stderr:"; cat "$out.err"; } >"$out.why"
        fail "$label" "$out.why"
    fi
}

echo "== options, rank-count errors, exit and abort"
expect_exit "osu_latency -h prints usage" 0 "Usage: osu_latency" "" 2 osu_latency -h
expect_exit "osu_bw --help prints usage" 0 "Usage: osu_bw" "" 1 osu_bw --help
expect_exit "osu_latency -m 9:3 is refused" nonzero "" "MIN 9 is larger than MAX 3" 2 osu_latency -m 9:3
expect_exit "osu_latency -i 0 is refused" nonzero "" "-i: '0' is not an integer" 2 osu_latency -i 0
expect_exit "osu_bw -m 12x is refused" nonzero "" "-m: '12x' is not an integer" 2 osu_bw -m 12x
expect_exit "osu_bibw -q is refused" nonzero "" "unknown option '-q'" 2 osu_bibw -q
expect_exit "osu_latency on 3 ranks is refused" nonzero "" "osu_latency: this test needs exactly 2 processes (started with 3)" 3 osu_latency -m 4
expect_exit "osu_bw on 1 rank is refused" nonzero "" "osu_bw: this test needs exactly 2 processes (started with 1)" 1 osu_bw -m 4
expect_exit "osu_bibw on 4 ranks is refused" nonzero "" "osu_bibw: this test needs exactly 2 processes (started with 4)" 4 osu_bibw -m 4
expect_exit "osu_multi_lat on 3 ranks is refused" nonzero "" "needs an even number of processes, at least 2 (started with 3)" 3 osu_multi_lat -m 4
expect_exit "mpi_p2p --max-bytes junk is refused" nonzero "" "--max-bytes: 'junk'" 2 mpi_p2p --max-bytes junk
forbid_out="got past"
for np in 2 4; do
    expect_exit "exit_rank -np $np: rank 1's exit(3) ends the job with status 3" 3 "" "" "$np" exit_rank
done
forbid_out="received a message nobody sent"
for np in 1 4; do
    expect_exit "abort_rank -np $np: MPI_Abort(MPI_COMM_WORLD, 7) ends the job with status 7" 7 "" "" "$np" abort_rank
done
forbid_out=""

echo "== summary: $passed passed, $failed failed"
for f in "${failures[@]+"${failures[@]}"}"; do
    echo "   failed: $f"
done
[ "$failed" = 0 ]
