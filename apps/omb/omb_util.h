/*
 * Shared pieces of the OSU-method point-to-point benchmarks (osu_latency, osu_bw,
 * osu_bibw, osu_multi_lat): option parsing, message-size stepping, iteration counts,
 * buffer allocation and the OMB 5.x output format.
 *
 * The programs are written from the methodology in /work/shared/REFERENCE.md, not from
 * OSU sources, and are plain C11 + MPI-3 so that both a real MPI and the simulator's
 * own mpi.h can build them unchanged.
 */
#ifndef OMB_UTIL_H
#define OMB_UTIL_H

#include <stddef.h>

/* The OMB release whose output format and defaults these programs reproduce. */
#define OMB_VERSION "5.8"

/* Messages larger than this use the "large" iteration and warm-up counts. */
#define OMB_LARGE_MESSAGE_SIZE 8192

/* Default largest message: 4 MiB. */
#define OMB_DEFAULT_MAX_SIZE (1 << 22)

/* Hard cap on -m MAX so a typo cannot ask for gigabytes per buffer. */
#define OMB_LIMIT_MAX_SIZE (1 << 30)

/* What one benchmark program is, and its defaults. */
typedef struct {
    const char *program;  /* name used in messages, e.g. "osu_latency" */
    const char *title;    /* goes into "# OSU MPI <title> Test v5.8" */
    const char *column;   /* value column heading, e.g. "Latency (us)" */
    int min_size;         /* first message size when -m gives only MAX */
    int iterations;       /* timed iterations for sizes <= OMB_LARGE_MESSAGE_SIZE */
    int warmup;           /* untimed iterations for those sizes */
    int iterations_large; /* timed iterations above OMB_LARGE_MESSAGE_SIZE */
    int warmup_large;     /* untimed iterations above it */
} omb_benchmark;

/* The settings of one run after the command line has been applied. */
typedef struct {
    int min_size;
    int max_size;
    int iterations;
    int warmup;
    int iterations_large;
    int warmup_large;
} omb_options;

enum omb_parse_result {
    OMB_PARSE_RUN,  /* options valid: run the benchmark */
    OMB_PARSE_HELP, /* -h: usage printed, exit successfully */
    OMB_PARSE_ERROR /* bad command line: message printed, exit with failure */
};

/*
 * Parses -m [MIN:]MAX, -i ITER, -x WARMUP and -h (long forms --message-size,
 * --iterations, --warmup, --help). Every rank parses the same argv; only rank 0 prints
 * usage or errors so the output is not repeated once per rank. -i and -x set the counts
 * for both small and large messages, as in OMB.
 */
enum omb_parse_result omb_parse_options(const omb_benchmark *bench, int argc, char **argv, int rank,
                                        omb_options *out);

/*
 * Message-size stepping: 0 -> 1, otherwise doubling. Returns -1 once the next size
 * would pass max_size, which ends the loop without ever overflowing an int.
 */
int omb_next_size(int size, int max_size);

/* The iteration and warm-up counts that apply to one message size. */
void omb_counts_for_size(const omb_options *opt, int size, int *iterations, int *warmup);

/*
 * Page-aligned buffer of at least `bytes` bytes (at least one page), written once so
 * every page is mapped before timing starts. Calls MPI_Abort if memory runs out.
 */
void *omb_alloc_buffer(size_t bytes);

/* Fills the first `bytes` bytes with `value`, as OMB does before each message size. */
void omb_touch_buffer(void *buffer, size_t bytes, char value);

/* The two header lines (rank 0 only calls this). */
void omb_print_header(const omb_benchmark *bench);

/* One result row: size left-aligned in 10 columns, value right-aligned in 18, 2 decimals. */
void omb_print_row(int size, double value);

/* Rank-count rules for omb_start. */
int omb_exactly_two(int nprocs);
int omb_even_at_least_two(int nprocs);

/*
 * What every program does first: MPI_Init, its rank and the number of processes, the
 * options, and the rank-count check (`ranks_ok`; on failure rank 0 prints
 * `<program>: <requirement> (started with N)` to stderr). Returns -1 when the benchmark
 * is to run; otherwise MPI_Finalize has been called and the value is main's exit status
 * (success after -h, failure after a bad option or rank count).
 */
int omb_start(const omb_benchmark *bench, int *argc, char ***argv, int (*ranks_ok)(int nprocs),
              const char *requirement, int *rank, int *nprocs, omb_options *opt);

#endif /* OMB_UTIL_H */
