/*
 * Cartesian topologies: MPI_Dims_create's balanced factorisations, MPI_Cart_create on a
 * 2-D grid (periodic in dimension 0 only) with ranks beyond the grid getting
 * MPI_COMM_NULL, MPI_Cart_coords / MPI_Cart_rank as inverse row-major maps (periodic
 * coordinates wrapped), MPI_Cart_shift (MPI_PROC_NULL at a non-periodic edge) verified by
 * exchanging ranks with the neighbours, MPI_Cart_sub into rows verified by an Allreduce,
 * MPI_Cart_get, MPI_Cartdim_get, MPI_Topo_test, and MPI_ERR_TOPOLOGY on a communicator
 * without a topology. Runs on any number of ranks.
 */
#include <mpi.h>
#include <stdio.h>
#include <string.h>

#include "mpi_check.h"

static void test_dims_create(void) {
    mc_begin("dims_create");
    struct {
        int nnodes, ndims, in[3], out[3];
    } cases[] = {
        {12, 2, {0, 0, 0}, {4, 3, 0}}, {7, 2, {0, 0, 0}, {7, 1, 0}}, {16, 3, {0, 0, 0}, {4, 2, 2}},
        {1, 2, {0, 0, 0}, {1, 1, 0}},  {12, 2, {0, 3, 0}, {4, 3, 0}}, {24, 3, {2, 0, 0}, {2, 4, 3}},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; ++i) {
        int dims[3];
        memcpy(dims, cases[i].in, sizeof dims);
        MC_CALL("dims_create_call", MPI_Dims_create(cases[i].nnodes, cases[i].ndims, dims));
        int same = 1;
        for (int d = 0; d < cases[i].ndims; ++d) same &= dims[d] == cases[i].out[d];
        MC_CHECK("dims_create_balanced", same, "MPI_Dims_create(%d, %d) gave %d x %d (x %d), expected %d x %d (x %d)",
                 cases[i].nnodes, cases[i].ndims, dims[0], dims[1], cases[i].ndims > 2 ? dims[2] : 0,
                 cases[i].out[0], cases[i].out[1], cases[i].ndims > 2 ? cases[i].out[2] : 0);
    }
    int bad[2] = {5, 0};
    MC_CHECK("dims_create_indivisible", MPI_Dims_create(12, 2, bad) != MPI_SUCCESS,
             "MPI_Dims_create(12) with a fixed 5 succeeded");
}

