/*
 * osu_bw: unidirectional streaming bandwidth between two ranks, OMB 5.x method.
 *
 * Per iteration rank 0 posts a window of 64 MPI_Isend (tag 100) and waits for them all,
 * then receives a 4-byte acknowledgement (tag 101); rank 1 posts 64 MPI_Irecv, waits for
 * them and sends the acknowledgement. Bandwidth = size * iterations * 64 / elapsed, in
 * MB/s with MB = 10^6 bytes, printed by rank 0.
 *
 * All receives of a window land in the same buffer and all sends read the same buffer,
 * as in OMB: the payload is not inspected, and keeping one buffer keeps the cache and
 * memory footprint equal to the original benchmark's, which is what a simulator run of
 * it should reproduce.
 */
#include <stdlib.h>

#include <mpi.h>

#include "omb_util.h"

#define WINDOW_SIZE 64
#define DATA_TAG 100
#define ACK_TAG 101
#define ACK_BYTES 4

static const omb_benchmark bench = {
    .program = "osu_bw",
    .title = "Bandwidth",
    .column = "Bandwidth (MB/s)",
    .min_size = 1,
    .iterations = 100,
    .warmup = 10,
    .iterations_large = 20,
    .warmup_large = 2,
};

int main(int argc, char **argv)
{
    int rank, nprocs;
    omb_options opt;
    MPI_Request requests[WINDOW_SIZE];
    char ack[ACK_BYTES] = {0};

    const int status = omb_start(&bench, &argc, &argv, omb_exactly_two,
                                 "this test needs exactly 2 processes", &rank, &nprocs, &opt);
    if (status >= 0) {
        return status;
    }

    char *s_buf = omb_alloc_buffer((size_t)opt.max_size);
    char *r_buf = omb_alloc_buffer((size_t)opt.max_size);

    if (rank == 0) {
        omb_print_header(&bench);
    }

    for (int size = opt.min_size; size >= 0; size = omb_next_size(size, opt.max_size)) {
        int iterations, warmup;
        omb_counts_for_size(&opt, size, &iterations, &warmup);

        omb_touch_buffer(s_buf, (size_t)size, 'a');
        omb_touch_buffer(r_buf, (size_t)size, 'b');
        MPI_Barrier(MPI_COMM_WORLD);

        double t_start = 0.0;
        for (int i = 0; i < warmup + iterations; i++) {
            if (i == warmup) {
                t_start = MPI_Wtime();
            }
            if (rank == 0) {
                for (int w = 0; w < WINDOW_SIZE; w++) {
                    MPI_Isend(s_buf, size, MPI_CHAR, 1, DATA_TAG, MPI_COMM_WORLD, &requests[w]);
                }
                MPI_Waitall(WINDOW_SIZE, requests, MPI_STATUSES_IGNORE);
                MPI_Recv(ack, ACK_BYTES, MPI_CHAR, 1, ACK_TAG, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            } else {
                for (int w = 0; w < WINDOW_SIZE; w++) {
                    MPI_Irecv(r_buf, size, MPI_CHAR, 0, DATA_TAG, MPI_COMM_WORLD, &requests[w]);
                }
                MPI_Waitall(WINDOW_SIZE, requests, MPI_STATUSES_IGNORE);
                MPI_Send(ack, ACK_BYTES, MPI_CHAR, 0, ACK_TAG, MPI_COMM_WORLD);
            }
        }
        double t_end = MPI_Wtime();

        if (rank == 0) {
            double megabytes = (double)size / 1e6 * (double)iterations * WINDOW_SIZE;
            omb_print_row(size, megabytes / (t_end - t_start));
        }
    }

    free(s_buf);
    free(r_buf);
    MPI_Finalize();
    return EXIT_SUCCESS;
}
