// DDR2 controller: latencies by row state, peak bandwidth, functional split, errors, stats
// and configuration. SystemC elaborates once per process; ctest runs every TEST in its
// own process, so each TEST builds one small harness and calls sc_start() once.
#include <cstring>
#include <functional>
#include <vector>

#include <gtest/gtest.h>
#include <systemc>
#include <tlm>
#include <tlm_utils/simple_initiator_socket.h>

#include "models/ddr2_controller.h"
#include "models/mem_request.h"
#include "models/physical_memory.h"
#include "sim/config.h"
#include "sim/stats.h"

using namespace smvn;
using sc_core::sc_time;
using sc_core::SC_NS;
using sc_core::SC_ZERO_TIME;

namespace {

constexpr uint64_t kMemSize = 16 << 20;
constexpr uint64_t kBase = 4 << 20;  // the controller serves [4 MiB, 12 MiB)
constexpr uint64_t kSize = 8 << 20;

// A test initiator: runs SCRIPT in an SC_THREAD and issues transactions through a socket.
struct Initiator : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Initiator> socket;
  std::function<void(Initiator&)> script;

  SC_HAS_PROCESS(Initiator);
  explicit Initiator(sc_core::sc_module_name n) : sc_module(n), socket("socket") { SC_THREAD(run); }
  void run() { script(*this); }

  // One access at the current local time plus DELAY; DELAY comes back advanced.
  tlm::tlm_response_status access(tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len,
                                  sc_time& delay, MemRequest* ext = nullptr) {
    tlm::tlm_generic_payload gp;
    gp.set_command(cmd);
    gp.set_address(addr);
    gp.set_data_ptr(static_cast<unsigned char*>(data));
    gp.set_data_length(len);
    gp.set_streaming_width(len);
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    if (ext) gp.set_extension(ext);
    socket->b_transport(gp, delay);
    if (ext) gp.clear_extension(ext);  // the test owns EXT
    return gp.get_response_status();
  }
  // Latency of a lone access that arrives at absolute time AT (the thread waits until then).
  sc_time latency_at(sc_time at, uint64_t addr, tlm::tlm_command cmd = tlm::TLM_READ_COMMAND) {
    wait(at - sc_core::sc_time_stamp());
    uint8_t buf[32] = {};
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(access(cmd, addr, buf, sizeof buf, d), tlm::TLM_OK_RESPONSE);
    return d;
  }
};

// The mechanics below (row cases, t_ras, the bus, gaps) are tested on the plain mapping,
// where banks x row_bytes apart is the same bank's next row; bank_xor has its own test.
Ddr2Params plain_mapping() {
  Ddr2Params p;
  p.bank_xor = false;
  return p;
}

struct Bench {
  explicit Bench(const Ddr2Params& p = plain_mapping())
      : mem(kMemSize), ctrl("ddr2", p, mem, kBase, kSize), init("init") {
    init.socket.bind(ctrl.target);
  }
  void run(std::function<void(Initiator&)> script) {
    init.script = std::move(script);
    sc_core::sc_start();
  }
  PhysicalMemory mem;
  Ddr2Controller ctrl;
  Initiator init;
};

// Running the binary by hand runs every TEST in one process; only the first may elaborate.
#define REQUIRE_FRESH_KERNEL()                                                   \
  if (sc_core::sc_get_status() != sc_core::SC_ELABORATION)                       \
  GTEST_SKIP() << "SystemC already elaborated in this process; run via ctest"

const Ddr2Params kDefaults = plain_mapping();
sc_time clocks(uint32_t n) { return n * sc_time(5, SC_NS); }  // DDR2-400: 5 ns clock
// Row hit, closed bank, row conflict (t_ras satisfied) for a 32-byte line: 2 bus clocks.
const uint32_t kHit = kDefaults.frontend_cycles + kDefaults.t_cl + 2;
const uint32_t kClosed = kDefaults.frontend_cycles + kDefaults.t_rcd + kDefaults.t_cl + 2;
const uint32_t kConflict = kDefaults.frontend_cycles + kDefaults.t_rp + kDefaults.t_rcd + kDefaults.t_cl + 2;
const uint64_t kRowStride = uint64_t(kDefaults.row_bytes) * kDefaults.banks;  // same bank, next row

}  // namespace

