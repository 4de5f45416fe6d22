/*
 * A small check framework shared by the MPI semantics programs (mpi_env.c, mpi_p2p.c,
 * mpi_collectives.c).
 *
 * Every rank runs the same checks. A failed check prints one line
 *     FAIL <check>: rank <r>: <detail>
 * and the run continues, so one broken behaviour does not hide the others. At the end
 * the failure counts of all ranks are summed; every rank exits non-zero when any rank
 * failed, and rank 0 prints a one-line summary.
 *
 * MPI_COMM_WORLD is switched to MPI_ERRORS_RETURN so that every MPI call's return code
 * can be checked (MC_CALL) and the truncation checks can look at the error class.
 */
#ifndef MPI_CHECK_H
#define MPI_CHECK_H

#include <stddef.h>

#include <mpi.h>

/* This rank and the number of ranks in MPI_COMM_WORLD, set by mc_init. */
extern int mc_rank;
extern int mc_size;

/*
 * Messages and collective buffers larger than this many bytes are skipped
 * (--max-bytes N; default 8 MiB). The simulator runs may lower it to save time; the
 * eager-limit sizes (256 KiB +- 1) stay in unless it is set below them.
 */
extern size_t mc_max_bytes;

/*
 * Call right after MPI_Init / MPI_Init_thread. Reads --max-bytes N and --verbose,
 * switches MPI_COMM_WORLD to MPI_ERRORS_RETURN. Returns 0, or -1 after rank 0 printed
 * a usage error (the caller finalizes and exits with status 2).
 */
int mc_init(const char *program, int argc, char **argv);

/* Announces a test group (printed by rank 0 with --verbose) and synchronizes the ranks
 * so a group starts only when every rank has finished the previous one. */
void mc_begin(const char *group);

/* Records a failure and prints "FAIL <check>: rank <r>: <detail>". */
void mc_fail(const char *check, const char *format, ...);

/* Counts a check and fails it when `cond` is false; the rest is a printf detail. */
#define MC_CHECK(check, cond, ...)                                                                 \
    do {                                                                                           \
        mc_count_check();                                                                          \
        if (!(cond)) {                                                                             \
            mc_fail((check), __VA_ARGS__);                                                         \
        }                                                                                          \
    } while (0)

/* Runs an MPI call and fails `check` unless it returned MPI_SUCCESS. */
#define MC_CALL(check, call)                                                                       \
    do {                                                                                           \
        int mc_rc_ = (call);                                                                       \
        MC_CHECK((check), mc_rc_ == MPI_SUCCESS, "%s returned error code %d", #call, mc_rc_);      \
    } while (0)

void mc_count_check(void);

/*
 * Sums the failures over all ranks, prints the summary on rank 0 and returns the exit
 * status every rank should use (0 only if no rank failed). Call before MPI_Finalize.
 */
int mc_finish(const char *program);

/* Failures seen by this rank so far (for checks made after MPI_Finalize). */
int mc_local_failures(void);

/*
 * Deterministic byte patterns: the byte at offset i depends on i and on `seed`, so a
 * message that is shifted, truncated, taken from the wrong sender or the wrong block
 * does not verify. mc_verify returns the first bad offset, or (size_t)-1 if all match.
 */
void mc_fill(unsigned char *buffer, size_t bytes, unsigned seed);
size_t mc_verify(const unsigned char *buffer, size_t bytes, unsigned seed);

/* malloc that aborts the job with a message instead of returning NULL. */
void *mc_alloc(size_t bytes);

/* Whether a message or buffer of `bytes` bytes is within --max-bytes. */
int mc_size_allowed(size_t bytes);

/*
 * Spins on `poll` (which returns nonzero when it observes something) for at least
 * `min_calls` calls and at least `min_seconds` of MPI_Wtime, giving up on time after
 * 10 million calls in case MPI_Wtime does not advance. Returns nonzero if `poll` ever
 * returned nonzero. Used to show that something does NOT happen while a peer waits.
 */
int mc_poll_for_a_while(int (*poll)(void *context), void *context, long min_calls,
                        double min_seconds);

#endif /* MPI_CHECK_H */
