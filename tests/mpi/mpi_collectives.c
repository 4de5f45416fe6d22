/*
 * Collective semantics on any number of ranks: MPI_Barrier, MPI_Bcast, MPI_Reduce,
 * MPI_Allreduce (MPI_SUM, MPI_MAX, MPI_MIN, MPI_PROD on MPI_INT and MPI_DOUBLE, and
 * MPI_IN_PLACE), MPI_Gather, MPI_Scatter, MPI_Allgather and MPI_Alltoall. Every result
 * is verified by the rank that receives it, for roots at both ends of the rank range,
 * on MPI_COMM_WORLD and on a duplicate of it, and with buffers around the 256 KiB eager
 * limit and of a few MiB. Also checks that collective traffic never matches a pending
 * point-to-point receive.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "mpi_check.h"

#define EAGER_LIMIT (256 * 1024)
#define MIB_MESSAGE ((size_t)3 * 1024 * 1024 + 3)

#define TAG_BARRIER 200
#define TAG_ISOLATION 201

/* The roots every rooted collective is run with: first and last rank. */
static int root_count(void)
{
    return mc_size > 1 ? 2 : 1;
}

static int root_at(int i)
{
    return i == 0 ? 0 : mc_size - 1;
}

/* Seed for the block that rank `from` contributes towards rank `to` with root `root`. */
static unsigned block_seed(int from, int to, int root)
{
    return (unsigned)(from * 97 + to * 31 + root * 7 + 1);
}

/* Checks `bytes` of a received buffer against a pattern, naming the collective. */
static void check_block(const char *check, const unsigned char *buf, size_t bytes, unsigned seed,
                        const char *what, int which)
{
    size_t bad = mc_verify(buf, bytes, seed);
    MC_CHECK(check, bad == (size_t)-1, "%s %d (%zu bytes) differs at offset %zu", what, which,
             bytes, bad);
}

/* Context for mc_poll_for_a_while: has a message with the barrier tag arrived? */
static int poll_barrier_message(void *context)
{
    int flag = 0;
    MPI_Iprobe(MPI_ANY_SOURCE, TAG_BARRIER, *(MPI_Comm *)context, &flag, MPI_STATUS_IGNORE);
    return flag;
}

/*
 * MPI_Barrier holds everyone until the last rank arrives. One "late" rank polls for a
 * while before entering the barrier; every other rank sends it a message right after
 * leaving the barrier, so none of those messages may be seen before the late rank enters.
 */
static void test_barrier(MPI_Comm comm, const char *comm_name)
{
    for (int r = 0; r < root_count(); r++) {
        const int late = root_at(r);
        int token = mc_rank;
        MPI_Request *reqs = NULL;

        if (mc_rank == late) {
            int early = mc_poll_for_a_while(poll_barrier_message, &comm, 1000, 0.005);
            MC_CHECK("barrier", !early, "on %s a rank left the barrier before rank %d entered it",
                     comm_name, late);
        }
        MC_CALL("barrier", MPI_Barrier(comm));
        if (mc_rank != late) {
            MC_CALL("barrier", MPI_Send(&token, 1, MPI_INT, late, TAG_BARRIER, comm));
        } else {
            reqs = mc_alloc(sizeof(MPI_Request) * (size_t)mc_size);
            int *got = mc_alloc(sizeof(int) * (size_t)mc_size);
            for (int src = 0; src < mc_size; src++) {
                got[src] = -1;
                reqs[src] = MPI_REQUEST_NULL;
                if (src != late) {
                    MC_CALL("barrier",
                            MPI_Irecv(&got[src], 1, MPI_INT, src, TAG_BARRIER, comm, &reqs[src]));
                }
            }
            MC_CALL("barrier", MPI_Waitall(mc_size, reqs, MPI_STATUSES_IGNORE));
            for (int src = 0; src < mc_size; src++) {
                MC_CHECK("barrier", src == late || got[src] == src,
                         "message from %d after the barrier carries %d", src, got[src]);
            }
            free(got);
            free(reqs);
        }
    }
}

