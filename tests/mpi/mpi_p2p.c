/*
 * Point-to-point semantics: matching on source, tag and communicator, the wildcards,
 * non-overtaking order (also across the eager / rendezvous switch), status fields and
 * MPI_Get_count, truncation (MPI_ERR_TRUNCATE with only the receive buffer written),
 * zero-length messages, MPI_Wait / Waitany / Waitall / Test / Testall, MPI_Probe /
 * Iprobe, MPI_Sendrecv, MPI_Ssend, and MPI_Comm_dup / MPI_Comm_free.
 *
 * Most checks run on a ring: every rank sends to its right neighbour and receives from
 * its left one, so they work on any number of ranks; with one rank the neighbour is the
 * rank itself (sends are nonblocking, so self-messages cannot deadlock). Message sizes
 * include 256 KiB - 1, 256 KiB and 256 KiB + 1 (MPICH's ch3:sock eager limit is 256 KiB)
 * and a few MiB, so both transfer protocols of a socket MPI are exercised.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mpi.h>

#include "mpi_check.h"

/* Sizes around the eager limit, and a large unaligned one. */
#define EAGER_LIMIT (256 * 1024)
#define MIB_MESSAGE ((size_t)3 * 1024 * 1024 + 3)

/* Each group has its own tags so a leftover message cannot satisfy a later group. */
enum {
    TAG_MATCH_A = 10,
    TAG_MATCH_B = 11,
    TAG_SOURCE = 20,
    TAG_COMM = 30,
    TAG_ANY_1 = 40,
    TAG_ANY_2 = 41,
    TAG_ANY_3 = 42,
    TAG_ORDER = 50,
    TAG_STATUS = 60,
    TAG_TRUNC = 70,
    TAG_ZERO = 80,
    TAG_WAITANY = 90,  /* 90 .. 97: one tag per receive of the Waitany check */
    TAG_WAITALL = 110, /* 110 .. 115: one tag per message pair of the Waitall check */
    TAG_TEST = 120,
    TAG_TESTALL_1 = 121,
    TAG_TESTALL_2 = 122,
    TAG_PROBE = 130,
    TAG_SENDRECV_A = 140,
    TAG_SENDRECV_B = 141,
    TAG_SSEND = 150,
    TAG_SSEND_AFTER = 151,
};

/* Ring neighbours: every rank sends right and receives from the left. */
static int right_rank(void)
{
    return (mc_rank + 1) % mc_size;
}

static int left_rank(void)
{
    return (mc_rank + mc_size - 1) % mc_size;
}

/* Checks the status of a received message: source, tag and element count. */
static void check_status(const char *check, const MPI_Status *st, int source, int tag,
                         MPI_Datatype type, int count)
{
    int got = -1;
    MC_CHECK(check, st->MPI_SOURCE == source, "status MPI_SOURCE %d, expected %d", st->MPI_SOURCE,
             source);
    MC_CHECK(check, st->MPI_TAG == tag, "status MPI_TAG %d, expected %d", st->MPI_TAG, tag);
    MC_CALL(check, MPI_Get_count(st, type, &got));
    MC_CHECK(check, got == count, "MPI_Get_count gave %d, expected %d", got, count);
}

/*
 * Polls one request with MPI_Test until it completes. Counted as a single check however
 * many calls it takes, so the check count does not depend on timing.
 */
static void test_until_done(const char *check, MPI_Request *req, MPI_Status *st)
{
    int flag = 0, rc = MPI_SUCCESS;
    while (!flag && rc == MPI_SUCCESS) {
        rc = MPI_Test(req, &flag, st);
    }
    MC_CHECK(check, rc == MPI_SUCCESS, "MPI_Test returned error code %d", rc);
}

/* The same for a set of requests with MPI_Testall. */
static void testall_until_done(const char *check, int n, MPI_Request *reqs, MPI_Status *sts)
{
    int flag = 0, rc = MPI_SUCCESS;
    while (!flag && rc == MPI_SUCCESS) {
        rc = MPI_Testall(n, reqs, &flag, sts);
    }
    MC_CHECK(check, rc == MPI_SUCCESS, "MPI_Testall returned error code %d", rc);
}

/* Checks that `bytes` received bytes carry the pattern of `seed`. */
static void check_pattern(const char *check, const unsigned char *buf, size_t bytes, unsigned seed)
{
    size_t bad = mc_verify(buf, bytes, seed);
    MC_CHECK(check, bad == (size_t)-1, "payload of %zu bytes differs at offset %zu", bytes, bad);
}

/*
 * Tag matching: two messages with different tags are received in the opposite order of
 * sending, once small and once above the eager limit.
 */
