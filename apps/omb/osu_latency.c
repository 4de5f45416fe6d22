/*
 * osu_latency: ping-pong latency between two ranks, OSU Micro-Benchmarks 5.x method.
 *
 * For each size (0, 1, 2, 4 ... 4 MiB by default): barrier, then rank 0 sends and
 * waits for the echo while rank 1 receives and sends back (MPI_CHAR, tag 1). The first
 * `warmup` round trips are untimed; the one-way latency is elapsed / (2 * iterations),
 * printed by rank 0 in microseconds.
 */
#include <stdlib.h>

#include <mpi.h>

#include "omb_util.h"

#define LATENCY_TAG 1

static const omb_benchmark bench = {
    .program = "osu_latency",
    .title = "Latency",
    .column = "Latency (us)",
    .min_size = 0,
    .iterations = 10000,
    .warmup = 100,
    .iterations_large = 1000,
    .warmup_large = 10,
};

int main(int argc, char **argv)
{
    int rank, nprocs;
    omb_options opt;

    const int status = omb_start(&bench, &argc, &argv, omb_exactly_two,
                                 "this test needs exactly 2 processes", &rank, &nprocs, &opt);
    if (status >= 0) {
        return status;
    }

    char *s_buf = omb_alloc_buffer((size_t)opt.max_size);
    char *r_buf = omb_alloc_buffer((size_t)opt.max_size);
    const int peer = 1 - rank;

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
                MPI_Send(s_buf, size, MPI_CHAR, peer, LATENCY_TAG, MPI_COMM_WORLD);
                MPI_Recv(r_buf, size, MPI_CHAR, peer, LATENCY_TAG, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(r_buf, size, MPI_CHAR, peer, LATENCY_TAG, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                MPI_Send(s_buf, size, MPI_CHAR, peer, LATENCY_TAG, MPI_COMM_WORLD);
            }
        }
        double t_end = MPI_Wtime();

        if (rank == 0) {
            omb_print_row(size, (t_end - t_start) * 1e6 / (2.0 * iterations));
        }
    }

    free(s_buf);
    free(r_buf);
    MPI_Finalize();
    return EXIT_SUCCESS;
}
