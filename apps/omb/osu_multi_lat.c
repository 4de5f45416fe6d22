/*
 * osu_multi_lat: ping-pong latency of many pairs at once, OMB 5.x method.
 *
 * With N ranks (N even), rank i < N/2 is paired with rank i + N/2. Every pair runs the
 * osu_latency ping-pong (the lower rank sends first; MPI_CHAR, tag 1) at the same time,
 * so the pairs compete for the interconnect. Each rank computes its one-way latency,
 * elapsed / (2 * iterations); rank 0 prints the mean over all ranks (MPI_Reduce SUM / N)
 * in microseconds.
 */
#include <stdlib.h>

#include <mpi.h>

#include "omb_util.h"

#define LATENCY_TAG 1

static const omb_benchmark bench = {
    .program = "osu_multi_lat",
    .title = "Multi Latency",
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

    const int status = omb_start(&bench, &argc, &argv, omb_even_at_least_two,
                                 "this test needs an even number of processes, at least 2",
                                 &rank, &nprocs, &opt);
    if (status >= 0) {
        return status;
    }

    char *s_buf = omb_alloc_buffer((size_t)opt.max_size);
    char *r_buf = omb_alloc_buffer((size_t)opt.max_size);
    const int pairs = nprocs / 2;
    const int sends_first = rank < pairs;
    const int partner = sends_first ? rank + pairs : rank - pairs;

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
            if (sends_first) {
                MPI_Send(s_buf, size, MPI_CHAR, partner, LATENCY_TAG, MPI_COMM_WORLD);
                MPI_Recv(r_buf, size, MPI_CHAR, partner, LATENCY_TAG, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
            } else {
                MPI_Recv(r_buf, size, MPI_CHAR, partner, LATENCY_TAG, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE);
                MPI_Send(s_buf, size, MPI_CHAR, partner, LATENCY_TAG, MPI_COMM_WORLD);
            }
        }
        double t_end = MPI_Wtime();

        double latency = (t_end - t_start) * 1e6 / (2.0 * iterations);
        double latency_sum = 0.0;
        MPI_Reduce(&latency, &latency_sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            omb_print_row(size, latency_sum / nprocs);
        }
    }

    free(s_buf);
    free(r_buf);
    MPI_Finalize();
    return EXIT_SUCCESS;
}