static void test_tag_matching(void)
{
    const size_t sizes[] = {sizeof(int), EAGER_LIMIT + 1};

    mc_begin("tag matching");
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        const int n = (int)sizes[k];
        if (!mc_size_allowed(sizes[k])) {
            continue;
        }
        unsigned char *a = mc_alloc(sizes[k]), *b = mc_alloc(sizes[k]);
        unsigned char *ra = mc_alloc(sizes[k]), *rb = mc_alloc(sizes[k]);
        MPI_Request reqs[2];
        MPI_Status st;

        mc_fill(a, sizes[k], 1000u + (unsigned)mc_rank);
        mc_fill(b, sizes[k], 2000u + (unsigned)mc_rank);
        MC_CALL("tag_matching",
                MPI_Isend(a, n, MPI_BYTE, right_rank(), TAG_MATCH_A, MPI_COMM_WORLD, &reqs[0]));
        MC_CALL("tag_matching",
                MPI_Isend(b, n, MPI_BYTE, right_rank(), TAG_MATCH_B, MPI_COMM_WORLD, &reqs[1]));

        /* B was sent second but is asked for first: the tag decides, not arrival. */
        MC_CALL("tag_matching",
                MPI_Recv(rb, n, MPI_BYTE, left_rank(), TAG_MATCH_B, MPI_COMM_WORLD, &st));
        check_status("tag_matching", &st, left_rank(), TAG_MATCH_B, MPI_BYTE, n);
        check_pattern("tag_matching", rb, sizes[k], 2000u + (unsigned)left_rank());
        MC_CALL("tag_matching",
                MPI_Recv(ra, n, MPI_BYTE, left_rank(), TAG_MATCH_A, MPI_COMM_WORLD, &st));
        check_status("tag_matching", &st, left_rank(), TAG_MATCH_A, MPI_BYTE, n);
        check_pattern("tag_matching", ra, sizes[k], 1000u + (unsigned)left_rank());
        MC_CALL("tag_matching", MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE));

        free(a);
        free(b);
        free(ra);
        free(rb);
    }
}

/*
 * Source matching and MPI_ANY_SOURCE: every rank sends one message to every rank
 * (itself included). First each rank receives them by explicit source in descending
 * order; then again with MPI_ANY_SOURCE, where the status must name each sender once.
 */
static void test_source_matching(void)
{
    int *out = mc_alloc(sizeof(int) * (size_t)mc_size);
    int *seen = mc_alloc(sizeof(int) * (size_t)mc_size);
    MPI_Request *reqs = mc_alloc(sizeof(MPI_Request) * (size_t)mc_size);
    MPI_Status st;

    mc_begin("source matching");
    for (int round = 0; round < 2; round++) {
        const int wildcard = round == 1;
        if (wildcard) {
            mc_begin("source matching, MPI_ANY_SOURCE");
        }
        for (int dest = 0; dest < mc_size; dest++) {
            out[dest] = mc_rank * 1000 + dest;
            MC_CALL("source_matching", MPI_Isend(&out[dest], 1, MPI_INT, dest, TAG_SOURCE,
                                                 MPI_COMM_WORLD, &reqs[dest]));
        }
        memset(seen, 0, sizeof(int) * (size_t)mc_size);
        for (int k = 0; k < mc_size; k++) {
            int value = -1;
            const int src = wildcard ? MPI_ANY_SOURCE : mc_size - 1 - k;
            MC_CALL("source_matching",
                    MPI_Recv(&value, 1, MPI_INT, src, TAG_SOURCE, MPI_COMM_WORLD, &st));
            const int from = st.MPI_SOURCE;
            if (!wildcard) {
                MC_CHECK("source_matching", from == src, "asked for source %d, status says %d", src,
                         from);
            }
            MC_CHECK(wildcard ? "any_source" : "source_matching", from >= 0 && from < mc_size,
                     "status MPI_SOURCE %d is not a rank", from);
            if (from >= 0 && from < mc_size) {
                MC_CHECK(wildcard ? "any_source" : "source_matching",
                         value == from * 1000 + mc_rank, "message from %d carries %d, expected %d",
                         from, value, from * 1000 + mc_rank);
                MC_CHECK("any_source", seen[from] == 0, "source %d matched twice", from);
                seen[from]++;
            }
            MC_CHECK("any_source", st.MPI_TAG == TAG_SOURCE, "status MPI_TAG %d", st.MPI_TAG);
        }
        MC_CALL("source_matching", MPI_Waitall(mc_size, reqs, MPI_STATUSES_IGNORE));
    }
    free(out);
    free(seen);
    free(reqs);
}

/*
 * Communicator matching: a message sent on a duplicate of MPI_COMM_WORLD never matches a
 * receive on MPI_COMM_WORLD, not even a fully wildcarded one, though it was sent first.
 * Also checks that the duplicate has the same group, keeps the MPI_ERRORS_RETURN error
 * handler (a truncation on it returns instead of aborting), and that MPI_Comm_free
 * resets the handle to MPI_COMM_NULL.
 */
