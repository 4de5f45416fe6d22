// The library seen from C++ rank bodies (no program loading): what goes on the wire for
// eager and rendezvous messages, the cost of MPI_Wtime, and the calls beyond the suite
// (Comm_split, a non-commutative user operation, Scan).
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <functional>
#include <vector>

#include <gtest/gtest.h>

#include "host_transport.h"
#include "mpi.h"
#include "mpi_shim/mpi_world.h"

namespace {

using smvn::mpi::World;
using smvn::mpi::WorldOptions;
using smvn::test::HostFabric;
using smvn::test::HostTransport;

// Runs `body(rank)` on `n` rank threads over a fresh fabric.
void run_ranks(int n, const WorldOptions& o, HostFabric& fabric,
               const std::function<void(int)>& body) {
  World world(n, o);
  std::vector<std::unique_ptr<HostTransport>> tr;
  for (int r = 0; r < n; ++r) tr.push_back(std::make_unique<HostTransport>(fabric, r));
  for (int r = 0; r < n; ++r) {
    sc_core::sc_spawn_options opts;
    opts.set_stack_size(1 << 20);
    sc_core::sc_spawn(
        [&, r] {
          world.bind(r, *tr[static_cast<std::size_t>(r)]);
          body(r);
          world.ended(r, 0);
        },
        ("rank" + std::to_string(r)).c_str(), &opts);
  }
  sc_core::sc_start();
  EXPECT_TRUE(world.problems().empty());
}

// Rank 0 starts a send, rank 1 looks at its incoming pipe before posting the receive:
// a message within the eager limit is all there (header + payload); a larger one is only
// a 40-byte RTS until the receive is posted, then arrives whole.
TEST(Protocol, EagerSendsAtOnceRendezvousWaitsForTheReceive) {
  WorldOptions o;
  o.eager_limit = 1024;
  HostFabric fabric(2, 64 * 1024, sc_core::sc_time(1, sc_core::SC_NS), sc_core::sc_time(1, sc_core::SC_US));
  std::vector<std::size_t> seen;
  std::vector<int> ok;
  run_ranks(2, o, fabric, [&](int r) {
    MPI_Init(nullptr, nullptr);
    for (int bytes : {1000, 1024, 1025, 5000}) {
      std::vector<unsigned char> buf(static_cast<std::size_t>(bytes));
      if (r == 0) {
        for (int i = 0; i < bytes; ++i) buf[static_cast<std::size_t>(i)] = static_cast<unsigned char>(i * 7 + bytes);
        MPI_Send(buf.data(), bytes, MPI_BYTE, 1, 3, MPI_COMM_WORLD);
      } else {
        sc_core::wait(50, sc_core::SC_US);  // rank 0 has long sent what it sends eagerly
        seen.push_back(fabric.pipe(0, 1).size());
        MPI_Status st;
        MPI_Recv(buf.data(), bytes, MPI_BYTE, 0, 3, MPI_COMM_WORLD, &st);
        int count = -1;
        MPI_Get_count(&st, MPI_BYTE, &count);
        bool same = count == bytes;
        for (int i = 0; i < bytes; ++i) same = same && buf[static_cast<std::size_t>(i)] == static_cast<unsigned char>(i * 7 + bytes);
        ok.push_back(same);
      }
      MPI_Barrier(MPI_COMM_WORLD);
    }
    MPI_Finalize();
  });
  // Eager: header + payload, then the 40-byte envelope of rank 0's next barrier message
  // (its send completed, so it went on). Rendezvous: rank 0 is still in MPI_Send.
  EXPECT_EQ(seen, (std::vector<std::size_t>{40 + 1000 + 40, 40 + 1024 + 40, 40, 40}));
  EXPECT_EQ(ok, (std::vector<int>{1, 1, 1, 1}));
}

// MPI_Wtime charges its cost: two readings differ by exactly wtime instructions.
TEST(Protocol, WtimeChargesItsCost) {
  WorldOptions o;
  o.costs.wtime = 37;
  HostFabric fabric(1, 1024, sc_core::sc_time(2, sc_core::SC_NS), sc_core::sc_time(1, sc_core::SC_MS));
  double a = 0, b = 0;
  run_ranks(1, o, fabric, [&](int) {
    MPI_Init(nullptr, nullptr);
    a = MPI_Wtime();
    b = MPI_Wtime();
    MPI_Finalize();
  });
  EXPECT_NEAR(b - a, 37 * 2e-9, 1e-15);
}

// x -> a x + b maps, composed in rank order: a non-commutative operation.
extern "C" void compose(void* in, void* inout, int* len, MPI_Datatype*) {
  auto* lo = static_cast<int*>(in);
  auto* hi = static_cast<int*>(inout);
  for (int i = 0; i < *len; ++i) {
    const int a1 = lo[2 * i], b1 = lo[2 * i + 1], a2 = hi[2 * i], b2 = hi[2 * i + 1];
    hi[2 * i] = a1 * a2;
    hi[2 * i + 1] = a2 * b1 + b2;
  }
}

TEST(Protocol, SplitUserOperationAndScan) {
  const int n = 5;
  HostFabric fabric(n, 4096, sc_core::sc_time(1, sc_core::SC_NS), sc_core::sc_time(1, sc_core::SC_US));
  std::vector<int> sub_rank(n, -1), sub_size(n, -1), sub_sum(n, -1), scan(n, -1);
  int composed[2] = {0, 0};
  run_ranks(n, WorldOptions{}, fabric, [&](int r) {
    MPI_Init(nullptr, nullptr);
    MPI_Comm half;
    // colour by parity, key descending: ranks in the new comm count backwards
    MPI_Comm_split(MPI_COMM_WORLD, r % 2, -r, &half);
    MPI_Comm_rank(half, &sub_rank[static_cast<std::size_t>(r)]);
    MPI_Comm_size(half, &sub_size[static_cast<std::size_t>(r)]);
    MPI_Allreduce(&r, &sub_sum[static_cast<std::size_t>(r)], 1, MPI_INT, MPI_SUM, half);
    MPI_Comm_free(&half);

    MPI_Op op;
    MPI_Op_create(compose, 0, &op);
    int mine[2] = {r + 2, r + 1};
    MPI_Reduce(mine, composed, 1, MPI_2INT, op, n - 1, MPI_COMM_WORLD);
    MPI_Op_free(&op);
    int one = r + 1;
    MPI_Scan(&one, &scan[static_cast<std::size_t>(r)], 1, MPI_INT, MPI_SUM, MPI_COMM_WORLD);
    MPI_Finalize();
  });
  EXPECT_EQ(sub_size, (std::vector<int>{3, 2, 3, 2, 3}));
  EXPECT_EQ(sub_rank, (std::vector<int>{2, 1, 1, 0, 0}));
  EXPECT_EQ(sub_sum, (std::vector<int>{6, 4, 6, 4, 6}));
  EXPECT_EQ(scan, (std::vector<int>{1, 3, 6, 10, 15}));
  int a = 1, b = 0;  // identity, then rank 0's map first
  for (int r = 0; r < n; ++r) {
    b = (r + 2) * b + (r + 1);
    a = a * (r + 2);
  }
  EXPECT_EQ(composed[0], a);
  EXPECT_EQ(composed[1], b);
}

}  // namespace
