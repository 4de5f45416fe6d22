// Ranks as they will run in the simulator: one SystemC thread per rank, switching to
// one another inside the program (here at the test hook smvn_test_yield, later at MPI
// calls), each with its own globals; an exit() in one rank unwinds on that thread's
// stack and the others go on.
#define SC_INCLUDE_DYNAMIC_PROCESSES  // sc_spawn: one thread per rank, made at run time
#include "mpi_shim/program_loader.h"

#include <array>
#include <map>

#include <gtest/gtest.h>
#include <systemc>

#include "rank_program_fixture.h"

using smvn::mpi::RankProgram;
using smvn::test::Argv;
using smvn::test::rank_program;

// Test hook called by interleave.c (exported by test_exports.list): a 1 ns wait, so all
// ranks take one step per nanosecond, in turn. Counts the steps taken at each time.
static std::map<uint64_t, int> steps_at_ps;
extern "C" void smvn_test_yield(void) {
  ++steps_at_ps[sc_core::sc_time_stamp().value()];
  sc_core::wait(1, sc_core::SC_NS);
}

namespace {

TEST(RankThreads, InterleavedRanksKeepTheirOwnGlobalsAndExitAlone) {
  RankProgram p(rank_program("interleave"), 4);
  std::array<int, 4> result{-1, -1, -1, -1};
  std::array<sc_core::sc_time, 4> finished;
  for (unsigned r = 0; r < 4; ++r) {
    sc_core::sc_spawn_options opts;
    opts.set_stack_size(1 << 20);  // ranks get large stacks (DESIGN.md "Ranks")
    sc_core::sc_spawn(
        [&, r] {
          Argv a{"interleave", std::to_string(r + 1)};
          result[r] = p.run(r, a.argc(), a.argv());
          finished[r] = sc_core::sc_time_stamp();
        },
        ("rank" + std::to_string(r)).c_str(), &opts);
  }
  sc_core::sc_start();

  // Every rank took its steps in lock step with the others: 4 steps at each of the first
  // 8 ns, then 3 (rank 1 has exited).
  for (uint64_t ns = 0; ns < 16; ++ns)
    EXPECT_EQ(steps_at_ps[ns * 1000], ns < 8 ? 4 : 3) << "at " << ns << " ns";
  for (unsigned r = 0; r < 4; ++r) {
    const int step = static_cast<int>(r + 1);
    const int steps = r == 1 ? 8 : 16;
    EXPECT_EQ(result[r], r == 1 ? 42 : steps * step) << "rank " << r;
    EXPECT_EQ(*static_cast<int*>(p.symbol(r, "progress")), steps * step) << "rank " << r;
    auto history_at = reinterpret_cast<int (*)(int)>(p.symbol(r, "history_at"));
    for (int i = 0; i < steps; ++i) EXPECT_EQ(history_at(i), (i + 1) * step) << r << "," << i;
    EXPECT_EQ(finished[r], sc_core::sc_time(steps, sc_core::SC_NS)) << "rank " << r;
  }
}

}  // namespace