static void test_comm_matching(void)
{
    MPI_Comm dup = MPI_COMM_NULL;
    MPI_Request reqs[2];
    MPI_Status st;
    int on_dup = 111, on_world = 222, value = -1;
    int dup_rank = -1, dup_size = -1;

    mc_begin("communicator matching");
    MC_CALL("comm_dup", MPI_Comm_dup(MPI_COMM_WORLD, &dup));
    MC_CALL("comm_dup", MPI_Comm_rank(dup, &dup_rank));
    MC_CALL("comm_dup", MPI_Comm_size(dup, &dup_size));
    MC_CHECK("comm_dup", dup_rank == mc_rank && dup_size == mc_size,
             "duplicate has rank %d of %d, world %d of %d", dup_rank, dup_size, mc_rank, mc_size);

    MC_CALL("comm_matching", MPI_Isend(&on_dup, 1, MPI_INT, right_rank(), TAG_COMM, dup, &reqs[0]));
    MC_CALL("comm_matching",
            MPI_Isend(&on_world, 1, MPI_INT, right_rank(), TAG_COMM, MPI_COMM_WORLD, &reqs[1]));
    MC_CALL("comm_matching",
            MPI_Recv(&value, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st));
    MC_CHECK("comm_matching", value == on_world,
             "wildcard receive on WORLD got %d (222 = WORLD's, 111 = the duplicate's)", value);
    check_status("comm_matching", &st, left_rank(), TAG_COMM, MPI_INT, 1);
    value = -1;
    MC_CALL("comm_matching", MPI_Recv(&value, 1, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, dup, &st));
    MC_CHECK("comm_matching", value == on_dup,
             "wildcard receive on the duplicate got %d, expected 111", value);
    check_status("comm_matching", &st, left_rank(), TAG_COMM, MPI_INT, 1);
    MC_CALL("comm_matching", MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE));

    /* The error handler is inherited by MPI_Comm_dup. */
    int big[4] = {1, 2, 3, 4}, small[2] = {0, 0};
    MC_CALL("comm_dup_errhandler",
            MPI_Isend(big, 4, MPI_INT, right_rank(), TAG_TRUNC, dup, &reqs[0]));
    int rc = MPI_Recv(small, 2, MPI_INT, left_rank(), TAG_TRUNC, dup, &st);
    int cls = -1;
    MPI_Error_class(rc, &cls);
    MC_CHECK("comm_dup_errhandler", cls == MPI_ERR_TRUNCATE,
             "truncating receive on the duplicate returned code %d (class %d), expected "
             "MPI_ERR_TRUNCATE",
             rc, cls);
    MPI_Wait(&reqs[0], MPI_STATUS_IGNORE);

    MC_CALL("comm_free", MPI_Comm_free(&dup));
    MC_CHECK("comm_free", dup == MPI_COMM_NULL, "handle is not MPI_COMM_NULL after MPI_Comm_free");
}

/* MPI_ANY_TAG: three messages with different tags arrive in sending order, each with its tag. */
static void test_any_tag(void)
{
    const int tags[3] = {TAG_ANY_2, TAG_ANY_3, TAG_ANY_1};
    int out[3];
    MPI_Request reqs[3];
    MPI_Status st;

    mc_begin("any tag");
    for (int i = 0; i < 3; i++) {
        out[i] = mc_rank * 10 + i;
        MC_CALL("any_tag",
                MPI_Isend(&out[i], 1, MPI_INT, right_rank(), tags[i], MPI_COMM_WORLD, &reqs[i]));
    }
    for (int i = 0; i < 3; i++) {
        int value = -1;
        MC_CALL("any_tag",
                MPI_Recv(&value, 1, MPI_INT, left_rank(), MPI_ANY_TAG, MPI_COMM_WORLD, &st));
        MC_CHECK("any_tag", st.MPI_TAG == tags[i], "receive %d has tag %d, expected %d", i,
                 st.MPI_TAG, tags[i]);
        MC_CHECK("any_tag", value == left_rank() * 10 + i, "receive %d carries %d, expected %d", i,
                 value, left_rank() * 10 + i);
    }
    MC_CALL("any_tag", MPI_Waitall(3, reqs, MPI_STATUSES_IGNORE));
}

/* Size of the i-th message of the ordering test: mostly small, every fourth one large. */
static size_t order_message_size(int i)
{
    if (i % 4 == 3 && mc_size_allowed(EAGER_LIMIT + 1 + (size_t)i)) {
        return EAGER_LIMIT + 1 + (size_t)i;
    }
    return (size_t)(i * 37 % 500);
}

/*
 * Non-overtaking: messages between one pair with the same tag arrive in the order sent,
 * even when small (eager) and large (rendezvous) messages alternate. Then all ranks send
 * to all ranks at once and MPI_ANY_SOURCE receives must still see each sender in order.
 */
static void test_non_overtaking(void)
{
    enum { COUNT = 32, PER_SOURCE = 8 };
    unsigned char *out[COUNT];
    MPI_Request reqs[COUNT];
    size_t biggest = 0;
    MPI_Status st;

    mc_begin("non-overtaking, mixed sizes");
    for (int i = 0; i < COUNT; i++) {
        const size_t n = order_message_size(i);
        out[i] = mc_alloc(n);
        mc_fill(out[i], n, (unsigned)(i * 256 + mc_rank));
        if (n > biggest) {
            biggest = n;
        }
        MC_CALL("non_overtaking", MPI_Isend(out[i], (int)n, MPI_BYTE, right_rank(), TAG_ORDER,
                                            MPI_COMM_WORLD, &reqs[i]));
    }
    unsigned char *in = mc_alloc(biggest);
    for (int i = 0; i < COUNT; i++) {
        const size_t n = order_message_size(i);
        MC_CALL("non_overtaking",
                MPI_Recv(in, (int)biggest, MPI_BYTE, left_rank(), TAG_ORDER, MPI_COMM_WORLD, &st));
        check_status("non_overtaking", &st, left_rank(), TAG_ORDER, MPI_BYTE, (int)n);
        check_pattern("non_overtaking", in, n, (unsigned)(i * 256 + left_rank()));
    }
    MC_CALL("non_overtaking", MPI_Waitall(COUNT, reqs, MPI_STATUSES_IGNORE));
    for (int i = 0; i < COUNT; i++) {
        free(out[i]);
    }
    free(in);

    mc_begin("non-overtaking, all to all with MPI_ANY_SOURCE");
    const size_t total = (size_t)mc_size * PER_SOURCE;
    int *seq_out = mc_alloc(sizeof(int) * total);
    int *next = mc_alloc(sizeof(int) * (size_t)mc_size);
    MPI_Request *all = mc_alloc(sizeof(MPI_Request) * total);
    for (int s = 0; s < PER_SOURCE; s++) {
        for (int dest = 0; dest < mc_size; dest++) {
            const size_t k = (size_t)s * (size_t)mc_size + (size_t)dest;
            seq_out[k] = s;
            MC_CALL("non_overtaking_any_source",
                    MPI_Isend(&seq_out[k], 1, MPI_INT, dest, TAG_ORDER, MPI_COMM_WORLD, &all[k]));
        }
    }
    memset(next, 0, sizeof(int) * (size_t)mc_size);
    for (size_t k = 0; k < total; k++) {
        int value = -1;
        MC_CALL("non_overtaking_any_source",
                MPI_Recv(&value, 1, MPI_INT, MPI_ANY_SOURCE, TAG_ORDER, MPI_COMM_WORLD, &st));
        const int from = st.MPI_SOURCE;
        if (from < 0 || from >= mc_size) {
            mc_fail("non_overtaking_any_source", "status MPI_SOURCE %d is not a rank", from);
            continue;
        }
        MC_CHECK("non_overtaking_any_source", value == next[from],
                 "from rank %d got sequence number %d, expected %d", from, value, next[from]);
        next[from] = value + 1;
    }
    MC_CALL("non_overtaking_any_source", MPI_Waitall((int)total, all, MPI_STATUSES_IGNORE));
    free(seq_out);
    free(next);
    free(all);
}

