/*
 * Per-rank global state. A program's mutable globals (file-scope variables, statics
 * with internal linkage, function-local statics, a global pointer to heap memory) must
 * be private to each rank. Real MPI ranks are separate processes, so this holds
 * trivially; a simulator that runs ranks as threads of one process has to privatise
 * them (SimGrid SMPI loads one copy of the program per rank). OMB itself keeps such
 * globals, so sharing them would silently corrupt its options and buffers.
 *
 * Every rank checks the initial values, writes values unique to itself, waits at a
 * barrier for all others to do the same, and checks that nobody else's writes show
 * through; then repeats with a second set of values, and finally passes its values
 * around the ring to show they are distinct. Exits 0 on success; prints
 * "FAIL <check>: ..." and exits non-zero otherwise.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

/* The kinds of mutable global state a C program can have. */
int global_counter = 17;                 /* external linkage, initialized */
double global_scale;                     /* external linkage, zero-initialized */
static char static_name[32] = "initial"; /* internal linkage */
static int static_table[64];             /* internal linkage, zero-initialized */
int *global_heap_block = NULL;           /* points to per-rank heap memory */

/* A function-local static: counts calls made by this rank only. */
static int count_calls(void)
{
    static int calls = 0;
    return ++calls;
}

static int failures;
static int my_rank;

static void fail(const char *check, const char *detail, long got, long expected)
{
    printf("FAIL %s: rank %d: %s is %ld, expected %ld\n", check, my_rank, detail, got, expected);
    fflush(stdout);
    failures++;
}

/* Writes the values that belong to `rank` in round `round`. */
static void write_values(int rank, int round)
{
    global_counter = 1000 * round + rank;
    global_scale = 0.5 * rank + round;
    snprintf(static_name, sizeof static_name, "rank-%d-round-%d", rank, round);
    for (int i = 0; i < 64; i++) {
        static_table[i] = rank * 64 + i + round;
    }
    global_heap_block[0] = rank * 3 + round;
}

/* Checks that the globals still hold what `rank` wrote in round `round`. */
static void check_values(int rank, int round)
{
    char expected_name[32];

    if (global_counter != 1000 * round + rank) {
        fail("global_variable", "global_counter", global_counter, 1000L * round + rank);
    }
    if (global_scale != 0.5 * rank + round) {
        fail("global_double", "global_scale * 2", (long)(global_scale * 2),
             (long)rank + 2L * round);
    }
    snprintf(expected_name, sizeof expected_name, "rank-%d-round-%d", rank, round);
    if (strcmp(static_name, expected_name) != 0) {
        printf("FAIL static_variable: rank %d: static_name is '%s', expected '%s'\n", my_rank,
               static_name, expected_name);
        failures++;
    }
    for (int i = 0; i < 64; i++) {
        if (static_table[i] != rank * 64 + i + round) {
            fail("static_array", "static_table[i]", static_table[i], (long)rank * 64 + i + round);
            break;
        }
    }
    if (global_heap_block[0] != rank * 3 + round) {
        fail("global_pointer", "global_heap_block[0]", global_heap_block[0],
             (long)rank * 3 + round);
    }
}

int main(int argc, char **argv)
{
    int size;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &my_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    /* Initial values: nobody has written yet (the barrier below orders the writes after). */
    if (global_counter != 17) {
        fail("initial_values", "global_counter", global_counter, 17);
    }
    if (global_scale != 0.0) {
        fail("initial_values", "global_scale", (long)global_scale, 0);
    }
    if (strcmp(static_name, "initial") != 0 || static_table[63] != 0 || global_heap_block != NULL) {
        printf(
            "FAIL initial_values: rank %d: a static or global does not start at its initializer\n",
            my_rank);
        failures++;
    }
    MPI_Barrier(MPI_COMM_WORLD);

    global_heap_block = malloc(sizeof(int));
    if (global_heap_block == NULL) {
        MPI_Abort(MPI_COMM_WORLD, 2);
    }

    for (int round = 1; round <= 2; round++) {
        write_values(my_rank, round);
        /* Everyone has written before anyone checks, and has checked before the next round. */
        MPI_Barrier(MPI_COMM_WORLD);
        check_values(my_rank, round);
        MPI_Barrier(MPI_COMM_WORLD);
    }

    /* A function-local static counts this rank's calls only: rank r calls r + 1 times. */
    int calls = 0;
    for (int i = 0; i <= my_rank; i++) {
        calls = count_calls();
    }
    MPI_Barrier(MPI_COMM_WORLD);
    if (count_calls() != calls + 1) {
        fail("function_static", "call counter", calls + 1, my_rank + 2L);
    }

    /* The values really differ between ranks: the left neighbour's counter is its own. */
    int right = (my_rank + 1) % size, left = (my_rank + size - 1) % size;
    int from_left = -1;
    MPI_Sendrecv(&global_counter, 1, MPI_INT, right, 0, &from_left, 1, MPI_INT, left, 0,
                 MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    if (from_left != 2000 + left) {
        fail("distinct_values", "left neighbour's global_counter", from_left, 2000L + left);
    }

    free(global_heap_block);
    global_heap_block = NULL;

    int total = 0;
    MPI_Allreduce(&failures, &total, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    if (my_rank == 0) {
        printf("%s globals: %d ranks\n", total == 0 ? "PASS" : "FAILED", size);
    }
    MPI_Finalize();
    return total == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