/*
 * MPI_Bcast: every root sends small int vectors; the first and last rank also send byte
 * buffers around the eager limit and a few MiB. Receivers start from a poisoned buffer.
 */
static void test_bcast(MPI_Comm comm)
{
    const size_t byte_sizes[] = {EAGER_LIMIT - 1, EAGER_LIMIT, EAGER_LIMIT + 1, MIB_MESSAGE};
    int ints[100];

    for (int root = 0; root < mc_size; root++) {
        for (int n = 1; n <= 100; n += 99) {
            for (int i = 0; i < n; i++) {
                ints[i] = mc_rank == root ? root * 1000 + i : -1;
            }
            MC_CALL("bcast", MPI_Bcast(ints, n, MPI_INT, root, comm));
            int ok = 1;
            for (int i = 0; i < n; i++) {
                ok = ok && ints[i] == root * 1000 + i;
            }
            MC_CHECK("bcast", ok, "%d ints from root %d arrived wrong", n, root);
        }
    }
    for (int r = 0; r < root_count(); r++) {
        const int root = root_at(r);
        for (size_t k = 0; k < sizeof byte_sizes / sizeof byte_sizes[0]; k++) {
            const size_t n = byte_sizes[k];
            if (!mc_size_allowed(n)) {
                continue;
            }
            unsigned char *buf = mc_alloc(n);
            if (mc_rank == root) {
                mc_fill(buf, n, block_seed(root, 0, root));
            } else {
                memset(buf, 0xA5, n);
            }
            MC_CALL("bcast_large", MPI_Bcast(buf, (int)n, MPI_BYTE, root, comm));
            check_block("bcast_large", buf, n, block_seed(root, 0, root), "broadcast from root",
                        root);
            free(buf);
        }
    }
}

/* The four reduction operations under test. */
enum op_kind { OP_SUM, OP_MAX, OP_MIN, OP_PROD, OP_KINDS };

static MPI_Op op_handle(enum op_kind kind)
{
    switch (kind) {
    case OP_SUM: return MPI_SUM;
    case OP_MAX: return MPI_MAX;
    case OP_MIN: return MPI_MIN;
    default: return MPI_PROD;
    }
}

static const char *op_name(enum op_kind kind)
{
    static const char *const names[OP_KINDS] = {"MPI_SUM", "MPI_MAX", "MPI_MIN", "MPI_PROD"};
    return names[kind];
}

/*
 * What rank r contributes at element j. All values are small integers (also when sent as
 * doubles), so every sum and product is exact whatever order the MPI combines them in.
 * MAX and MIN use values whose winner moves between ranks from element to element; PROD
 * uses 1, 2 and -1 so the product stays within 2^(ranks) and its sign varies.
 */
static int contribution(enum op_kind kind, int r, int j)
{
    switch (kind) {
    case OP_SUM: return (r + 1) * (j % 7 + 1) - (j % 5);
    case OP_MAX:
    case OP_MIN: return (r * 7 + j * 3) % 11 - 5;
    default: {
        const int m = (r + j) % 3;
        return m == 0 ? 2 : (m == 1 ? 1 : -1);
    }
    }
}

/* The reduction of all ranks' contributions at element j, computed locally. */
static long long expected_result(enum op_kind kind, int j)
{
    long long acc = contribution(kind, 0, j);
    for (int r = 1; r < mc_size; r++) {
        const long long v = contribution(kind, r, j);
        switch (kind) {
        case OP_SUM: acc += v; break;
        case OP_MAX: acc = v > acc ? v : acc; break;
        case OP_MIN: acc = v < acc ? v : acc; break;
        default: acc *= v; break;
        }
    }
    return acc;
}

/* Checks n reduced elements held as ints or doubles. */
static void check_reduced(const char *check, enum op_kind kind, MPI_Datatype type, const void *buf,
                          int n, const char *how)
{
    for (int j = 0; j < n; j++) {
        const long long want = expected_result(kind, j);
        const double got =
            type == MPI_INT ? (double)((const int *)buf)[j] : ((const double *)buf)[j];
        if (got != (double)want) {
            mc_fail(check, "%s %s over %d %s: element %d is %g, expected %lld", how, op_name(kind),
                    n, type == MPI_INT ? "MPI_INT" : "MPI_DOUBLE", j, got, want);
            return;
        }
    }
    mc_count_check();
}