/* Status fields and MPI_Get_count, including MPI_UNDEFINED for a partial element. */
static void test_status_count(void)
{
    enum { SENT = 37, ROOM = 100 };
    int out[SENT], in[ROOM];
    MPI_Request req;
    MPI_Status st;
    int count = -1;

    mc_begin("status and count");
    for (int i = 0; i < SENT; i++) {
        out[i] = mc_rank + i;
    }
    MC_CALL("status_count",
            MPI_Isend(out, SENT, MPI_INT, right_rank(), TAG_STATUS, MPI_COMM_WORLD, &req));
    MC_CALL("status_count",
            MPI_Recv(in, ROOM, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st));
    /* A shorter message than the buffer is fine; the status tells its real length. */
    check_status("status_count", &st, left_rank(), TAG_STATUS, MPI_INT, SENT);
    MC_CALL("status_count", MPI_Get_count(&st, MPI_CHAR, &count));
    MC_CHECK("status_count", count == SENT * (int)sizeof(int),
             "count in MPI_CHAR is %d, expected %d", count, SENT * (int)sizeof(int));
    /* 37 ints are not a whole number of doubles when int is half a double. */
    if ((SENT * sizeof(int)) % sizeof(double) != 0) {
        MC_CALL("status_count", MPI_Get_count(&st, MPI_DOUBLE, &count));
        MC_CHECK("status_count_undefined", count == MPI_UNDEFINED,
                 "count of %zu bytes in MPI_DOUBLE is %d, expected MPI_UNDEFINED",
                 SENT * sizeof(int), count);
    }
    int ok = 1;
    for (int i = 0; i < SENT; i++) {
        ok = ok && in[i] == left_rank() + i;
    }
    MC_CHECK("status_count", ok, "payload differs from what rank %d sent", left_rank());
    MC_CALL("status_count", MPI_Wait(&req, MPI_STATUS_IGNORE));
}

/*
 * Truncation: a message longer than the receive buffer makes the receive return an
 * error of class MPI_ERR_TRUNCATE, and only the receive buffer is written. Checked for a
 * small message with MPI_Recv and for one above the eager limit with MPI_Irecv + MPI_Wait.
 */
static void test_truncation(void)
{
    enum { SENT = 10, ROOM = 5, GUARD = 3 };
    int out[SENT], in[ROOM + GUARD];
    MPI_Request req, rreq;
    MPI_Status st;
    int cls = -1;

    mc_begin("truncation");
    for (int i = 0; i < SENT; i++) {
        out[i] = 100 + i;
    }
    for (int i = 0; i < ROOM + GUARD; i++) {
        in[i] = -7;
    }
    MC_CALL("truncate",
            MPI_Isend(out, SENT, MPI_INT, right_rank(), TAG_TRUNC, MPI_COMM_WORLD, &req));
    int rc = MPI_Recv(in, ROOM, MPI_INT, left_rank(), TAG_TRUNC, MPI_COMM_WORLD, &st);
    MPI_Error_class(rc, &cls);
    MC_CHECK(
        "truncate", rc != MPI_SUCCESS && cls == MPI_ERR_TRUNCATE,
        "receiving %d ints into room for %d returned code %d (class %d), expected MPI_ERR_TRUNCATE",
        SENT, ROOM, rc, cls);
    int guard_ok = 1;
    for (int i = ROOM; i < ROOM + GUARD; i++) {
        guard_ok = guard_ok && in[i] == -7;
    }
    /*
     * The standard only calls the overflow an error; it does not promise the bytes after
     * the buffer stay untouched. Writing there corrupts the caller's memory, though, so
     * the small (eager) case checks it. The large case does not: Open MPI 4.1 writes the
     * whole 256 KiB + 1 message into a 256 KiB receive on its rendezvous path.
     */
    MC_CHECK("truncate_bounds", guard_ok, "a truncated receive wrote past its buffer");
    MPI_Wait(&req, MPI_STATUS_IGNORE);

    const size_t big = EAGER_LIMIT + 1;
    if (mc_size_allowed(big)) {
        /* Room for the whole message: see the note on truncate_bounds above. */
        unsigned char *bout = mc_alloc(big), *bin = mc_alloc(big);
        mc_fill(bout, big, 5);
        MC_CALL("truncate_large", MPI_Irecv(bin, EAGER_LIMIT, MPI_BYTE, left_rank(), TAG_TRUNC,
                                            MPI_COMM_WORLD, &rreq));
        MC_CALL("truncate_large",
                MPI_Isend(bout, (int)big, MPI_BYTE, right_rank(), TAG_TRUNC, MPI_COMM_WORLD, &req));
        rc = MPI_Wait(&rreq, &st);
        cls = -1;
        MPI_Error_class(rc, &cls);
        MC_CHECK(
            "truncate_large", rc != MPI_SUCCESS && cls == MPI_ERR_TRUNCATE,
            "receiving %zu bytes into %d returned code %d (class %d), expected MPI_ERR_TRUNCATE",
            big, EAGER_LIMIT, rc, cls);
        MPI_Wait(&req, MPI_STATUS_IGNORE);
        free(bout);
        free(bin);
    }

    /* Communication goes on normally after a truncation. */
    int token = mc_rank, got = -1;
    MC_CALL("after_truncate", MPI_Sendrecv(&token, 1, MPI_INT, right_rank(), TAG_TRUNC, &got, 1,
                                           MPI_INT, left_rank(), TAG_TRUNC, MPI_COMM_WORLD, &st));
    MC_CHECK("after_truncate", got == left_rank(),
             "exchange after a truncation got %d, expected %d", got, left_rank());
}

