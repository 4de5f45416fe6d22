// Three streams into node 0 through pools of 4 to 9 slots, with several window sizes and
// user-window placements (which shift the timing): every shape must finish with every
// byte delivered. A held-back segment once waited for a wake-up sent to the core that
// had queued it, which had finished: this found it (8 of these 36 shapes hung).
#include <gtest/gtest.h>

#include "../driver/smvn_harness.h"
#include "mpi_shim/net_stack.h"
#include "mpi_shim/node_runtime.h"

using namespace smvn;
using namespace smvn::net;
using namespace smvn::testing_smvn;

TEST(NetStack, SmallPoolsOfManyShapesNeverHang) {
  int fails = 0;
  for (unsigned slots = 4; slots <= 9; ++slots)
    for (uint32_t sb : {8192u, 16384u, 65536u})
      for (uint64_t uoff : {128ull << 20, (128ull << 20) + 4096 * 7}) {
        std::string r = testing_node::run_in_child([&]() -> std::string {
          NetParams np; np.socket_buffer = sb; np.user_offset = uoff;
          ConfigNode cfg = smvn_config([&](YAML::Node& s) { s["pool"]["size"] = PoolLayout::bytes_for(kNodes, slots); });
          Simulation sim(cfg); SmvnNetwork smvn(cfg.child_or_empty("smvn"), sim.cluster());
          NetStack stack(np, sim.cluster(), smvn); NodeRuntime rt(sim.cluster(), smvn);
          const size_t bytes = 100000; std::vector<std::vector<uint8_t>> sent(3, std::vector<uint8_t>(bytes, 7)), got(3, std::vector<uint8_t>(bytes));
          std::vector<int> rx;
          for (unsigned src = 1; src < kNodes; ++src) {
            auto [a, b] = stack.connect(src * kCoresPerNode + 2, 1 + (src - 1) % 3);
            rx.push_back(b);
            rt.run_on(src * kCoresPerNode + 2, [&, a = a, i = src - 1](Core& c) { size_t d = 0; while (d < bytes) { size_t n = stack.send(c, a, sent[i].data() + d, bytes - d); d += n; if (!n) stack.wait(c);} });
          }
          for (unsigned i = 0; i < 3; ++i) rt.run_on(1 + i, [&, i](Core& c) { size_t d = 0; while (d < bytes) { size_t n = stack.recv(c, rx[i], got[i].data() + d, bytes - d); d += n; if (!n) stack.wait(c);} });
          rt.install(); sim.run(sc_core::sc_time(200, sc_core::SC_MS));
          std::string o = std::to_string(rt.unfinished());
          for (unsigned i = 0; i < 3; ++i)
            if (got[i] != sent[i]) o += " stream " + std::to_string(i) + " differs";
          return o;
        });
        if (r != "0") { ++fails; ADD_FAILURE() << "slots " << slots << ", socket buffer " << sb << ", user offset " << uoff << ": " << r; }
      }
  EXPECT_EQ(fails, 0);
}