/* Fills a send buffer with this rank's contributions. */
static void fill_contribution(enum op_kind kind, MPI_Datatype type, void *buf, int n)
{
    for (int j = 0; j < n; j++) {
        const int v = contribution(kind, mc_rank, j);
        if (type == MPI_INT) {
            ((int *)buf)[j] = v;
        } else {
            ((double *)buf)[j] = v;
        }
    }
}

/*
 * MPI_Reduce and MPI_Allreduce for every operation on MPI_INT and MPI_DOUBLE, with 1 and
 * 1000 elements, and for MPI_SUM also with 65537 elements (over 256 KiB either way).
 * Each is run with separate buffers and with MPI_IN_PLACE.
 */
static void test_reductions(MPI_Comm comm)
{
    const int counts[] = {1, 1000, 65537};
    const MPI_Datatype types[2] = {MPI_INT, MPI_DOUBLE};

    for (int t = 0; t < 2; t++) {
        const size_t elem = types[t] == MPI_INT ? sizeof(int) : sizeof(double);
        for (size_t c = 0; c < sizeof counts / sizeof counts[0]; c++) {
            const int n = counts[c];
            if (!mc_size_allowed((size_t)n * elem)) {
                continue;
            }
            void *in = mc_alloc((size_t)n * elem);
            void *out = mc_alloc((size_t)n * elem);
            for (int k = 0; k < OP_KINDS; k++) {
                const enum op_kind kind = (enum op_kind)k;
                if (n > 1000 && kind != OP_SUM) {
                    continue; /* the large count is about transport, one operation is enough */
                }
                for (int r = 0; r < root_count(); r++) {
                    const int root = root_at(r);
                    fill_contribution(kind, types[t], in, n);
                    memset(out, 0xFF, (size_t)n * elem);
                    MC_CALL("reduce",
                            MPI_Reduce(in, out, n, types[t], op_handle(kind), root, comm));
                    if (mc_rank == root) {
                        check_reduced("reduce", kind, types[t], out, n, "MPI_Reduce");
                    }
                    /* In place: the root's input is taken from, and replaced in, recvbuf. */
                    fill_contribution(kind, types[t], in, n);
                    if (mc_rank == root) {
                        MC_CALL("reduce_in_place", MPI_Reduce(MPI_IN_PLACE, in, n, types[t],
                                                              op_handle(kind), root, comm));
                        check_reduced("reduce_in_place", kind, types[t], in, n,
                                      "MPI_Reduce in place");
                    } else {
                        MC_CALL("reduce_in_place",
                                MPI_Reduce(in, NULL, n, types[t], op_handle(kind), root, comm));
                    }
                }
                fill_contribution(kind, types[t], in, n);
                memset(out, 0xFF, (size_t)n * elem);
                MC_CALL("allreduce", MPI_Allreduce(in, out, n, types[t], op_handle(kind), comm));
                check_reduced("allreduce", kind, types[t], out, n, "MPI_Allreduce");
                MC_CALL("allreduce_in_place",
                        MPI_Allreduce(MPI_IN_PLACE, in, n, types[t], op_handle(kind), comm));
                check_reduced("allreduce_in_place", kind, types[t], in, n,
                              "MPI_Allreduce in place");
            }
            free(in);
            free(out);
        }
    }
}

/* Block sizes (bytes per rank) for gather, scatter, allgather and alltoall. */
static const size_t block_sizes[] = {0, 1, 333, EAGER_LIMIT + 1};
#define BLOCK_SIZE_COUNT (sizeof block_sizes / sizeof block_sizes[0])

/* Whether a collective whose biggest buffer holds one block per rank fits --max-bytes. */
static int blocks_allowed(size_t block)
{
    return mc_size_allowed(block * (size_t)mc_size);
}