/* Zero-length messages match, carry source and tag, count 0, and write nothing. */
static void test_zero_length(void)
{
    int dummy_out = 1, in[4] = {-3, -3, -3, -3};
    MPI_Request req;
    MPI_Status st;

    mc_begin("zero-length messages");
    MC_CALL("zero_length",
            MPI_Isend(&dummy_out, 0, MPI_INT, right_rank(), TAG_ZERO, MPI_COMM_WORLD, &req));
    MC_CALL("zero_length", MPI_Probe(left_rank(), TAG_ZERO, MPI_COMM_WORLD, &st));
    check_status("zero_length_probe", &st, left_rank(), TAG_ZERO, MPI_INT, 0);
    MC_CALL("zero_length",
            MPI_Recv(in, 4, MPI_INT, MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st));
    check_status("zero_length", &st, left_rank(), TAG_ZERO, MPI_INT, 0);
    MC_CHECK("zero_length", in[0] == -3 && in[1] == -3 && in[2] == -3 && in[3] == -3,
             "a zero-length receive wrote into its buffer");
    MC_CALL("zero_length", MPI_Wait(&req, MPI_STATUS_IGNORE));

    /* A zero-length receive completes through MPI_Test as well. */
    MC_CALL("zero_length_test",
            MPI_Irecv(in, 0, MPI_INT, left_rank(), TAG_ZERO, MPI_COMM_WORLD, &req));
    MPI_Request sreq;
    MC_CALL("zero_length_test",
            MPI_Isend(&dummy_out, 0, MPI_INT, right_rank(), TAG_ZERO, MPI_COMM_WORLD, &sreq));
    test_until_done("zero_length_test", &req, &st);
    check_status("zero_length_test", &st, left_rank(), TAG_ZERO, MPI_INT, 0);
    MC_CALL("zero_length_test", MPI_Wait(&sreq, MPI_STATUS_IGNORE));
}

/*
 * MPI_Waitany: receives with distinct tags are posted, the sender sends them in reverse
 * order; each index completes exactly once with the matching status, completed requests
 * become MPI_REQUEST_NULL, and a Waitany over only null requests returns MPI_UNDEFINED.
 */
static void test_waitany(void)
{
    enum { N = 8 };
    int out[N], in[N];
    int done[N] = {0};
    MPI_Request rreq[N], sreq[N];
    MPI_Status st;

    mc_begin("waitany");
    for (int k = 0; k < N; k++) {
        in[k] = -1;
        MC_CALL("waitany", MPI_Irecv(&in[k], 1, MPI_INT, left_rank(), TAG_WAITANY + k,
                                     MPI_COMM_WORLD, &rreq[k]));
    }
    for (int k = N - 1; k >= 0; k--) {
        out[k] = mc_rank * 100 + k;
        MC_CALL("waitany", MPI_Isend(&out[k], 1, MPI_INT, right_rank(), TAG_WAITANY + k,
                                     MPI_COMM_WORLD, &sreq[k]));
    }
    for (int n = 0; n < N; n++) {
        int index = -1;
        MC_CALL("waitany", MPI_Waitany(N, rreq, &index, &st));
        if (index < 0 || index >= N) {
            mc_fail("waitany", "index %d is out of range", index);
            continue;
        }
        MC_CHECK("waitany", done[index] == 0, "index %d completed twice", index);
        done[index] = 1;
        MC_CHECK("waitany", rreq[index] == MPI_REQUEST_NULL,
                 "completed request %d is not MPI_REQUEST_NULL", index);
        check_status("waitany", &st, left_rank(), TAG_WAITANY + index, MPI_INT, 1);
        MC_CHECK("waitany", in[index] == left_rank() * 100 + index, "slot %d holds %d", index,
                 in[index]);
    }
    int index = -2;
    MC_CALL("waitany_all_null", MPI_Waitany(N, rreq, &index, &st));
    MC_CHECK("waitany_all_null", index == MPI_UNDEFINED, "Waitany over null requests gave index %d",
             index);
    MC_CALL("waitany", MPI_Waitall(N, sreq, MPI_STATUSES_IGNORE));
}

