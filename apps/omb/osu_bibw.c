/*
 * osu_bibw: bidirectional streaming bandwidth between two ranks, OMB 5.x method.
 *
 * Per iteration both ranks post a window of 64 MPI_Irecv and then 64 MPI_Isend to each
 * other and wait for all 128 requests. Rank 0 sends with tag 100 and receives tag 10;
 * rank 1 the reverse, so the two directions never match each other's receives.
 * Bandwidth counts both directions: 2 * size * iterations * 64 / elapsed, in MB/s with
 * MB = 10^6 bytes, printed by rank 0.
 *
 * One send and one receive buffer are shared by the whole window, as in OMB (see
 * osu_bw.c for why).
 */
#include <stdlib.h>

#include <mpi.h>

#include "omb_util.h"

#define WINDOW_SIZE 64
#define TAG_FROM_RANK0 100
#define TAG_FROM_RANK1 10

static const omb_benchmark bench = {
    .program = "osu_bibw",
    .title = "Bi-Directional Bandwidth",
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
    MPI_Request requests[2 * WINDOW_SIZE];

    const int status = omb_start(&bench, &argc, &argv, omb_exactly_two,
                                 "this test needs exactly 2 processes", &rank, &nprocs, &opt);
    if (status >= 0) {
        return status;
    }

    char *s_buf = omb_alloc_buffer((size_t)opt.max_size);
    char *r_buf = omb_alloc_buffer((size_t)opt.max_size);
    const int peer = 1 - rank;
    const int send_tag = rank == 0 ? TAG_FROM_RANK0 : TAG_FROM_RANK1;
    const int recv_tag = rank == 0 ? TAG_FROM_RANK1 : TAG_FROM_RANK0;

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
            for (int w = 0; w < WINDOW_SIZE; w++) {
                MPI_Irecv(r_buf, size, MPI_CHAR, peer, recv_tag, MPI_COMM_WORLD, &requests[w]);
            }
            for (int w = 0; w < WINDOW_SIZE; w++) {
                MPI_Isend(s_buf, size, MPI_CHAR, peer, send_tag, MPI_COMM_WORLD,
                          &requests[WINDOW_SIZE + w]);
            }
            MPI_Waitall(2 * WINDOW_SIZE, requests, MPI_STATUSES_IGNORE);
        }
        double t_end = MPI_Wtime();

        if (rank == 0) {
            double megabytes = 2.0 * (double)size / 1e6 * (double)iterations * WINDOW_SIZE;
            omb_print_row(size, megabytes / (t_end - t_start));
        }
    }

    free(s_buf);
    free(r_buf);
    MPI_Finalize();
    return EXIT_SUCCESS;
}