/*
 * MPI_Gather and MPI_Scatter: the root receives (sends) a different pattern from (to)
 * every rank; each receiver verifies its block. Gather is also checked with ints.
 */
static void test_gather_scatter(MPI_Comm comm)
{
    for (size_t k = 0; k < BLOCK_SIZE_COUNT; k++) {
        const size_t b = block_sizes[k];
        if (!blocks_allowed(b)) {
            continue;
        }
        unsigned char *mine = mc_alloc(b);
        unsigned char *all = mc_alloc(b * (size_t)mc_size);
        for (int r = 0; r < root_count(); r++) {
            const int root = root_at(r);

            mc_fill(mine, b, block_seed(mc_rank, root, root));
            memset(all, 0x5A, b * (size_t)mc_size);
            MC_CALL("gather",
                    MPI_Gather(mine, (int)b, MPI_BYTE, all, (int)b, MPI_BYTE, root, comm));
            if (mc_rank == root) {
                for (int src = 0; src < mc_size; src++) {
                    check_block("gather", all + (size_t)src * b, b, block_seed(src, root, root),
                                "block from rank", src);
                }
            }

            if (mc_rank == root) {
                for (int dst = 0; dst < mc_size; dst++) {
                    mc_fill(all + (size_t)dst * b, b, block_seed(root, dst, root));
                }
            }
            memset(mine, 0x5A, b);
            MC_CALL("scatter",
                    MPI_Scatter(all, (int)b, MPI_BYTE, mine, (int)b, MPI_BYTE, root, comm));
            check_block("scatter", mine, b, block_seed(root, mc_rank, root), "block for rank",
                        mc_rank);
        }
        free(mine);
        free(all);
    }

    /* Typed: each rank contributes three ints that name it. */
    int three[3] = {mc_rank, -mc_rank, mc_rank * mc_rank};
    int *gathered = mc_alloc(sizeof(int) * 3 * (size_t)mc_size);
    const int root = mc_size - 1;
    MC_CALL("gather_int", MPI_Gather(three, 3, MPI_INT, gathered, 3, MPI_INT, root, comm));
    if (mc_rank == root) {
        int ok = 1;
        for (int src = 0; src < mc_size; src++) {
            ok = ok && gathered[3 * src] == src && gathered[3 * src + 1] == -src &&
                 gathered[3 * src + 2] == src * src;
        }
        MC_CHECK("gather_int", ok, "gathered ints are not ordered by rank");
    }
    free(gathered);
}

/* MPI_Allgather: everyone gets everyone's block, in rank order. */
static void test_allgather(MPI_Comm comm)
{
    for (size_t k = 0; k < BLOCK_SIZE_COUNT; k++) {
        const size_t b = block_sizes[k];
        if (!blocks_allowed(b)) {
            continue;
        }
        unsigned char *mine = mc_alloc(b);
        unsigned char *all = mc_alloc(b * (size_t)mc_size);
        mc_fill(mine, b, block_seed(mc_rank, 0, 0));
        memset(all, 0x3C, b * (size_t)mc_size);
        MC_CALL("allgather", MPI_Allgather(mine, (int)b, MPI_BYTE, all, (int)b, MPI_BYTE, comm));
        for (int src = 0; src < mc_size; src++) {
            check_block("allgather", all + (size_t)src * b, b, block_seed(src, 0, 0),
                        "block from rank", src);
        }
        free(mine);
        free(all);
    }
}

