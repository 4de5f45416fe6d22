/* Shared option parsing, buffers and output format for the OSU-method benchmarks. */
#include "omb_util.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

/*
 * Buffers are aligned to a 4 KiB page, like OMB's page-aligned buffers, so that the
 * first byte of every message starts on a fresh page and cache line in both a real
 * run and the simulator. A fixed constant keeps this plain C11 (no sysconf).
 */
#define OMB_BUFFER_ALIGNMENT 4096

static void print_usage(const omb_benchmark *bench, FILE *to)
{
    fprintf(to,
            "Usage: %s [options]\n"
            "  -m, --message-size [MIN:]MAX  message sizes from MIN (default %d) to MAX bytes\n"
            "                                (default %d), doubling each step\n"
            "  -i, --iterations ITER         timed iterations per size (default %d, %d above %d "
            "bytes)\n"
            "  -x, --warmup WARMUP           untimed warm-up iterations per size (default %d, %d "
            "above %d bytes)\n"
            "  -h, --help                    print this help and exit\n",
            bench->program, bench->min_size, OMB_DEFAULT_MAX_SIZE, bench->iterations,
            bench->iterations_large, OMB_LARGE_MESSAGE_SIZE, bench->warmup, bench->warmup_large,
            OMB_LARGE_MESSAGE_SIZE);
}

/*
 * Parses a whole decimal string into [lo, hi]. Returns 0 on success; on failure rank 0
 * explains which option and value were wrong.
 */
static int parse_int(const omb_benchmark *bench, int rank, const char *option, const char *text,
                     long lo, long hi, int *out)
{
    char *end = NULL;
    long value;

    errno = 0;
    value = strtol(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno == ERANGE || value < lo || value > hi) {
        if (rank == 0) {
            fprintf(stderr, "%s: %s: '%s' is not an integer in [%ld, %ld]\n", bench->program,
                    option, text, lo, hi);
        }
        return -1;
    }
    *out = (int)value;
    return 0;
}

/* -m accepts "MAX" or "MIN:MAX". */
static int parse_sizes(const omb_benchmark *bench, int rank, const char *text, omb_options *out)
{
    const char *colon = strchr(text, ':');

    if (colon == NULL) {
        return parse_int(bench, rank, "-m", text, 0, OMB_LIMIT_MAX_SIZE, &out->max_size);
    }

    /* Copy MIN out so it can be parsed as a whole string. */
    char min_text[32];
    size_t min_len = (size_t)(colon - text);
    if (min_len >= sizeof min_text) {
        if (rank == 0) {
            fprintf(stderr, "%s: -m: '%s' has a MIN that is too long\n", bench->program, text);
        }
        return -1;
    }
    memcpy(min_text, text, min_len);
    min_text[min_len] = '\0';

    if (parse_int(bench, rank, "-m MIN", min_text, 0, OMB_LIMIT_MAX_SIZE, &out->min_size) != 0 ||
        parse_int(bench, rank, "-m MAX", colon + 1, 0, OMB_LIMIT_MAX_SIZE, &out->max_size) != 0) {
        return -1;
    }
    return 0;
}

