/*
 * A rank that leaves with exit(3) right after MPI_Init, without MPI_Finalize, while the
 * other ranks wait for it in MPI_Barrier.
 *
 * Expected behaviour: the MPI standard makes exiting without MPI_Finalize erroneous and
 * leaves the outcome to the implementation, but every usable launcher notices that a
 * rank has gone and ends the job instead of leaving the others blocked forever. Under
 * Open MPI 4.1, mpirun reports the rank that exited with a non-zero status, kills the
 * remaining ranks and itself exits with that rank's status, 3. The simulator should do
 * the same: end the run promptly with status 3 and a message naming rank 1, never hang
 * in the barrier. run_openmpi.sh checks for status 3 within its timeout and that no
 * rank got past the barrier.
 *
 * Needs at least 2 ranks; with fewer it says so and exits with status 2.
 */
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

int main(int argc, char **argv)
{
    int rank, size;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    if (size < 2) {
        fprintf(stderr, "exit_rank: needs at least 2 processes (started with %d)\n", size);
        MPI_Finalize();
        return 2;
    }
    if (rank == 1) {
        exit(3);
    }

    /* Cannot complete: rank 1 never arrives. */
    MPI_Barrier(MPI_COMM_WORLD);
    printf("exit_rank: rank %d got past a barrier that rank 1 never entered\n", rank);
    MPI_Finalize();
    return 0;
}