/* MPI_Alltoall: block j of rank i's send buffer ends up as block i of rank j's receive buffer. */
static void test_alltoall(MPI_Comm comm)
{
    for (size_t k = 0; k < BLOCK_SIZE_COUNT; k++) {
        const size_t b = block_sizes[k];
        if (!blocks_allowed(b)) {
            continue;
        }
        unsigned char *out = mc_alloc(b * (size_t)mc_size);
        unsigned char *in = mc_alloc(b * (size_t)mc_size);
        for (int dst = 0; dst < mc_size; dst++) {
            mc_fill(out + (size_t)dst * b, b, block_seed(mc_rank, dst, 0));
        }
        memset(in, 0xC3, b * (size_t)mc_size);
        MC_CALL("alltoall", MPI_Alltoall(out, (int)b, MPI_BYTE, in, (int)b, MPI_BYTE, comm));
        for (int src = 0; src < mc_size; src++) {
            check_block("alltoall", in + (size_t)src * b, b, block_seed(src, mc_rank, 0),
                        "block from rank", src);
        }
        free(out);
        free(in);
    }
}

/*
 * Collectives and point-to-point traffic do not mix: with a fully wildcarded receive
 * pending on the communicator, a barrier, a broadcast and an allreduce run and must not
 * complete it; the message that does match is sent afterwards.
 */
static void test_isolation(MPI_Comm comm)
{
    int got = -1, token = mc_rank + 9000, value = mc_rank;
    int sum = 0, flag = -1;
    MPI_Request rreq, sreq;
    MPI_Status st;
    const int right = (mc_rank + 1) % mc_size, left = (mc_rank + mc_size - 1) % mc_size;

    MC_CALL("isolation", MPI_Irecv(&got, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, comm, &rreq));
    MC_CALL("isolation", MPI_Barrier(comm));
    MC_CALL("isolation", MPI_Bcast(&value, 1, MPI_INT, 0, comm));
    MC_CALL("isolation", MPI_Allreduce(&value, &sum, 1, MPI_INT, MPI_SUM, comm));
    MC_CHECK("isolation", sum == 0, "allreduce of the broadcast 0 gave %d", sum);
    MC_CALL("isolation", MPI_Test(&rreq, &flag, &st));
    MC_CHECK("isolation", flag == 0,
             "a pending wildcard receive was completed by collective traffic (got %d)", got);
    /* Everyone has tested before anyone sends the real message. */
    MC_CALL("isolation", MPI_Barrier(comm));
    MC_CALL("isolation", MPI_Isend(&token, 1, MPI_INT, right, TAG_ISOLATION, comm, &sreq));
    MC_CALL("isolation", MPI_Wait(&rreq, &st));
    MC_CHECK("isolation",
             got == left + 9000 && st.MPI_SOURCE == left && st.MPI_TAG == TAG_ISOLATION,
             "wildcard receive got %d from %d with tag %d", got, st.MPI_SOURCE, st.MPI_TAG);
    MC_CALL("isolation", MPI_Wait(&sreq, MPI_STATUS_IGNORE));
}

/* All collective checks on one communicator. */
static void run_all(MPI_Comm comm, const char *comm_name)
{
    char label[96];

#define GROUP(name, call)                                                                          \
    do {                                                                                           \
        snprintf(label, sizeof label, "%s on %s", (name), comm_name);                              \
        mc_begin(label);                                                                           \
        call;                                                                                      \
    } while (0)

    GROUP("barrier", test_barrier(comm, comm_name));
    GROUP("bcast", test_bcast(comm));
    GROUP("reduce/allreduce", test_reductions(comm));
    GROUP("gather/scatter", test_gather_scatter(comm));
    GROUP("allgather", test_allgather(comm));
    GROUP("alltoall", test_alltoall(comm));
    GROUP("collective/point-to-point isolation", test_isolation(comm));
#undef GROUP
}

int main(int argc, char **argv)
{
    MPI_Comm dup = MPI_COMM_NULL;

    MPI_Init(&argc, &argv);
    if (mc_init("mpi_collectives", argc, argv) != 0) {
        MPI_Finalize();
        return 2;
    }

    run_all(MPI_COMM_WORLD, "MPI_COMM_WORLD");
    MC_CALL("comm_dup", MPI_Comm_dup(MPI_COMM_WORLD, &dup));
    run_all(dup, "a duplicate of MPI_COMM_WORLD");
    MC_CALL("comm_free", MPI_Comm_free(&dup));

    int status = mc_finish("mpi_collectives");
    MPI_Finalize();
    return status;
}
