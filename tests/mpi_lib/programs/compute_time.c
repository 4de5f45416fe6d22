/* A rank's computation and sleeps cost simulated time (mpi_shim/compute_clock.h,
 * mpi_shim/rank_time.cpp), measured as a user would, with MPI_Wtime and gettimeofday.
 *
 *   compute_time [--off] [--units N]
 *
 * Checks, on every rank: a compute loop of 2N units measures twice the time of N units
 * (within 1%), and more than 0; sleep(1), usleep(250000) and nanosleep(0.125 s) measure
 * what they ask (within 1 us), and gettimeofday / clock_gettime advance with them.
 * With --off (run with --set mpi.compute.enabled=false) the loop and the sleeps measure
 * under 1 us (only the MPI_Wtime calls' own cost). Prints one line per rank of figures
 * (deterministic: the same every run) and exits 1 after "FAIL ..." lines otherwise. */
#define _DEFAULT_SOURCE /* usleep */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static int failures;
static int rank;

static void check(int ok, const char* what, double got) {
  if (!ok) {
    printf("FAIL %s: rank %d: measured %.9f s\n", what, rank, got);
    ++failures;
  }
}

/* Work proportional to UNITS that the optimiser cannot remove or fold. */
static double work(long units, double seed) {
  double x = seed;
  for (long i = 0; i < units; ++i) x = x * 1.0000001 + (double)(i & 7) * 1e-9;
  return x;
}

static double tv_seconds(const struct timeval* t) { return (double)t->tv_sec + t->tv_usec * 1e-6; }
static double ts_seconds(const struct timespec* t) { return (double)t->tv_sec + t->tv_nsec * 1e-9; }

int main(int argc, char** argv) {
  int off = 0;
  long units = 200000;
  for (int i = 1; i < argc; ++i) {
    if (strcmp(argv[i], "--off") == 0) off = 1;
    else if (strcmp(argv[i], "--units") == 0 && i + 1 < argc) units = atol(argv[++i]);
    else {
      fprintf(stderr, "usage: compute_time [--off] [--units N]\n");
      return 2;
    }
  }
  MPI_Init(&argc, &argv);
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  double sink = 0;

  double t0 = MPI_Wtime();
  sink += work(units, 1.0 + rank);
  double t1 = MPI_Wtime();
  sink += work(2 * units, 2.0 + rank);
  double t2 = MPI_Wtime();
  const double one = t1 - t0, two = t2 - t1;

  struct timeval g0, g1;
  struct timespec c0, c1;
  gettimeofday(&g0, NULL);
  clock_gettime(CLOCK_MONOTONIC, &c0);
  double s0 = MPI_Wtime();
  sleep(1);
  double s1 = MPI_Wtime();
  usleep(250000);
  double s2 = MPI_Wtime();
  struct timespec req = {0, 125000000};
  nanosleep(&req, NULL);
  double s3 = MPI_Wtime();
  gettimeofday(&g1, NULL);
  clock_gettime(CLOCK_MONOTONIC, &c1);

  if (off) {
    check(one < 1e-6 && two < 1e-6, "computation is free with mpi.compute.enabled=false", one + two);
    check(s3 - s0 < 1e-6, "sleeps are free with mpi.compute.enabled=false", s3 - s0);
  } else {
    check(one > 1e-4, "a compute loop costs simulated time", one);
    check(two > 1.99 * one && two < 2.01 * one, "twice the work takes twice the time", two / one);
    check(s1 - s0 > 1.0 - 1e-6 && s1 - s0 < 1.0 + 1e-6, "sleep(1) takes 1 s", s1 - s0);
    check(s2 - s1 > 0.25 - 1e-6 && s2 - s1 < 0.25 + 1e-6, "usleep(250000) takes 0.25 s", s2 - s1);
    check(s3 - s2 > 0.125 - 1e-6 && s3 - s2 < 0.125 + 1e-6, "nanosleep(0.125 s)", s3 - s2);
    const double g = tv_seconds(&g1) - tv_seconds(&g0), c = ts_seconds(&c1) - ts_seconds(&c0);
    check(g > 1.375 - 2e-6 && g < 1.375 + 1e-5, "gettimeofday follows the sleeps", g);
    check(c > 1.375 - 1e-6 && c < 1.375 + 1e-5, "clock_gettime follows the sleeps", c);
    check(g0.tv_sec >= 1262304000, "gettimeofday reads a date from 2010 on", (double)g0.tv_sec);
  }
  printf("rank %d: %ld units %.9f s, %ld units %.9f s, sleeps %.9f s (%g)\n", rank, units, one, 2 * units,
         two, s3 - s0, sink > 0 ? 1.0 : 0.0);
  int all = 0;
  MPI_Allreduce(&failures, &all, 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
  MPI_Finalize();
  return all ? 1 : 0;
}