TEST(Ddr2Controller, ClockAndDefaultLatencies) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  EXPECT_EQ(b.ctrl.clock_period(), sc_time(5, SC_NS));
  b.run([](Initiator& i) {
    // First touch of bank 0: activate + read. Then a line of the same row: hit.
    EXPECT_EQ(i.latency_at(sc_time(0, SC_NS), kBase), clocks(kClosed));
    EXPECT_EQ(i.latency_at(sc_time(1, sc_core::SC_US), kBase + 32), clocks(kHit));
    // Writes are timed the same way.
    EXPECT_EQ(i.latency_at(sc_time(2, sc_core::SC_US), kBase + 64, tlm::TLM_WRITE_COMMAND), clocks(kHit));
  });
  // The defaults, spelled out in nanoseconds.
  EXPECT_EQ(clocks(kHit), sc_time(45, SC_NS));
  EXPECT_EQ(clocks(kClosed), sc_time(60, SC_NS));
  EXPECT_EQ(clocks(kConflict), sc_time(75, SC_NS));
}

TEST(Ddr2Controller, ClosedAndConflictLatencies) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([](Initiator& i) {
    EXPECT_EQ(i.latency_at(sc_time(0, SC_NS), kBase), clocks(kClosed));
    // Another row of bank 0, long after activation: precharge + activate + read.
    EXPECT_EQ(i.latency_at(sc_time(1, sc_core::SC_US), kBase + kRowStride), clocks(kConflict));
    // The next row_bytes map to bank 1, still closed.
    EXPECT_EQ(i.latency_at(sc_time(2, sc_core::SC_US), kBase + kDefaults.row_bytes), clocks(kClosed));
    // Back to bank 0's first row: it was closed by the conflict, so a conflict again.
    EXPECT_EQ(i.latency_at(sc_time(3, sc_core::SC_US), kBase), clocks(kConflict));
  });
}

TEST(Ddr2Controller, ConfiguredTimingsAreUsed) {
  REQUIRE_FRESH_KERNEL();
  Ddr2Params p = plain_mapping();
  p.clock_mhz = 250;  // 4 ns clock
  p.t_cl = 5;
  p.t_rcd = 4;
  p.t_rp = 6;
  p.frontend_cycles = 0;
  Bench b(p);
  b.run([&](Initiator& i) {
    const sc_time clk(4, SC_NS);
    EXPECT_EQ(i.latency_at(sc_time(0, SC_NS), kBase), (4 + 5 + 2) * clk);
    EXPECT_EQ(i.latency_at(sc_time(1, sc_core::SC_US), kBase + 32), (5 + 2) * clk);
    EXPECT_EQ(i.latency_at(sc_time(2, sc_core::SC_US), kBase + kRowStride), (6 + 4 + 5 + 2) * clk);
    // 8 bytes is one beat: half a clock on the bus.
    sc_core::wait(sc_time(3, sc_core::SC_US) - sc_core::sc_time_stamp());
    uint64_t v = 0;
    sc_time d = SC_ZERO_TIME;
    i.access(tlm::TLM_READ_COMMAND, kBase + kRowStride + 8, &v, 8, d);
    EXPECT_EQ(d, 5 * clk + clk / 2);
  });
}

