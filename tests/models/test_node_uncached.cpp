// Uncached address ranges (node.uncached): accesses bypass every cache, return the right
// values, cost a trip to memory, are counted, and ll/sc there is refused.
#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "models/l1_cache.h"
#include "models/l2_bank.h"
#include "models/mem_request.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;
using ::testing::HasSubstr;

namespace {

constexpr uint64_t kUncached = 0x100000;  // [1 MiB, 2 MiB) is uncached
constexpr uint64_t kCached = 0x200000;

ConfigNode uncached_config() {
  return node_config([](YAML::Node& y) {
    YAML::Node range;
    range["base"] = "0x100000";
    range["size"] = "1MiB";
    y["node"]["uncached"].push_back(range);
  });
}

}  // namespace

TEST(NodeUncached, LoadsAndStoresBypassTheCaches) {
  Simulation sim(uncached_config());
  const NodeTiming t(sim.cluster().params().node);
  const uint64_t u = kUncached + 0x40;
  uint64_t v64 = 0, v32 = 0, v16 = 0, v8 = 0, last = 0;
  Picos uc_load = 0, uc_store = 0, uc_load_again = 0, cached_hit = 0;
  Mesi state = Mesi::M;
  bool in_l2 = true;
  unsigned uncached_ops = 0;
  sim.cluster().core(0).set_program([&](Core& c) {
    auto t0 = c.now();
    c.store<uint64_t>(u, 0x1122334455667788ull);
    uc_store = (c.now() - t0).value();
    c.store<uint32_t>(u + 8, 0xdeadbeef);
    c.store<uint16_t>(u + 12, 0xcafe);
    c.store<uint8_t>(u + 15, 0x7f);
    t0 = c.now();
    v64 = c.load<uint64_t>(u);
    uc_load = (c.now() - t0).value();
    v32 = c.load<uint32_t>(u + 8);
    v16 = c.load<uint16_t>(u + 12);
    v8 = c.load<uint8_t>(u + 15);
    t0 = c.now();
    last = c.load<uint64_t>(u);  // an uncached line is never kept: as slow again
    uc_load_again = (c.now() - t0).value();
    uncached_ops = 9;
    state = sim.cluster().l1d(0).state_of(u);
    in_l2 = sim.cluster().node(0).home_bank(u).directory_entry(u) != nullptr;
    (void)c.load<uint64_t>(kCached);
    t0 = c.now();
    (void)c.load<uint64_t>(kCached);
    cached_hit = (c.now() - t0).value();
  });
  sim.run();
  EXPECT_EQ(v64, 0x1122334455667788ull);
  EXPECT_EQ(v32, 0xdeadbeefu);
  EXPECT_EQ(v16, 0xcafeu);
  EXPECT_EQ(v8, 0x7fu);
  EXPECT_EQ(last, 0x1122334455667788ull);
  EXPECT_EQ(sim.cluster().memory().load<uint32_t>(u + 8), 0xdeadbeefu);
  EXPECT_EQ(state, Mesi::I);
  EXPECT_FALSE(in_l2);
  EXPECT_EQ(cached_hit, t.l1_hit);
  EXPECT_GT(uc_load, t.l2_hit) << "an uncached load goes to memory";
  EXPECT_GT(uc_store, t.l1_hit);
  EXPECT_EQ(uc_load_again, uc_load);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.uncached_accesses"), uncached_ops);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.read_misses"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.read_hits"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.write_hits") +
                sim.stats().value("cluster.node0.core0_l1d.write_misses"),
            0);
  double bank_uncached = 0;
  for (unsigned b = 0; b < 4; ++b)
    bank_uncached += sim.stats().value("cluster.node0.l2_bank" + std::to_string(b) + ".uncached");
  EXPECT_EQ(bank_uncached, uncached_ops);
}

// Fill, write_block and read_block over an uncached range go doubleword by doubleword.
TEST(NodeUncached, BlockOperations) {
  Simulation sim(uncached_config());
  std::vector<uint8_t> src(301), back(301, 0);
  for (size_t i = 0; i < src.size(); ++i) src[i] = uint8_t(i * 7 + 3);
  const uint64_t a = kUncached + 0x1003, f = kUncached + 0x2005;
  sim.cluster().memory().fill(f - 8, 0xA5, 100 + 16);
  sim.cluster().core(0).set_program([&](Core& c) {
    c.write_block(a, src.data(), src.size());
    c.read_block(a, back.data(), back.size());
    c.fill(f, 0x3c, 100);
  });
  sim.run();
  EXPECT_EQ(back, src);
  std::vector<uint8_t> mem(src.size());
  sim.cluster().memory().read(a, mem.data(), mem.size());
  EXPECT_EQ(mem, src);
  std::vector<uint8_t> filled(116);
  sim.cluster().memory().read(f - 8, filled.data(), filled.size());
  for (size_t i = 0; i < filled.size(); ++i)
    EXPECT_EQ(filled[i], (i < 8 || i >= 108) ? 0xA5 : 0x3c) << i;
  // 301 bytes from an odd address: 5 + 37 * 8 = 301 -> 38 pieces each way; 100 bytes of
  // fill from ...5: 3 + 12 * 8 + 1 -> 14 pieces.
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.uncached_accesses"), 38 + 38 + 14);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.read_misses"), 0);
}

