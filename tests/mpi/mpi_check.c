/* The check framework of the MPI semantics programs; see mpi_check.h. */
#include "mpi_check.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int mc_rank = -1;
int mc_size = 0;
size_t mc_max_bytes = (size_t)8 << 20;

static int failures;
static long checks;
static int verbose;

int mc_init(const char *program, int argc, char **argv)
{
    MPI_Comm_rank(MPI_COMM_WORLD, &mc_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &mc_size);

    /* Errors come back as return codes so they can be checked instead of aborting. */
    MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--verbose") == 0) {
            verbose = 1;
        } else if (strcmp(argv[i], "--max-bytes") == 0 && i + 1 < argc) {
            char *end = NULL;
            errno = 0;
            unsigned long long value = strtoull(argv[i + 1], &end, 10);
            if (argv[i + 1][0] == '\0' || argv[i + 1][0] == '-' || *end != '\0' ||
                errno == ERANGE) {
                if (mc_rank == 0) {
                    fprintf(stderr, "%s: --max-bytes: '%s' is not a byte count\n", program,
                            argv[i + 1]);
                }
                return -1;
            }
            mc_max_bytes = (size_t)value;
            i++;
        } else {
            if (mc_rank == 0) {
                fprintf(stderr,
                        "%s: unknown argument '%s'\nUsage: %s [--max-bytes N] [--verbose]\n",
                        program, argv[i], program);
            }
            return -1;
        }
    }
    return 0;
}

void mc_begin(const char *group)
{
    if (verbose && mc_rank == 0) {
        printf("-- %s\n", group);
        fflush(stdout);
    }
    MC_CALL("barrier_between_groups", MPI_Barrier(MPI_COMM_WORLD));
}

void mc_count_check(void)
{
    checks++;
}

void mc_fail(const char *check, const char *format, ...)
{
    char detail[512];
    va_list args;

    va_start(args, format);
    vsnprintf(detail, sizeof detail, format, args);
    va_end(args);

    failures++;
    /* One printf per line keeps lines from different ranks from interleaving mid-line. */
    printf("FAIL %s: rank %d: %s\n", check, mc_rank, detail);
    fflush(stdout);
}

int mc_finish(const char *program)
{
    int total = 0;
    int rc = MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) {
        mc_fail("summary", "MPI_Allreduce of the failure counts returned %d", rc);
        return 1;
    }
    if (mc_rank == 0) {
        if (total == 0) {
            printf("PASS %s: %ld checks on rank 0, %d ranks\n", program, checks, mc_size);
        } else {
            printf("FAILED %s: %d failed checks over %d ranks\n", program, total, mc_size);
        }
        fflush(stdout);
    }
    return total == 0 ? 0 : 1;
}

int mc_local_failures(void)
{
    return failures;
}

static unsigned char pattern_byte(size_t i, unsigned seed)
{
    /* Mixing in higher bits of i makes a shift by a multiple of 256 detectable too. */
    return (unsigned char)(i * 7u + seed * 13u + (i >> 8) * 3u + (i >> 16) * 5u + (seed >> 8));
}

void mc_fill(unsigned char *buffer, size_t bytes, unsigned seed)
{
    for (size_t i = 0; i < bytes; i++) {
        buffer[i] = pattern_byte(i, seed);
    }
}

size_t mc_verify(const unsigned char *buffer, size_t bytes, unsigned seed)
{
    for (size_t i = 0; i < bytes; i++) {
        if (buffer[i] != pattern_byte(i, seed)) {
            return i;
        }
    }
    return (size_t)-1;
}

void *mc_alloc(size_t bytes)
{
    /* malloc(0) may return NULL legitimately; always ask for at least one byte. */
    void *p = malloc(bytes > 0 ? bytes : 1);
    if (p == NULL) {
        fprintf(stderr, "rank %d: cannot allocate %zu bytes for a test buffer\n", mc_rank, bytes);
        MPI_Abort(MPI_COMM_WORLD, 2);
    }
    return p;
}

int mc_size_allowed(size_t bytes)
{
    return bytes <= mc_max_bytes;
}

int mc_poll_for_a_while(int (*poll)(void *context), void *context, long min_calls,
                        double min_seconds)
{
    const long max_calls = 10000000L;
    double start = MPI_Wtime();
    int seen = 0;

    for (long calls = 0; calls < max_calls; calls++) {
        if (poll(context)) {
            seen = 1;
        }
        if (calls + 1 >= min_calls && MPI_Wtime() - start >= min_seconds) {
            break;
        }
    }
    return seen;
}