TEST(Ddr2Controller, ConflictWaitsForTras) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([](Initiator& i) {
    uint8_t buf[32];
    sc_time d1 = SC_ZERO_TIME, d2 = SC_ZERO_TIME;
    i.access(tlm::TLM_READ_COMMAND, kBase, buf, 32, d1);
    EXPECT_EQ(d1, clocks(kClosed));
    // Same time, other row of bank 0. The first activated at clock 4 (after the front
    // end) and read at 7 (bank ready again at 9); precharge may not start before
    // 4 + t_ras = 12, so activate 15, read 18, data 21..23.
    i.access(tlm::TLM_READ_COMMAND, kBase + kRowStride, buf, 32, d2);
    EXPECT_EQ(d2, clocks(4 + kDefaults.t_ras + kDefaults.t_rp + kDefaults.t_rcd + kDefaults.t_cl + 2));
    EXPECT_EQ(d2, clocks(23));
  });
}

// A streaming reader with 8 misses outstanding (a core's miss buffers) over 256 KiB:
// 32 rows, so bank switches and row conflicts included.
TEST(Ddr2Controller, StreamBandwidthNearButNotAbovePeak) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([&](Initiator& i) {
    constexpr unsigned kLines = 8192, kOutstanding = 8;
    std::vector<sc_time> done(kLines);
    uint8_t buf[32];
    for (unsigned n = 0; n < kLines; ++n) {
      // Temporal decoupling: never wait, issue at the local time the miss buffer frees.
      sc_time issue = n >= kOutstanding ? done[n - kOutstanding] : SC_ZERO_TIME;
      sc_time d = issue;
      ASSERT_EQ(i.access(tlm::TLM_READ_COMMAND, kBase + 32ull * n, buf, 32, d), tlm::TLM_OK_RESPONSE);
      done[n] = d;
    }
    const double seconds = done.back().to_seconds();
    const double gbps = 32.0 * kLines / seconds / 1e9;
    EXPECT_LE(gbps, 3.2 + 1e-9);
    EXPECT_GE(gbps, 2.5);
    // Bursts never overlap on the bus: every line completes at least 2 clocks after the last.
    for (unsigned n = 1; n < kLines; ++n) ASSERT_GE(done[n] - done[n - 1], clocks(2)) << n;
  });
  // All 8192 lines went over the bus, 10 ns each.
  const auto& c = b.ctrl.counters();
  EXPECT_EQ(c.reads, 8192u);
  EXPECT_EQ(c.bus_busy_ticks, sc_time(8192 * 10, SC_NS).value());
  EXPECT_EQ(c.row_misses + c.row_conflicts, 32u);
}

// Everything arriving at once: the 16-entry queue and the bus bound the throughput.
TEST(Ddr2Controller, FloodIsLimitedByTheBus) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([&](Initiator& i) {
    uint8_t buf[32];
    sc_time last;
    for (unsigned n = 0; n < 1024; ++n) {
      sc_time d = SC_ZERO_TIME;
      i.access(tlm::TLM_READ_COMMAND, kBase + 32ull * n, buf, 32, d);
      last = d;
    }
    EXPECT_GE(last, clocks(2 * 1024));
    EXPECT_LE(last, clocks(2 * 1024 + 32));
  });
  EXPECT_GT(b.ctrl.counters().queue_full, 0u);
}

namespace {

// One access of a set issued out of time order: it arrives at AT (from time 0).
struct Timed {
  sc_time at;
  uint64_t addr;
};

// Issues SET in the order ORDER from time 0 (as cores that ran ahead would) and returns
// each access's completion time, indexed like SET.
std::vector<sc_time> issue_in_order(Initiator& i, const std::vector<Timed>& set, const std::vector<size_t>& order) {
  std::vector<sc_time> done(set.size());
  uint8_t buf[32];
  for (size_t k : order) {
    sc_time d = set[k].at;
    EXPECT_EQ(i.access(tlm::TLM_READ_COMMAND, set[k].addr, buf, 32, d), tlm::TLM_OK_RESPONSE);
    done[k] = d;
  }
  return done;
}

}  // namespace