// A copy between a cached buffer and an uncached one (how a driver fills an uncached
// pool): the core splits it into loads and stores through a buffer.
TEST(NodeUncached, CopyBetweenCachedAndUncached) {
  Simulation sim(uncached_config());
  std::vector<uint8_t> src(256);
  for (size_t i = 0; i < src.size(); ++i) src[i] = uint8_t(255 - i);
  sim.cluster().memory().write(kCached, src.data(), src.size());
  bool done = false;
  sim.cluster().core(0).set_program([&](Core& c) {
    c.copy(kUncached + 0x3000, kCached, src.size());          // cached -> uncached
    c.copy(kCached + 0x1000, kUncached + 0x3000, src.size()); // uncached -> cached
    done = true;
  });
  const std::string error = run_expecting_error(sim);
  EXPECT_EQ(error, "");
  EXPECT_TRUE(done);
  std::vector<uint8_t> a(src.size()), b(src.size());
  sim.cluster().memory().read(kUncached + 0x3000, a.data(), a.size());
  sim.cluster().memory().read(kCached + 0x1000, b.data(), b.size());
  EXPECT_EQ(a, src);
  EXPECT_EQ(b, src);
}

TEST(NodeUncached, LoadLinkedAndStoreConditionalFault) {
  Simulation sim(uncached_config());
  bool returned = false, ll_fault = false;
  std::string ll_message;
  sim.cluster().core(0).set_program([&](Core& c) {
    c.store<uint64_t>(kUncached + 0x80, 1);
    try {
      (void)c.load_linked<uint64_t>(kUncached + 0x80);
    } catch (const MemoryFault& e) {
      ll_fault = true;
      ll_message = e.what();
    }
    (void)c.store_conditional<uint64_t>(kUncached + 0x88, 2);  // escapes the program
    returned = true;
  });
  const std::string error = run_expecting_error(sim);
  EXPECT_TRUE(ll_fault) << "ll on an uncached line raises smvn::MemoryFault";
  EXPECT_THAT(ll_message, HasSubstr("failed"));
  EXPECT_THAT(ll_message, HasSubstr("0x100080"));
  EXPECT_THAT(ll_message, HasSubstr("core0"));
  EXPECT_FALSE(returned);
  EXPECT_THAT(error, HasSubstr("failed"));
  EXPECT_THAT(error, HasSubstr("0x100088"));
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kUncached + 0x88), 0u) << "the refused sc stored";
}

// An uncached read of a line an L1 holds modified (a device's coherent DMA read) pulls
// the dirty data down: the L2 line becomes dirty, so its eviction later writes it back.
// The uncached path once repeated the downgrade by hand and dropped the dirty flag, where
// the line-request path's downgrade_owner() keeps it; both now go through that one.
TEST(NodeUncached, UncachedReadOfAModifiedLineLeavesTheL2LineDirty) {
  Simulation sim(node_config());
  constexpr uint64_t kX = 0x300040;
  bool owned_before = false, dirty_before = true, dirty_after = false, owner_cleared = false;
  uint64_t read_back = 0;
  sim.cluster().core(0).set_program([&](Core& c) {
    c.store<uint64_t>(kX, 0x0123456789abcdefull);  // L1 of core 0: M; the L2's copy is clean
    L2Bank& bank = sim.cluster().node(0).home_bank(kX);
    const DirectoryEntry* d = bank.directory_entry(kX);
    owned_before = d && d->owner == 0;
    dirty_before = bank.line_dirty(kX);
    // The uncached read, as a device on the node's crossbar would make it.
    tlm::tlm_generic_payload trans;
    MemRequest ext;
    ext.op = MemOp::Uncached;
    trans.set_extension(&ext);
    trans.set_command(tlm::TLM_READ_COMMAND);
    trans.set_address(kX);
    trans.set_data_ptr(reinterpret_cast<unsigned char*>(&read_back));
    trans.set_data_length(8);
    trans.set_streaming_width(8);
    sc_core::sc_time delay = sc_core::SC_ZERO_TIME;
    bank.target.get_base_interface().b_transport(trans, delay);  // into the bank's target socket
    trans.clear_extension(&ext);
    dirty_after = bank.line_dirty(kX);
    d = bank.directory_entry(kX);
    owner_cleared = d && d->owner < 0;
  });
  sim.run();
  EXPECT_TRUE(owned_before);
  EXPECT_FALSE(dirty_before);
  EXPECT_EQ(read_back, 0x0123456789abcdefull);
  EXPECT_TRUE(owner_cleared);
  EXPECT_TRUE(dirty_after) << "the owner's dirty data was dropped by the uncached read";
}
