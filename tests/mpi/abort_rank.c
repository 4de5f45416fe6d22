/*
 * MPI_Abort from one rank ends the whole job with the given error code.
 *
 * Rank 0 calls MPI_Abort(MPI_COMM_WORLD, 7) while every other rank waits in MPI_Recv
 * for a message that is never sent. Expected: all ranks end and the launcher exits
 * with status 7 (Open MPI's mpirun returns the abort code; the simulator should do the
 * same), promptly, without reaching the lines after the wait.
 */
#include <stdio.h>

#include <mpi.h>

int main(int argc, char **argv)
{
    int rank, size, dummy = 0;

    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);

    if (rank == 0) {
        MPI_Abort(MPI_COMM_WORLD, 7);
        printf("abort_rank: MPI_Abort returned on rank 0\n");
        return 1;
    }

    /* Never satisfied: rank 0 aborts instead of sending. */
    MPI_Recv(&dummy, 1, MPI_INT, 0, 0, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    printf("abort_rank: rank %d of %d received a message nobody sent\n", rank, size);
    MPI_Finalize();
    return 1;
}