// Two initiators share the open rows of banks 0 and 1: A reads every 100 ns, B every
// 100 ns offset by 50 ns, over 4 us (after one access per bank opened the rows). Issued
// A-then-B or B-then-A to two identical controllers, every access completes at the same
// time in both: each is a row hit decided by the access before it in simulated time. A
// bank whose row and ready time followed call order queued the second initiator's whole
// set behind the first one's last access.
TEST(Ddr2Controller, HostCallOrderDoesNotChangeTiming) {
  REQUIRE_FRESH_KERNEL();
  PhysicalMemory mem(kMemSize);
  Ddr2Controller first("ddr2_a", kDefaults, mem, kBase, kSize), second("ddr2_b", kDefaults, mem, kBase, kSize);
  Initiator ia("init_a"), ib("init_b");
  ia.socket.bind(first.target);
  ib.socket.bind(second.target);

  std::vector<Timed> set = {{SC_ZERO_TIME, kBase}, {sc_time(50, SC_NS), kBase + kDefaults.row_bytes}};
  std::vector<size_t> a_part, b_part;
  for (unsigned n = 1; n <= 40; ++n) {
    const uint64_t bank = (n % 2) * kDefaults.row_bytes;  // alternate banks 0 and 1
    a_part.push_back(set.size());
    set.push_back({n * sc_time(100, SC_NS), kBase + bank + 64ull * n});
    b_part.push_back(set.size());
    set.push_back({n * sc_time(100, SC_NS) + sc_time(50, SC_NS), kBase + bank + 64ull * n + 32});
  }
  std::vector<size_t> a_then_b = {0, 1}, b_then_a = {0, 1};
  a_then_b.insert(a_then_b.end(), a_part.begin(), a_part.end());
  a_then_b.insert(a_then_b.end(), b_part.begin(), b_part.end());
  b_then_a.insert(b_then_a.end(), b_part.begin(), b_part.end());
  b_then_a.insert(b_then_a.end(), a_part.begin(), a_part.end());

  std::vector<sc_time> done_ab, done_ba;
  ia.script = [&](Initiator& i) { done_ab = issue_in_order(i, set, a_then_b); };
  ib.script = [&](Initiator& i) { done_ba = issue_in_order(i, set, b_then_a); };
  sc_core::sc_start();

  ASSERT_EQ(done_ab.size(), set.size());
  ASSERT_EQ(done_ba.size(), set.size());
  for (size_t k = 0; k < set.size(); ++k) {
    EXPECT_EQ(done_ab[k], done_ba[k]) << "access " << k << " at " << set[k].at;
    // Nothing waits: two closed banks first, then unloaded row hits.
    EXPECT_EQ(done_ab[k] - set[k].at, clocks(k < 2 ? kClosed : kHit)) << "access " << k;
  }
  for (const Ddr2Controller* c : {&first, &second}) {
    EXPECT_EQ(c->counters().row_misses, 2u);
    EXPECT_EQ(c->counters().row_hits, 80u);
    EXPECT_EQ(c->counters().row_conflicts, 0u);
  }
}