enum omb_parse_result omb_parse_options(const omb_benchmark *bench, int argc, char **argv, int rank,
                                        omb_options *out)
{
    static const struct option long_options[] = {
        {"message-size", required_argument, NULL, 'm'},
        {"iterations", required_argument, NULL, 'i'},
        {"warmup", required_argument, NULL, 'x'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };

    out->min_size = bench->min_size;
    out->max_size = OMB_DEFAULT_MAX_SIZE;
    out->iterations = bench->iterations;
    out->warmup = bench->warmup;
    out->iterations_large = bench->iterations_large;
    out->warmup_large = bench->warmup_large;

    /* getopt's own messages would come from every rank; rank 0 reports errors instead. */
    opterr = 0;
    optind = 1;

    int c;
    while ((c = getopt_long(argc, argv, ":m:i:x:h", long_options, NULL)) != -1) {
        switch (c) {
        case 'm':
            if (parse_sizes(bench, rank, optarg, out) != 0) {
                return OMB_PARSE_ERROR;
            }
            break;
        case 'i':
            if (parse_int(bench, rank, "-i", optarg, 1, INT_MAX, &out->iterations) != 0) {
                return OMB_PARSE_ERROR;
            }
            out->iterations_large = out->iterations;
            break;
        case 'x':
            if (parse_int(bench, rank, "-x", optarg, 0, INT_MAX, &out->warmup) != 0) {
                return OMB_PARSE_ERROR;
            }
            out->warmup_large = out->warmup;
            break;
        case 'h':
            if (rank == 0) {
                print_usage(bench, stdout);
            }
            return OMB_PARSE_HELP;
        case ':':
            if (rank == 0) {
                fprintf(stderr, "%s: option '%s' needs a value\n", bench->program,
                        argv[optind - 1]);
                print_usage(bench, stderr);
            }
            return OMB_PARSE_ERROR;
        default:
            if (rank == 0) {
                fprintf(stderr, "%s: unknown option '%s'\n", bench->program, argv[optind - 1]);
                print_usage(bench, stderr);
            }
            return OMB_PARSE_ERROR;
        }
    }

    if (optind < argc) {
        if (rank == 0) {
            fprintf(stderr, "%s: unexpected argument '%s'\n", bench->program, argv[optind]);
            print_usage(bench, stderr);
        }
        return OMB_PARSE_ERROR;
    }
    if (out->min_size > out->max_size) {
        if (rank == 0) {
            fprintf(stderr, "%s: -m: MIN %d is larger than MAX %d\n", bench->program, out->min_size,
                    out->max_size);
        }
        return OMB_PARSE_ERROR;
    }
    return OMB_PARSE_RUN;
}

int omb_next_size(int size, int max_size)
{
    if (size == 0) {
        return max_size >= 1 ? 1 : -1;
    }
    /* size <= max_size <= 2^30 here, so the comparison cannot overflow. */
    if (size > max_size / 2) {
        return -1;
    }
    return size * 2;
}

void omb_counts_for_size(const omb_options *opt, int size, int *iterations, int *warmup)
{
    if (size > OMB_LARGE_MESSAGE_SIZE) {
        *iterations = opt->iterations_large;
        *warmup = opt->warmup_large;
    } else {
        *iterations = opt->iterations;
        *warmup = opt->warmup;
    }
}

void *omb_alloc_buffer(size_t bytes)
{
    /* C11 aligned_alloc wants a size that is a multiple of the alignment. */
    size_t rounded =
        (bytes + OMB_BUFFER_ALIGNMENT - 1) / OMB_BUFFER_ALIGNMENT * OMB_BUFFER_ALIGNMENT;
    if (rounded == 0) {
        rounded = OMB_BUFFER_ALIGNMENT;
    }
    void *buffer = aligned_alloc(OMB_BUFFER_ALIGNMENT, rounded);
    if (buffer == NULL) {
        fprintf(stderr, "omb: cannot allocate a %zu-byte message buffer\n", rounded);
        MPI_Abort(MPI_COMM_WORLD, EXIT_FAILURE);
        return NULL; /* not reached: MPI_Abort does not return */
    }
    omb_touch_buffer(buffer, rounded, 0);
    return buffer;
}

void omb_touch_buffer(void *buffer, size_t bytes, char value)
{
    memset(buffer, value, bytes);
}

void omb_print_header(const omb_benchmark *bench)
{
    printf("# OSU MPI %s Test v%s\n", bench->title, OMB_VERSION);
    printf("%-10s%18s\n", "# Size", bench->column);
    fflush(stdout);
}

void omb_print_row(int size, double value)
{
    printf("%-10d%18.2f\n", size, value);
    /* Flush per row so a long sweep shows progress and a killed run keeps its rows. */
    fflush(stdout);
}

int omb_exactly_two(int nprocs)
{
    return nprocs == 2;
}

int omb_even_at_least_two(int nprocs)
{
    return nprocs >= 2 && nprocs % 2 == 0;
}

int omb_start(const omb_benchmark *bench, int *argc, char ***argv, int (*ranks_ok)(int nprocs),
              const char *requirement, int *rank, int *nprocs, omb_options *opt)
{
    MPI_Init(argc, argv);
    MPI_Comm_rank(MPI_COMM_WORLD, rank);
    MPI_Comm_size(MPI_COMM_WORLD, nprocs);

    enum omb_parse_result parsed = omb_parse_options(bench, *argc, *argv, *rank, opt);
    if (parsed != OMB_PARSE_RUN) {
        MPI_Finalize();
        return parsed == OMB_PARSE_HELP ? EXIT_SUCCESS : EXIT_FAILURE;
    }
    if (!ranks_ok(*nprocs)) {
        if (*rank == 0) {
            fprintf(stderr, "%s: %s (started with %d)\n", bench->program, requirement, *nprocs);
        }
        MPI_Finalize();
        return EXIT_FAILURE;
    }
    return -1;
}