/*
 * MPI_Waitall over a mix of receives and sends (one of them above the eager limit):
 * every receive status is right and every request becomes MPI_REQUEST_NULL.
 */
static void test_waitall(void)
{
    enum { N = 6 };
    const size_t big = mc_size_allowed(EAGER_LIMIT) ? EAGER_LIMIT : 64;
    unsigned char *out[N], *in[N];
    MPI_Request reqs[2 * N];
    MPI_Status sts[2 * N];

    mc_begin("waitall");
    for (int k = 0; k < N; k++) {
        const size_t n = k == N - 1 ? big : (size_t)(k * 11);
        out[k] = mc_alloc(n);
        in[k] = mc_alloc(n);
        mc_fill(out[k], n, (unsigned)(mc_rank * 16 + k));
        MC_CALL("waitall", MPI_Irecv(in[k], (int)n, MPI_BYTE, left_rank(), TAG_WAITALL + k,
                                     MPI_COMM_WORLD, &reqs[k]));
        MC_CALL("waitall", MPI_Isend(out[k], (int)n, MPI_BYTE, right_rank(), TAG_WAITALL + k,
                                     MPI_COMM_WORLD, &reqs[N + k]));
    }
    MC_CALL("waitall", MPI_Waitall(2 * N, reqs, sts));
    for (int k = 0; k < N; k++) {
        const size_t n = k == N - 1 ? big : (size_t)(k * 11);
        check_status("waitall", &sts[k], left_rank(), TAG_WAITALL + k, MPI_BYTE, (int)n);
        check_pattern("waitall", in[k], n, (unsigned)(left_rank() * 16 + k));
        MC_CHECK("waitall", reqs[k] == MPI_REQUEST_NULL && reqs[N + k] == MPI_REQUEST_NULL,
                 "request pair %d is not MPI_REQUEST_NULL after MPI_Waitall", k);
        free(out[k]);
        free(in[k]);
    }
}

/*
 * MPI_Test and MPI_Testall: a receive whose message has not been sent yet tests false;
 * once the sender sends (after a barrier) polling completes it. MPI_Testall stays false
 * while any request is pending. MPI_Test on MPI_REQUEST_NULL gives true and an empty
 * status.
 */
static void test_test_testall(void)
{
    int value = -1, mine = mc_rank + 500, flag = -1;
    MPI_Request rreq, sreq;
    MPI_Status st;

    mc_begin("test");
    MC_CALL("test", MPI_Irecv(&value, 1, MPI_INT, left_rank(), TAG_TEST, MPI_COMM_WORLD, &rreq));
    MC_CALL("test", MPI_Test(&rreq, &flag, &st));
    MC_CHECK("test_pending", flag == 0,
             "MPI_Test completed a receive whose message was not sent yet");
    /* Nobody sends before everybody has tested. */
    MC_CALL("test", MPI_Barrier(MPI_COMM_WORLD));
    MC_CALL("test", MPI_Isend(&mine, 1, MPI_INT, right_rank(), TAG_TEST, MPI_COMM_WORLD, &sreq));
    test_until_done("test", &rreq, &st);
    check_status("test", &st, left_rank(), TAG_TEST, MPI_INT, 1);
    MC_CHECK("test", value == left_rank() + 500, "received %d, expected %d", value,
             left_rank() + 500);
    MC_CHECK("test", rreq == MPI_REQUEST_NULL, "completed request is not MPI_REQUEST_NULL");
    MC_CALL("test", MPI_Wait(&sreq, MPI_STATUS_IGNORE));

    /* A null request tests true with an empty status. */
    MPI_Request null_req = MPI_REQUEST_NULL;
    flag = 0;
    MC_CALL("test_null", MPI_Test(&null_req, &flag, &st));
    MC_CHECK("test_null", flag != 0, "MPI_Test on MPI_REQUEST_NULL gave flag 0");
    MC_CHECK("test_null", st.MPI_SOURCE == MPI_ANY_SOURCE && st.MPI_TAG == MPI_ANY_TAG,
             "empty status has source %d and tag %d", st.MPI_SOURCE, st.MPI_TAG);

    mc_begin("testall");
    int v1 = -1, v2 = -1, m1 = mc_rank + 600, m2 = mc_rank + 700;
    MPI_Request both[2], sends[2];
    MPI_Status sts[2];
    MC_CALL("testall",
            MPI_Irecv(&v1, 1, MPI_INT, left_rank(), TAG_TESTALL_1, MPI_COMM_WORLD, &both[0]));
    MC_CALL("testall",
            MPI_Irecv(&v2, 1, MPI_INT, left_rank(), TAG_TESTALL_2, MPI_COMM_WORLD, &both[1]));
    flag = -1;
    MC_CALL("testall", MPI_Testall(2, both, &flag, sts));
    MC_CHECK("testall_pending", flag == 0, "MPI_Testall true before anything was sent");
    MC_CALL("testall", MPI_Barrier(MPI_COMM_WORLD));
    /* Only the first message is sent; the second waits for the next barrier. */
    MC_CALL("testall",
            MPI_Isend(&m1, 1, MPI_INT, right_rank(), TAG_TESTALL_1, MPI_COMM_WORLD, &sends[0]));
    MC_CALL("testall", MPI_Wait(&both[0], &sts[0]));
    MC_CHECK("testall", v1 == left_rank() + 600, "first message carries %d", v1);
    flag = -1;
    MC_CALL("testall", MPI_Testall(2, both, &flag, sts));
    MC_CHECK("testall_pending", flag == 0, "MPI_Testall true while one receive is still pending");
    MC_CALL("testall", MPI_Barrier(MPI_COMM_WORLD));
    MC_CALL("testall",
            MPI_Isend(&m2, 1, MPI_INT, right_rank(), TAG_TESTALL_2, MPI_COMM_WORLD, &sends[1]));
    testall_until_done("testall", 2, both, sts);
    check_status("testall", &sts[1], left_rank(), TAG_TESTALL_2, MPI_INT, 1);
    MC_CHECK("testall", v2 == left_rank() + 700, "second message carries %d", v2);
    MC_CHECK("testall", both[0] == MPI_REQUEST_NULL && both[1] == MPI_REQUEST_NULL,
             "requests are not MPI_REQUEST_NULL after MPI_Testall succeeded");
    MC_CALL("testall", MPI_Waitall(2, sends, MPI_STATUSES_IGNORE));
}