static void test_cart(void) {
    mc_begin("cart");
    int size, rank;
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    /* A grid of (size rounded down to even, when above 1) ranks: some ranks may be left out. */
    const int cells = size > 1 ? size - size % 2 : 1;
    int dims[2] = {0, 0};
    MPI_Dims_create(cells, 2, dims);
    const int periods[2] = {1, 0};
    MPI_Comm cart = MPI_COMM_NULL;
    MC_CALL("cart_create", MPI_Cart_create(MPI_COMM_WORLD, 2, dims, periods, 0, &cart));
    if (rank >= cells) {
        MC_CHECK("cart_create_left_out", cart == MPI_COMM_NULL, "rank %d beyond %d cells got a communicator", rank,
                 cells);
        return;
    }
    MC_CHECK("cart_create_member", cart != MPI_COMM_NULL, "rank %d of %d cells got MPI_COMM_NULL", rank, cells);
    if (cart == MPI_COMM_NULL) return;
    MPI_Comm_set_errhandler(cart, MPI_ERRORS_RETURN);
    int status = -1, ndims = -1, crank = -1, csize = -1;
    MPI_Topo_test(cart, &status);
    MC_CHECK("topo_test_cart", status == MPI_CART, "MPI_Topo_test gave %d", status);
    MPI_Cartdim_get(cart, &ndims);
    MC_CHECK("cartdim_get", ndims == 2, "MPI_Cartdim_get gave %d", ndims);
    MPI_Comm_rank(cart, &crank);
    MPI_Comm_size(cart, &csize);
    MC_CHECK("cart_size", csize == cells, "size %d, expected %d", csize, cells);

    for (int r = 0; r < csize; ++r) {
        int coords[2] = {-1, -1}, back = -1;
        MPI_Cart_coords(cart, r, 2, coords);
        MC_CHECK("cart_coords_row_major", coords[0] == r / dims[1] && coords[1] == r % dims[1],
                 "rank %d at (%d, %d) in a %d x %d grid", r, coords[0], coords[1], dims[0], dims[1]);
        MPI_Cart_rank(cart, coords, &back);
        MC_CHECK("cart_rank_inverse", back == r, "coords of %d map back to %d", r, back);
    }
    int wrapped[2] = {-1, 0}, wr = -1;
    MC_CALL("cart_rank_periodic_wrap", MPI_Cart_rank(cart, wrapped, &wr));
    MC_CHECK("cart_rank_periodic", wr == (dims[0] - 1) * dims[1], "(-1, 0) gave %d", wr);
    int outside[2] = {0, dims[1]}, orank;
    MC_CHECK("cart_rank_nonperiodic_outside", MPI_Cart_rank(cart, outside, &orank) != MPI_SUCCESS,
             "(0, %d) in a non-periodic dimension of %d was accepted", dims[1], dims[1]);

    int gd[2], gp[2], gc[2];
    MPI_Cart_get(cart, 2, gd, gp, gc);
    MC_CHECK("cart_get", gd[0] == dims[0] && gd[1] == dims[1] && gp[0] == 1 && gp[1] == 0 &&
                             gc[0] == crank / dims[1] && gc[1] == crank % dims[1],
             "dims %d x %d periods %d %d coords (%d, %d)", gd[0], gd[1], gp[0], gp[1], gc[0], gc[1]);

    /* Shifts: exchange ranks along each dimension and check what arrives. */
    for (int dir = 0; dir < 2; ++dir) {
        int src = -5, dst = -5;
        MPI_Cart_shift(cart, dir, 1, &src, &dst);
        const int my[2] = {crank / dims[1], crank % dims[1]};
        int expect_dst, expect_src;
        if (dir == 0) {
            expect_dst = ((my[0] + 1) % dims[0]) * dims[1] + my[1];
            expect_src = ((my[0] - 1 + dims[0]) % dims[0]) * dims[1] + my[1];
        } else {
            expect_dst = my[1] + 1 < dims[1] ? crank + 1 : MPI_PROC_NULL;
            expect_src = my[1] > 0 ? crank - 1 : MPI_PROC_NULL;
        }
        MC_CHECK("cart_shift", src == expect_src && dst == expect_dst,
                 "direction %d: source %d dest %d, expected %d and %d", dir, src, dst, expect_src, expect_dst);
        int got = -7;
        MPI_Status st;
        MC_CALL("cart_shift_sendrecv", MPI_Sendrecv(&crank, 1, MPI_INT, dst, 9, &got, 1, MPI_INT, src, 9, cart, &st));
        if (src != MPI_PROC_NULL)
            MC_CHECK("cart_shift_exchange", got == src, "direction %d: got %d from source %d", dir, got, src);
    }

    /* Rows: keep dimension 1. Each row's sum of cart ranks is known. */
    const int keep[2] = {0, 1};
    MPI_Comm row = MPI_COMM_NULL;
    MC_CALL("cart_sub", MPI_Cart_sub(cart, keep, &row));
    if (row != MPI_COMM_NULL) {
        int rsize = -1, rrank = -1, sum = -1, rdims = -1;
        MPI_Comm_size(row, &rsize);
        MPI_Comm_rank(row, &rrank);
        MPI_Cartdim_get(row, &rdims);
        MC_CHECK("cart_sub_shape", rsize == dims[1] && rrank == crank % dims[1] && rdims == 1,
                 "row of size %d rank %d dims %d", rsize, rrank, rdims);
        MPI_Allreduce(&crank, &sum, 1, MPI_INT, MPI_SUM, row);
        const int first = (crank / dims[1]) * dims[1];
        const int expect = first * dims[1] + dims[1] * (dims[1] - 1) / 2;
        MC_CHECK("cart_sub_allreduce", sum == expect, "row sum %d, expected %d", sum, expect);
        MPI_Comm_free(&row);
    }

    MPI_Comm_free(&cart);
}

/* A communicator without a topology: MPI_Cart_* report an error, MPI_Topo_test says so.
 * Collective over MPI_COMM_WORLD (Comm_dup), so every rank runs it. */
static void test_no_topology(void) {
    mc_begin("no_topology");
    int status = -1;
    /* A communicator without a topology: MPI_Cart_* report an error, MPI_Topo_test says so. */
    MPI_Comm plain;
    MPI_Comm_dup(MPI_COMM_WORLD, &plain);
    MPI_Comm_set_errhandler(plain, MPI_ERRORS_RETURN);
    MPI_Topo_test(plain, &status);
    MC_CHECK("topo_test_none", status == MPI_UNDEFINED, "MPI_Topo_test gave %d", status);
    int c2[2];
    const int rc = MPI_Cart_coords(plain, 0, 2, c2);
    int cls = -1;
    MPI_Error_class(rc, &cls);
    MC_CHECK("cart_on_plain_comm", cls == MPI_ERR_TOPOLOGY, "MPI_Cart_coords gave class %d", cls);
    MPI_Comm_free(&plain);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    if (mc_init("mpi_topology", argc, argv) != 0) {
        MPI_Finalize();
        return 2;
    }
    test_dims_create();
    test_cart();
    test_no_topology();
    const int status = mc_finish("mpi_topology");
    MPI_Finalize();
    return status;
}