// A row hit booked at 1 us leaves an idle gap before it. Called afterwards, an access to
// another row of that bank arriving at 500 ns may not take the gap: it would close the row
// the booked hit was timed against. It goes after the hit, as a conflict. An access to the
// open row arriving at 600 ns, called last, takes the gap as a hit: the row before it in
// simulated time is the open one, although the last access called opened another.
TEST(Ddr2Controller, GapIsTakenOnlyWithoutChangingTheNextBooking) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([&](Initiator& i) {
    uint8_t buf[32];
    sc_time d = SC_ZERO_TIME;
    i.access(tlm::TLM_READ_COMMAND, kBase, buf, 32, d);  // opens row 0 of bank 0
    EXPECT_EQ(d, clocks(kClosed));
    d = clocks(200);  // 1 us
    i.access(tlm::TLM_READ_COMMAND, kBase + 32, buf, 32, d);
    EXPECT_EQ(d, clocks(200 + kHit));
    d = clocks(100);  // 500 ns, row 1: after the hit (bank free from clock 200 + 4 + 2)
    i.access(tlm::TLM_READ_COMMAND, kBase + kRowStride, buf, 32, d);
    EXPECT_EQ(d, clocks(200 + kDefaults.frontend_cycles + 2 + kDefaults.t_rp + kDefaults.t_rcd + kDefaults.t_cl + 2));
    d = clocks(120);  // 600 ns, row 0: in the gap, a hit
    i.access(tlm::TLM_READ_COMMAND, kBase + 64, buf, 32, d);
    EXPECT_EQ(d, clocks(120 + kHit));
    d = clocks(400);  // 2 us: row 1 is open now (the conflict at ~1 us opened it)
    i.access(tlm::TLM_READ_COMMAND, kBase + kRowStride + 32, buf, 32, d);
    EXPECT_EQ(d, clocks(400 + kHit));
  });
  EXPECT_EQ(b.ctrl.counters().row_misses, 1u);
  EXPECT_EQ(b.ctrl.counters().row_hits, 3u);
  EXPECT_EQ(b.ctrl.counters().row_conflicts, 1u);
}

TEST(Ddr2Controller, UncachedWriteThenReadMovesBytes) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([&](Initiator& i) {
    const uint64_t a = kBase + 0x1238;
    uint64_t w = 0x0123456789abcdefull, r = 0;
    sc_time d = SC_ZERO_TIME;
    // No extension at all: a plain functional + timed access.
    EXPECT_EQ(i.access(tlm::TLM_WRITE_COMMAND, a, &w, 8, d), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(b.mem.load<uint64_t>(a), w);
    // An uncached MemRequest: bytes move too, and the extension says who served it.
    MemRequest ext;
    ext.op = MemOp::Uncached;
    EXPECT_EQ(i.access(tlm::TLM_READ_COMMAND, a, &r, 8, d, &ext), tlm::TLM_OK_RESPONSE);
    EXPECT_EQ(r, w);
    EXPECT_EQ(ext.served_by, MemRequest::Level::Memory);
    EXPECT_GT(d, SC_ZERO_TIME);
  });
}

TEST(Ddr2Controller, TimingOnlyMovesNoBytes) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  const uint64_t a = kBase + 0x4000;
  b.mem.fill(a, 0x5a, 32);
  b.run([&](Initiator& i) {
    MemRequest fill;
    fill.op = MemOp::Fill;
    fill.timing_only = true;
    uint8_t buf[32];
    std::memset(buf, 0xee, sizeof buf);
    sc_time d = SC_ZERO_TIME;
    EXPECT_EQ(i.access(tlm::TLM_READ_COMMAND, a, buf, 32, d, &fill), tlm::TLM_OK_RESPONSE);
    for (uint8_t x : buf) EXPECT_EQ(x, 0xee);
    EXPECT_EQ(fill.served_by, MemRequest::Level::Memory);
    EXPECT_EQ(d, clocks(kClosed));  // still timed

    MemRequest wb;
    wb.op = MemOp::Writeback;
    wb.timing_only = true;
    EXPECT_EQ(i.access(tlm::TLM_WRITE_COMMAND, a, buf, 32, d, &wb), tlm::TLM_OK_RESPONSE);
    for (uint64_t k = 0; k < 32; ++k) EXPECT_EQ(b.mem.load<uint8_t>(a + k), 0x5a);
  });
  EXPECT_EQ(b.ctrl.counters().reads, 1u);
  EXPECT_EQ(b.ctrl.counters().writes, 1u);
}