/*
 * MPI_Probe / MPI_Iprobe: nothing is found before the sender sends; Probe reports
 * source, tag and size without consuming the message (probing twice finds it again),
 * the receive sized from the probe gets it, and afterwards Iprobe finds nothing.
 */
static void test_probe(void)
{
    const size_t sizes[] = {0, 1, 1000, EAGER_LIMIT - 1, EAGER_LIMIT + 1};
    MPI_Status st;
    int flag = -1;

    mc_begin("probe/iprobe");
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        if (!mc_size_allowed(sizes[k])) {
            continue;
        }
        /* Each rank sends a different length, so the count proves which message it is. */
        const size_t n = sizes[k] + (sizes[k] > 0 ? (size_t)mc_rank : 0);
        const size_t n_left = sizes[k] + (sizes[k] > 0 ? (size_t)left_rank() : 0);
        unsigned char *out = mc_alloc(n);
        MPI_Request req;

        mc_fill(out, n, (unsigned)(mc_rank + 40));
        flag = -1;
        MC_CALL("iprobe_empty", MPI_Iprobe(left_rank(), TAG_PROBE, MPI_COMM_WORLD, &flag, &st));
        MC_CHECK("iprobe_empty", flag == 0, "MPI_Iprobe found a message before it was sent");
        MC_CALL("probe", MPI_Barrier(MPI_COMM_WORLD));
        MC_CALL("probe",
                MPI_Isend(out, (int)n, MPI_BYTE, right_rank(), TAG_PROBE, MPI_COMM_WORLD, &req));

        MC_CALL("probe", MPI_Probe(left_rank(), TAG_PROBE, MPI_COMM_WORLD, &st));
        check_status("probe", &st, left_rank(), TAG_PROBE, MPI_BYTE, (int)n_left);
        MC_CALL("probe", MPI_Probe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &st));
        check_status("probe_again", &st, left_rank(), TAG_PROBE, MPI_BYTE, (int)n_left);
        flag = 0;
        MC_CALL("iprobe", MPI_Iprobe(MPI_ANY_SOURCE, TAG_PROBE, MPI_COMM_WORLD, &flag, &st));
        MC_CHECK("iprobe", flag != 0, "MPI_Iprobe misses a message MPI_Probe found");
        if (flag) {
            check_status("iprobe", &st, left_rank(), TAG_PROBE, MPI_BYTE, (int)n_left);
        }

        int count = 0;
        MPI_Get_count(&st, MPI_BYTE, &count);
        unsigned char *in = mc_alloc((size_t)count);
        MC_CALL("probe_then_recv",
                MPI_Recv(in, count, MPI_BYTE, st.MPI_SOURCE, st.MPI_TAG, MPI_COMM_WORLD, &st));
        check_status("probe_then_recv", &st, left_rank(), TAG_PROBE, MPI_BYTE, (int)n_left);
        check_pattern("probe_then_recv", in, n_left, (unsigned)(left_rank() + 40));
        flag = -1;
        MC_CALL("iprobe_consumed", MPI_Iprobe(left_rank(), TAG_PROBE, MPI_COMM_WORLD, &flag, &st));
        MC_CHECK("iprobe_consumed", flag == 0,
                 "MPI_Iprobe still finds a message that was received");
        MC_CALL("probe", MPI_Wait(&req, MPI_STATUS_IGNORE));
        /* Keep the next round's empty probe honest: nobody sends before all are here. */
        MC_CALL("probe", MPI_Barrier(MPI_COMM_WORLD));
        free(out);
        free(in);
    }
}

/*
 * MPI_Sendrecv: a ring shift of one int, then of messages around the eager limit and of
 * a few MiB in both directions at once (a naive blocking implementation deadlocks here),
 * with different send and receive tags and lengths.
 */
