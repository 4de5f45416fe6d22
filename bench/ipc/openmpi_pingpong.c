/* The openmpi-sm peer row of ./smvn ipc-bench: the same two measurements as ours, with
 * MPI_Send/MPI_Recv between two ranks on one host (Open MPI's shared-memory BTL, vader;
 * ipc_bench.cpp starts it with mpirun). Built with Debian's real mpicc, not smvn-mpicc.
 * Prints one line: "<1-byte latency in us> <1 MB ping-pong bandwidth in MB/s>", with the
 * same definitions as ours: half the round trip, and 2 x 1 MB per round trip. */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double round_trip(int rank, char* buf, int size, int iters, int warmup) {
  double t0 = 0;
  for (int i = 0; i < iters + warmup; ++i) {
    if (i == warmup) t0 = MPI_Wtime();
    if (rank == 0) {
      MPI_Send(buf, size, MPI_CHAR, 1, 1, MPI_COMM_WORLD);
      MPI_Recv(buf, size, MPI_CHAR, 1, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
    } else {
      MPI_Recv(buf, size, MPI_CHAR, 0, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
      MPI_Send(buf, size, MPI_CHAR, 0, 1, MPI_COMM_WORLD);
    }
  }
  return (MPI_Wtime() - t0) / iters;
}

int main(int argc, char** argv) {
  MPI_Init(&argc, &argv);
  int rank = 0, ranks = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &ranks);
  if (ranks != 2) {
    if (rank == 0) fprintf(stderr, "openmpi_pingpong: needs exactly 2 ranks, got %d\n", ranks);
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  const int lat_iters = argc > 1 ? atoi(argv[1]) : 20000, bw_iters = argc > 2 ? atoi(argv[2]) : 200;
  const int big = 1 << 20;
  char* buf = malloc(big);
  memset(buf, 1, big);
  const double lat = round_trip(rank, buf, 1, lat_iters, 100);
  const double bw = round_trip(rank, buf, big, bw_iters, 10);
  if (rank == 0) printf("%.4f %.1f\n", lat / 2 * 1e6, 2.0 * big / bw / 1e6);
  free(buf);
  MPI_Finalize();
  return 0;
}