TEST(Ddr2Controller, ErrorsDebugAndNoDmi) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([&](Initiator& i) {
    uint8_t buf[32] = {};
    sc_time d = SC_ZERO_TIME;
    // Below the range, at its end, straddling its end: all address errors, no time.
    EXPECT_EQ(i.access(tlm::TLM_READ_COMMAND, kBase - 32, buf, 32, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(i.access(tlm::TLM_READ_COMMAND, kBase + kSize, buf, 32, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(i.access(tlm::TLM_WRITE_COMMAND, kBase + kSize - 16, buf, 32, d), tlm::TLM_ADDRESS_ERROR_RESPONSE);
    EXPECT_EQ(d, SC_ZERO_TIME);

    tlm::tlm_generic_payload gp;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(kBase);
    gp.set_data_ptr(buf);
    gp.set_data_length(32);
    gp.set_streaming_width(32);
    uint8_t be[32];
    std::memset(be, 0xff, sizeof be);
    gp.set_byte_enable_ptr(be);
    gp.set_byte_enable_length(32);
    i.socket->b_transport(gp, d);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    gp.set_byte_enable_ptr(nullptr);
    gp.set_byte_enable_length(0);
    gp.set_streaming_width(8);
    i.socket->b_transport(gp, d);
    EXPECT_EQ(gp.get_response_status(), tlm::TLM_BURST_ERROR_RESPONSE);

    // Debug transport: functional, untimed, not counted.
    b.mem.store<uint32_t>(kBase + 0x100, 0xcafef00d);
    uint32_t v = 0;
    gp.set_address(kBase + 0x100);
    gp.set_data_ptr(reinterpret_cast<unsigned char*>(&v));
    gp.set_data_length(4);
    gp.set_streaming_width(4);
    EXPECT_EQ(i.socket->transport_dbg(gp), 4u);
    EXPECT_EQ(v, 0xcafef00du);
    gp.set_address(kBase + kSize);
    EXPECT_EQ(i.socket->transport_dbg(gp), 0u);

    tlm::tlm_dmi dmi;
    gp.set_address(kBase);
    EXPECT_FALSE(i.socket->get_direct_mem_ptr(gp, dmi));
  });
  EXPECT_EQ(b.ctrl.counters().reads + b.ctrl.counters().writes, 0u);
}

TEST(Ddr2Controller, StatsCount) {
  REQUIRE_FRESH_KERNEL();
  Bench b;
  b.run([&](Initiator& i) {
    i.latency_at(sc_time(0, SC_NS), kBase);                                      // closed
    i.latency_at(sc_time(1, sc_core::SC_US), kBase + 32);                         // hit
    i.latency_at(sc_time(2, sc_core::SC_US), kBase + kRowStride, tlm::TLM_WRITE_COMMAND);  // conflict
  });
  StatsRegistry s;
  b.ctrl.register_stats(s);
  EXPECT_EQ(s.value("ddr2.reads"), 2);
  EXPECT_EQ(s.value("ddr2.writes"), 1);
  EXPECT_EQ(s.value("ddr2.bytes_read"), 64);
  EXPECT_EQ(s.value("ddr2.bytes_written"), 32);
  EXPECT_EQ(s.value("ddr2.row_hits"), 1);
  EXPECT_EQ(s.value("ddr2.row_misses"), 1);
  EXPECT_EQ(s.value("ddr2.row_conflicts"), 1);
  EXPECT_DOUBLE_EQ(s.value("ddr2.avg_latency_ns"), (60.0 + 45.0 + 75.0) / 3);
  EXPECT_DOUBLE_EQ(s.value("ddr2.bus_busy_ns"), 30.0);
  EXPECT_TRUE(s.contains("ddr2.queue_full"));
}

// bank_xor (the default): the bank is XORed with the row folded to three bits, so the
// same bank-field a multiple of banks x row_bytes away lands in another bank (an open row
// each: no conflict), while one row's lines stay in one bank and every (bank, row) pair
// is still used exactly once.
TEST(Ddr2Controller, BankXorSpreadsAlignedRowsOverBanks) {
  REQUIRE_FRESH_KERNEL();
  Ddr2Params p;
  ASSERT_TRUE(p.bank_xor);
  Bench b(p);
  const uint64_t stride = uint64_t(p.row_bytes) * p.banks;
  EXPECT_EQ(b.ctrl.bank_of(0), 0u);
  EXPECT_EQ(b.ctrl.bank_of(p.row_bytes - 32), 0u);  // one row's lines: one bank
  EXPECT_EQ(b.ctrl.bank_of(p.row_bytes), 1u);
  EXPECT_EQ(b.ctrl.bank_of(stride), 1u);            // row 1 of bank field 0
  EXPECT_EQ(b.ctrl.bank_of(stride + p.row_bytes), 0u);
  EXPECT_EQ(b.ctrl.bank_of(8 * stride), 1u);        // row 8 folds to 1
  EXPECT_EQ(b.ctrl.bank_of(9 * stride), 0u);        // row 9 folds to 1 ^ 1
  // A bijection: within every row, each bank exactly once.
  for (uint64_t row = 0; row < kSize / stride; ++row) {
    unsigned seen = 0;
    for (unsigned f = 0; f < p.banks; ++f) seen |= 1u << b.ctrl.bank_of(row * stride + f * p.row_bytes);
    EXPECT_EQ(seen, (1u << p.banks) - 1) << "row " << row;
  }
  b.run([&](Initiator& i) {
    // Rows 0 and 1 at the same bank field: two closed banks, then both open (hits).
    EXPECT_EQ(i.latency_at(sc_time(0, SC_NS), kBase), clocks(kClosed));
    EXPECT_EQ(i.latency_at(sc_time(1, sc_core::SC_US), kBase + stride), clocks(kClosed));
    EXPECT_EQ(i.latency_at(sc_time(2, sc_core::SC_US), kBase + 32), clocks(kHit));
    EXPECT_EQ(i.latency_at(sc_time(3, sc_core::SC_US), kBase + stride + 32), clocks(kHit));
  });
  EXPECT_EQ(b.ctrl.counters().row_conflicts, 0u);
}

TEST(Ddr2ParamsConfig, ReadsKeysAndChecksRanges) {
  auto p = Ddr2Params::from_config(ConfigNode::parse_string(
      "clock_mhz: 266\nbanks: 4\nrow_bytes: 4096\nt_cl: 4\nt_rcd: 4\nt_rp: 4\nt_ras: 12\n"
      "frontend_cycles: 6\nqueue_entries: 8\nbus_bits: 64\n"));
  EXPECT_EQ(p.clock_mhz, 266u);
  EXPECT_EQ(p.banks, 4u);
  EXPECT_EQ(p.row_bytes, 4096u);
  EXPECT_EQ(p.t_cl, 4u);
  EXPECT_EQ(p.t_ras, 12u);
  EXPECT_EQ(p.frontend_cycles, 6u);
  EXPECT_EQ(p.queue_entries, 8u);
  EXPECT_FALSE(Ddr2Params::from_config(ConfigNode::parse_string("bank_xor: false\n")).bank_xor);
  // Absent keys keep their defaults.
  auto d = Ddr2Params::from_config(ConfigNode::parse_string("t_cl: 5\n"));
  EXPECT_EQ(d.t_cl, 5u);
  EXPECT_EQ(d.clock_mhz, 200u);
  EXPECT_EQ(d.row_bytes, 8192u);
  EXPECT_TRUE(d.bank_xor);

  EXPECT_THROW(Ddr2Params::from_config(ConfigNode::parse_string("t_cl: 99\n")), ConfigError);
  EXPECT_THROW(Ddr2Params::from_config(ConfigNode::parse_string("clock_mhz: 0\n")), ConfigError);
  EXPECT_THROW(Ddr2Params::from_config(ConfigNode::parse_string("banks: 6\n")), ConfigError);
  EXPECT_THROW(Ddr2Params::from_config(ConfigNode::parse_string("queue_entries: 0\n")), ConfigError);
}