static void test_sendrecv(void)
{
    const size_t sizes[] = {EAGER_LIMIT - 1, EAGER_LIMIT, EAGER_LIMIT + 1, MIB_MESSAGE};
    MPI_Status st;
    int token = mc_rank * 3, got = -1;

    mc_begin("sendrecv");
    MC_CALL("sendrecv", MPI_Sendrecv(&token, 1, MPI_INT, right_rank(), TAG_SENDRECV_A, &got, 1,
                                     MPI_INT, left_rank(), TAG_SENDRECV_A, MPI_COMM_WORLD, &st));
    MC_CHECK("sendrecv", got == left_rank() * 3, "ring shift got %d, expected %d", got,
             left_rank() * 3);
    check_status("sendrecv", &st, left_rank(), TAG_SENDRECV_A, MPI_INT, 1);

    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        /* Right-going messages have one size, left-going ones are 3 bytes shorter. */
        const size_t n_right = sizes[k], n_left = sizes[k] - 3;
        if (!mc_size_allowed(n_right)) {
            continue;
        }
        unsigned char *out = mc_alloc(n_right), *in = mc_alloc(n_right);
        unsigned char *out2 = mc_alloc(n_left), *in2 = mc_alloc(n_left);
        mc_fill(out, n_right, (unsigned)mc_rank);
        mc_fill(out2, n_left, (unsigned)mc_rank + 77);
        MC_CALL("sendrecv_large", MPI_Sendrecv(out, (int)n_right, MPI_BYTE, right_rank(),
                                               TAG_SENDRECV_A, in, (int)n_right, MPI_BYTE,
                                               left_rank(), TAG_SENDRECV_A, MPI_COMM_WORLD, &st));
        check_status("sendrecv_large", &st, left_rank(), TAG_SENDRECV_A, MPI_BYTE, (int)n_right);
        check_pattern("sendrecv_large", in, n_right, (unsigned)left_rank());
        MC_CALL("sendrecv_large", MPI_Sendrecv(out2, (int)n_left, MPI_BYTE, left_rank(),
                                               TAG_SENDRECV_B, in2, (int)n_left, MPI_BYTE,
                                               right_rank(), TAG_SENDRECV_B, MPI_COMM_WORLD, &st));
        check_status("sendrecv_large", &st, right_rank(), TAG_SENDRECV_B, MPI_BYTE, (int)n_left);
        check_pattern("sendrecv_large", in2, n_left, (unsigned)right_rank() + 77);
        free(out);
        free(in);
        free(out2);
        free(in2);
    }
}

/* Context for polling a request with MPI_Test from mc_poll_for_a_while. */
static int poll_request(void *context)
{
    int flag = 0;
    MPI_Test((MPI_Request *)context, &flag, MPI_STATUS_IGNORE);
    return flag;
}

/*
 * MPI_Ssend is synchronous: it does not return before the matching receive has started.
 * Ranks pair up (0,1), (2,3) ...; a rank without a partner sits this one out. The even
 * rank calls MPI_Ssend (tag A) and then MPI_Send (tag B). The odd rank first posts only
 * the receive for B and polls it for a while: B cannot arrive, because the sender is
 * still inside MPI_Ssend. Then it receives A, after which B completes. Repeated with a
 * zero-length and a 1 MiB synchronous message.
 */
static void test_ssend(void)
{
    const size_t sizes[] = {4, 0, (size_t)1 << 20};
    const int pairs = mc_size / 2;
    const int in_pair = mc_rank < 2 * pairs;
    const int sender = mc_rank % 2 == 0;
    const int partner = sender ? mc_rank + 1 : mc_rank - 1;
    MPI_Status st;

    mc_begin("ssend");
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        if (!in_pair || !mc_size_allowed(sizes[k])) {
            continue;
        }
        const size_t n = sizes[k];
        unsigned char *buf = mc_alloc(n);
        int after = 0;

        if (sender) {
            mc_fill(buf, n, 9);
            after = 4242;
            MC_CALL("ssend", MPI_Ssend(buf, (int)n, MPI_BYTE, partner, TAG_SSEND, MPI_COMM_WORLD));
            MC_CALL("ssend",
                    MPI_Send(&after, 1, MPI_INT, partner, TAG_SSEND_AFTER, MPI_COMM_WORLD));
        } else {
            MPI_Request after_req;
            MC_CALL("ssend", MPI_Irecv(&after, 1, MPI_INT, partner, TAG_SSEND_AFTER, MPI_COMM_WORLD,
                                       &after_req));
            int early = mc_poll_for_a_while(poll_request, &after_req, 1000, 0.005);
            MC_CHECK("ssend_synchronous", !early,
                     "the message sent after MPI_Ssend (%zu bytes) arrived before the Ssend was "
                     "received",
                     n);
            MC_CALL("ssend",
                    MPI_Recv(buf, (int)n, MPI_BYTE, partner, TAG_SSEND, MPI_COMM_WORLD, &st));
            check_status("ssend", &st, partner, TAG_SSEND, MPI_BYTE, (int)n);
            check_pattern("ssend", buf, n, 9);
            MC_CALL("ssend", MPI_Wait(&after_req, MPI_STATUS_IGNORE));
            MC_CHECK("ssend", after == 4242, "follow-up message carries %d", after);
        }
        free(buf);
    }
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    if (mc_init("mpi_p2p", argc, argv) != 0) {
        MPI_Finalize();
        return 2;
    }

    test_tag_matching();
    test_source_matching();
    test_comm_matching();
    test_any_tag();
    test_non_overtaking();
    test_status_count();
    test_truncation();
    test_zero_length();
    test_waitany();
    test_waitall();
    test_test_testall();
    test_probe();
    test_sendrecv();
    test_ssend();

    int status = mc_finish("mpi_p2p");
    MPI_Finalize();
    return status;
}
