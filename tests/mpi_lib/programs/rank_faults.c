/*
 * A rank that goes wrong in the way argv[1] names, while rank 0 waits in MPI_Recv for a
 * message that never comes; the simulator must end the job with a report naming the
 * rank, its core, the signal and the address (tests/cli/rank_fault.sh):
 *
 *   null     rank 1 stores through a null pointer           SIGSEGV at 0x0
 *   stack    rank 1 recurses without end                     SIGSEGV on the stack's guard page
 *   deep     rank 1 uses 2 MiB of stack, then finishes      (fits the default stack: exit 0)
 *   assert   rank 1 fails an assert() (libc's abort)         SIGABRT
 *   raise    rank 1 raises SIGUSR1                           SIGUSR1
 *   divide   rank 1 divides an integer by zero               SIGFPE
 *   spin     rank 1 loops forever in its own code            stopped by the watchdog
 */
#include <assert.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <mpi.h>

static volatile int zero = 0;

/* Not a tail call (the sum uses the result), and the frame is real (volatile buffer). */
static int recurse(int depth)
{
    volatile char frame[4096];
    frame[0] = (char)depth;
    if (depth == zero - 1) return 0; /* never: depth >= 0 */
    return recurse(depth + 1) + frame[0];
}

static int deep(int depth)
{
    volatile char frame[1024];
    frame[0] = (char)depth;
    if (depth == 0) return 0;
    return deep(depth - 1) + frame[0];
}

int main(int argc, char **argv)
{
    int rank, dummy = 0;
    const char *mode = argc > 1 ? argv[1] : "null";

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);

    if (strcmp(mode, "deep") == 0) {
        int r = deep(2048); /* 2048 frames of a little over 1 KiB */
        MPI_Finalize();
        if (rank == 0) printf("rank_faults: deep recursion fits (%d)\n", r);
        return 0;
    }
    if (rank == 1) {
        if (strcmp(mode, "null") == 0) {
            volatile int *p = (volatile int *)(uintptr_t)zero; /* NULL, unknown to the compiler */
            *p = 42;
        } else if (strcmp(mode, "stack") == 0) {
            printf("rank_faults: %d\n", recurse(0));
        } else if (strcmp(mode, "assert") == 0) {
            assert(zero == 1);
        } else if (strcmp(mode, "raise") == 0) {
            raise(SIGUSR1);
        } else if (strcmp(mode, "divide") == 0) {
            printf("rank_faults: %d\n", 7 / zero);
        } else if (strcmp(mode, "spin") == 0) {
            volatile unsigned long n = 0;
            for (;;) n++;
        }
        printf("rank_faults: rank 1 survived mode '%s'\n", mode);
        MPI_Finalize();
        return 1;
    }
    MPI_Recv(&dummy, 1, MPI_INT, 1, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    MPI_Finalize();
    return 1;
}
