// HyperTransport link direction: packet sizes, serialization times (exact ps per the formula
// in models/ht_link.h), saturated throughput, credit flow control per VC, errors, stats.
// Pure absolute-time model: no SystemC simulation is started.
#include <algorithm>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "models/ht_link.h"
#include "sim/stats.h"

using namespace smvn;

namespace {

// 8-bit at 800 MHz: one bit-time = 625 ps = one byte; CRC factor 516/512 -> 629.8828125 ps/B.
HtLinkDirection link8(uint32_t cp = 8, uint32_t cn = 8, uint32_t cr = 8) {
  return HtLinkDirection("n0.ht0.tx", 8, 800.0, cp, cn, cr);
}
HtLinkDirection link16(uint32_t cp = 8, uint32_t cn = 8, uint32_t cr = 8) {
  return HtLinkDirection("n0.ht1.tx", 16, 800.0, cp, cn, cr);
}

constexpr double kGBps8 = 1.6;  // raw bytes per ns of an 8-bit 800 MHz direction

}  // namespace

TEST(HtLink, PacketHelpersHaveReferenceSizesAndChannels) {
  const HtPacket rq = HtPacket::read_request();
  EXPECT_EQ(rq.vc, HtVc::NonPosted);
  EXPECT_EQ(rq.control_bytes, 8u);
  EXPECT_EQ(rq.data_bytes, 0u);

  const HtPacket rs = HtPacket::read_response(64);
  EXPECT_EQ(rs.vc, HtVc::Response);
  EXPECT_EQ(rs.control_bytes, 4u);
  EXPECT_EQ(rs.data_bytes, 64u);
  EXPECT_EQ(HtPacket::read_response(1).data_bytes, 4u);   // rounded up to a doubleword
  EXPECT_EQ(HtPacket::read_response(0).data_bytes, 4u);   // a read returns at least one dword
  EXPECT_EQ(HtPacket::read_response(33).data_bytes, 36u);

  const HtPacket pw = HtPacket::posted_write(32);
  EXPECT_EQ(pw.vc, HtVc::Posted);
  EXPECT_EQ(pw.control_bytes, 8u);
  EXPECT_EQ(pw.data_bytes, 32u);
  EXPECT_EQ(HtPacket::posted_write(0).data_bytes, 0u);    // a notice: control only
  EXPECT_EQ(HtPacket::posted_write(5).data_bytes, 8u);
  EXPECT_EQ(HtPacket::posted_write(64).bytes(), 72u);

  const HtPacket np = HtPacket::nonposted_request();
  EXPECT_EQ(np.vc, HtVc::NonPosted);
  EXPECT_EQ(np.bytes(), 8u);

  const HtPacket a = HtPacket::ack();
  EXPECT_EQ(a.vc, HtVc::Response);
  EXPECT_EQ(a.bytes(), 4u);
}

TEST(HtLink, SerializationTimesOn8Bit800MHz) {
  auto l = link8();
  EXPECT_DOUBLE_EQ(l.raw_bytes_per_ns(), 1.6);
  // ceil(N * 625 * 516 / 512)
  EXPECT_EQ(l.wire_time(HtPacket::ack()), 2520u);                 // 4 B: 2519.53
  EXPECT_EQ(l.wire_time(HtPacket::read_request()), 5040u);        // 8 B: 5039.06
  EXPECT_EQ(l.wire_time(HtPacket::nonposted_request()), 5040u);
  EXPECT_EQ(l.wire_time(HtPacket::posted_write(0)), 5040u);
  EXPECT_EQ(l.wire_time(HtPacket::posted_write(32)), 25196u);     // 40 B: 25195.31
  EXPECT_EQ(l.wire_time(HtPacket::posted_write(64)), 45352u);     // 72 B: 45351.56
  EXPECT_EQ(l.wire_time(HtPacket::read_response(4)), 5040u);      // 8 B
  EXPECT_EQ(l.wire_time(HtPacket::read_response(32)), 22676u);    // 36 B: 22675.78
  EXPECT_EQ(l.wire_time(HtPacket::read_response(64)), 42833u);    // 68 B: 42832.03
  EXPECT_EQ(l.nop_return_ps(), 2520u);
  // A whole CRC window (512 bit-times = 512 B on 8 lanes) is exactly 516 bit-times.
  EXPECT_EQ(l.wire_time(512), 516u * 625u);

  // send() on an idle link uses the same times.
  const auto s = l.send(HtPacket::read_response(64), 1000);
  EXPECT_EQ(s.start, 1000u);
  EXPECT_EQ(s.arrival, 1000u + 42833u);
}

TEST(HtLink, SerializationTimesOn16BitHalveThe8BitTimes) {
  auto l = link16();
  EXPECT_DOUBLE_EQ(l.raw_bytes_per_ns(), 3.2);
  // ceil(N * 312.5 * 516 / 512)
  EXPECT_EQ(l.wire_time(HtPacket::ack()), 1260u);                 // 1259.77
  EXPECT_EQ(l.wire_time(HtPacket::read_request()), 2520u);        // 2519.53
  EXPECT_EQ(l.wire_time(HtPacket::posted_write(32)), 12598u);     // 12597.66
  EXPECT_EQ(l.wire_time(HtPacket::posted_write(64)), 22676u);     // 22675.78
  EXPECT_EQ(l.wire_time(HtPacket::read_response(64)), 21417u);    // 21416.02
  EXPECT_EQ(l.nop_return_ps(), 1260u);
  EXPECT_EQ(l.wire_time(1024), 516u * 625u);  // one CRC window of 16 lanes
}

TEST(HtLink, CrcOverheadCanBeDisabledAndFollowsTheWindow) {
  HtLinkDirection nocrc("l", 8, 800.0, 8, 8, 8, 0);
  EXPECT_EQ(nocrc.wire_time(HtPacket::ack()), 2500u);
  EXPECT_EQ(nocrc.wire_time(HtPacket::posted_write(32)), 25000u);
  EXPECT_DOUBLE_EQ(nocrc.crc_efficiency(), 1.0);
  auto crc = link8();
  EXPECT_DOUBLE_EQ(crc.crc_efficiency(), 512.0 / 516.0);
  // A smaller window costs more: 4 CRC bit-times per 256 -> factor 260/256.
  HtLinkDirection small("l", 8, 800.0, 8, 8, 8, 256);
  EXPECT_EQ(small.wire_time(256), 260u * 625u);
  // Non-integer clocks: 533.333 MHz rounds to 533333 kHz; 40 B = 40 bit-times of
  // 1e9/(2*533333) ps, times 516/512, rounded up.
  HtLinkDirection odd("l", 8, 533.333, 8, 8, 8);
  EXPECT_EQ(odd.wire_time(40), 37793u);
}

TEST(HtLink, BackToBackPostedWritesSaturateNear80PercentPayload) {
  auto l = link8();
  constexpr int kPackets = 1000;
  Picos last_arrival = 0;
  for (int i = 0; i < kPackets; ++i) {
    const auto s = l.send(HtPacket::posted_write(32), 0);  // all ready at once
    EXPECT_EQ(s.start, last_arrival) << "packet " << i << " must follow the previous one";
    last_arrival = s.arrival;
  }
  const double payload_per_ns = 32.0 * kPackets / (double(last_arrival) / 1000.0);
  EXPECT_GE(payload_per_ns, 0.78 * kGBps8);
  EXPECT_LE(payload_per_ns, 0.80 * kGBps8);
  EXPECT_LE(payload_per_ns, 32.0 / 40.0 * kGBps8);  // the control-packet bound
  // The wire was never idle and no credit ever stalled with 8 credits.
  EXPECT_EQ(l.busy_ps(), last_arrival);
  EXPECT_EQ(l.credit_stalls(), 0u);
  EXPECT_NEAR(l.payload_efficiency(), 0.8 * 512.0 / 516.0, 1e-12);
  // Per-packet rounding adds at most 1 ps per packet to the exact rational time.
  const double exact_ps = kPackets * 40 * 625.0 * 516.0 / 512.0;
  EXPECT_GE(double(last_arrival), exact_ps);
  EXPECT_LE(double(last_arrival), exact_ps + kPackets);
}

TEST(HtLink, SixteenBitLinkDoublesThroughput) {
  auto a = link8();
  auto b = link16();
  Picos ta = 0, tb = 0;
  for (int i = 0; i < 500; ++i) {
    ta = a.send(HtPacket::posted_write(32), 0).arrival;
    tb = b.send(HtPacket::posted_write(32), 0).arrival;
  }
  const double ratio = double(ta) / double(tb);
  EXPECT_NEAR(ratio, 2.0, 0.001);
  const double payload_per_ns_16 = 32.0 * 500 / (double(tb) / 1000.0);
  EXPECT_GE(payload_per_ns_16, 0.78 * 2 * kGBps8);
  EXPECT_LE(payload_per_ns_16, 0.80 * 2 * kGBps8);
}

TEST(HtLink, LateReleaseStallsThirdPacketUntilCreditReturns) {
  auto l = link8(/*posted credits*/ 2);
  const HtPacket w = HtPacket::posted_write(32);
  const Picos t = l.wire_time(w);  // 25196
  const Picos far = 1'000'000'000;  // the receiver holds the packets for 1 ms

  const auto s1 = l.send(w, 0);
  l.release(HtVc::Posted, s1.slot, far);
  const auto s2 = l.send(w, 0);
  l.release(HtVc::Posted, s2.slot, far + 5000);
  EXPECT_NE(s1.slot, s2.slot);
  EXPECT_EQ(s2.start, t);
  EXPECT_EQ(l.credit_stalls(), 0u);

  const auto s3 = l.send(w, 0);
  EXPECT_EQ(s3.slot, s1.slot);                       // the earlier-freed slot
  EXPECT_EQ(s3.start, far + l.nop_return_ps());      // credit back one NOP after release
  EXPECT_EQ(s3.arrival, far + l.nop_return_ps() + t);
  EXPECT_EQ(l.credit_stalls(), 1u);
  EXPECT_EQ(l.credit_stall_ps(), far + l.nop_return_ps() - 2 * t);  // beyond the wire's own wait
  EXPECT_EQ(l.wire_wait_ps(), t + 2 * t);  // packet 2 waited t, packet 3 waited 2t for the wire
}

TEST(HtLink, WithoutReleaseTheSlotFreesAtArrivalPlusNop) {
  auto l = link8(/*posted credits*/ 1);
  const HtPacket w = HtPacket::posted_write(32);
  const Picos t = l.wire_time(w);
  const auto s1 = l.send(w, 0);
  EXPECT_EQ(l.slot_free(HtVc::Posted, s1.slot), t + l.nop_return_ps());
  const auto s2 = l.send(w, 0);  // one credit: waits for the NOP after the first arrives
  EXPECT_EQ(s2.start, t + l.nop_return_ps());
  EXPECT_EQ(l.credit_stalls(), 1u);
  EXPECT_EQ(l.credit_stall_ps(), l.nop_return_ps());
  // A packet ready after the credit came back does not stall.
  const auto s3 = l.send(w, s2.arrival + l.nop_return_ps() + 7);
  EXPECT_EQ(s3.start, s2.arrival + l.nop_return_ps() + 7);
  EXPECT_EQ(l.credit_stalls(), 1u);
}

TEST(HtLink, VirtualChannelsHaveSeparateCreditsButShareTheWire) {
  auto l = link8(/*posted*/ 1, /*nonposted*/ 1, /*response*/ 1);
  const Picos far = 500'000'000;
  const auto p1 = l.send(HtPacket::posted_write(64), 0);
  l.release(HtVc::Posted, p1.slot, far);  // posted VC now full until far

  // A response is not held by the posted VC's credits, only by the wire.
  const auto r = l.send(HtPacket::read_response(64), 0);
  EXPECT_EQ(r.start, p1.arrival);
  const auto n = l.send(HtPacket::read_request(), 0);
  EXPECT_EQ(n.start, r.arrival);
  EXPECT_EQ(l.credit_stalls(), 0u);

  // Another posted write waits for its own credit.
  const auto p2 = l.send(HtPacket::posted_write(64), 0);
  EXPECT_EQ(p2.start, far + l.nop_return_ps());
  EXPECT_EQ(l.credit_stalls(), 1u);

  // The wire stays shared, but a blocked VC does not hold the others back: a response
  // ready at 0 takes the idle wire before the stalled posted write.
  const auto r2 = l.send(HtPacket::ack(), 0);
  EXPECT_EQ(r2.start, n.arrival);
  EXPECT_LE(r2.arrival, p2.start);
  EXPECT_EQ(l.packets(HtVc::Posted), 2u);
  EXPECT_EQ(l.packets(HtVc::Response), 2u);
  EXPECT_EQ(l.packets(HtVc::NonPosted), 1u);
}

// Loosely timed: a packet called later but ready earlier takes an idle gap before the
// packets already booked, and waits only when the gap is too short.
TEST(HtLink, LaterCallWithEarlierReadyTakesAnIdleGap) {
  auto l = link8();
  const auto a = l.send(HtPacket::read_request(), 10'000);
  const auto b = l.send(HtPacket::ack(), 2'000);  // 2520 ps fit before 10'000
  EXPECT_EQ(b.start, 2'000u);
  EXPECT_EQ(b.arrival, 2'000u + l.wire_time(4));
  const auto c = l.send(HtPacket::ack(), 8'000);  // 8000 + 2520 overlaps a: waits for it
  EXPECT_EQ(c.start, a.arrival);
  EXPECT_EQ(l.wire_wait_ps(), a.arrival - 8'000);
  EXPECT_EQ(l.credit_stalls(), 0u);
  EXPECT_EQ(l.wire_free(), c.arrival);
  // Forgetting the past keeps later bookings exact.
  l.forget_before(a.arrival);
  const auto d = l.send(HtPacket::ack(), c.arrival + 100);
  EXPECT_EQ(d.start, c.arrival + 100);
}

TEST(HtLink, DataAbove64BytesAndMalformedPacketsThrow) {
  EXPECT_THROW(HtPacket::read_response(65), std::invalid_argument);
  EXPECT_THROW(HtPacket::posted_write(128), std::invalid_argument);
  EXPECT_NO_THROW(HtPacket::posted_write(64));
  auto l = link8();
  EXPECT_THROW(l.send(HtPacket{HtVc::Posted, 8, 68}, 0), std::invalid_argument);
  EXPECT_THROW(l.send(HtPacket{HtVc::Posted, 8, 6}, 0), std::invalid_argument);   // not whole dwords
  EXPECT_THROW(l.send(HtPacket{HtVc::Response, 12, 0}, 0), std::invalid_argument);
  EXPECT_THROW(l.send(HtPacket{HtVc::Response, 0, 4}, 0), std::invalid_argument);
  EXPECT_THROW(l.send(HtPacket{static_cast<HtVc>(3), 4, 0}, 0), std::invalid_argument);
  // Rejected packets leave the link untouched.
  EXPECT_EQ(l.packets(), 0u);
  EXPECT_EQ(l.wire_free(), 0u);
}

TEST(HtLink, InvalidConstructionAndReleaseThrow) {
  EXPECT_THROW(HtLinkDirection("l", 12, 800.0, 8, 8, 8), std::invalid_argument);
  EXPECT_THROW(HtLinkDirection("l", 8, 0.0, 8, 8, 8), std::invalid_argument);
  EXPECT_THROW(HtLinkDirection("l", 8, -800.0, 8, 8, 8), std::invalid_argument);
  EXPECT_THROW(HtLinkDirection("l", 8, 800.0, 8, 0, 8), std::invalid_argument);
  try {
    HtLinkDirection("n3.ht0.tx", 8, 800.0, 8, 8, 0);
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("n3.ht0.tx"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("credits_response"), std::string::npos) << e.what();
  }
  auto l = link8(2, 2, 2);
  EXPECT_THROW(l.release(HtVc::Posted, 2, 0), std::out_of_range);
  EXPECT_THROW(l.release(static_cast<HtVc>(7), 0, 0), std::out_of_range);
  // release() never frees a slot before its packet arrived.
  const auto s = l.send(HtPacket::posted_write(32), 0);
  l.release(HtVc::Posted, s.slot, 0);
  EXPECT_EQ(l.slot_free(HtVc::Posted, s.slot), s.arrival + l.nop_return_ps());
  l.release(HtVc::Posted, s.slot, s.arrival + 100);
  EXPECT_EQ(l.slot_free(HtVc::Posted, s.slot), s.arrival + 100 + l.nop_return_ps());
}

TEST(HtLink, StatsAreRegisteredAndConsistent) {
  auto l = link8(1, 8, 8);
  StatsRegistry reg;
  l.register_stats(reg, "cluster.link0_1");
  EXPECT_THROW(l.register_stats(reg, "cluster.link0_1"), std::logic_error);  // names are unique

  Picos busy = 0;
  uint64_t ctrl = 0, data = 0;
  auto send = [&](const HtPacket& p, Picos ready) {
    l.send(p, ready);
    busy += l.wire_time(p);
    ctrl += p.control_bytes;
    data += p.data_bytes;
  };
  send(HtPacket::read_request(), 0);
  send(HtPacket::read_response(64), 0);
  send(HtPacket::posted_write(32), 0);
  send(HtPacket::posted_write(32), 0);  // 1 posted credit: stalls one NOP
  send(HtPacket::ack(), 0);
  send(HtPacket::nonposted_request(), 0);

  const std::string p = "cluster.link0_1.";
  EXPECT_EQ(reg.value(p + "packets"), 6.0);
  EXPECT_EQ(reg.value(p + "packets_posted"), 2.0);
  EXPECT_EQ(reg.value(p + "packets_nonposted"), 2.0);
  EXPECT_EQ(reg.value(p + "packets_response"), 2.0);
  EXPECT_EQ(reg.value(p + "packets_posted") + reg.value(p + "packets_nonposted") + reg.value(p + "packets_response"),
            reg.value(p + "packets"));
  EXPECT_EQ(reg.value(p + "control_bytes"), double(ctrl));
  EXPECT_EQ(ctrl, 8u + 4 + 8 + 8 + 4 + 8);
  EXPECT_EQ(reg.value(p + "data_bytes"), double(data));
  EXPECT_EQ(data, 64u + 32 + 32);
  EXPECT_EQ(reg.value(p + "busy_ps"), double(busy));
  EXPECT_EQ(reg.value(p + "credit_stalls"), 1.0);
  EXPECT_EQ(reg.value(p + "credit_stall_ps"), double(l.nop_return_ps()));
  EXPECT_TRUE(reg.contains(p + "wire_wait_ps"));
  // The stalled posted write left a NOP-return gap (2520 ps) on the wire, which the 4-byte
  // ack (2520 ps) ready at 0 fills exactly: the wire was never idle.
  EXPECT_EQ(l.wire_free(), busy);
  const double eff = double(data) / (double(ctrl + data) * 516.0 / 512.0);
  EXPECT_NEAR(reg.value(p + "payload_efficiency"), eff, 1e-12);
  EXPECT_LT(reg.value(p + "payload_efficiency"), double(data) / double(ctrl + data));

  // The default prefix is the link's name.
  StatsRegistry reg2;
  l.register_stats(reg2, "");
  EXPECT_EQ(reg2.value("n0.ht0.tx.packets"), 6.0);
}

namespace {

// The reference for send(): every hold and every wire booking kept as booked (overlaps
// allowed, never merged or pruned), and the start found by trying every candidate: READY
// and each end of a booking after it (the earliest start is one of them).
struct ReferenceLink {
  using Busy = std::vector<std::pair<Picos, Picos>>;
  Busy wire;
  std::vector<std::vector<Busy>> slots;  // [vc][slot]
  uint64_t stalls = 0, stall_ps = 0, wait_ps = 0;

  static bool free(const Busy& b, Picos s, Picos d) {
    for (const auto& x : b)
      if (s < x.second && x.first < s + d) return false;
    return true;
  }
  // The lowest-numbered slot of VC free over [S, S + HOLD), or -1.
  int free_slot(unsigned vc, Picos s, Picos hold) const {
    for (std::size_t i = 0; i < slots[vc].size(); ++i)
      if (free(slots[vc][i], s, hold)) return int(i);
    return -1;
  }
  HtLinkDirection::Sent send(unsigned vc, Picos t, Picos hold, Picos ready) {
    std::vector<Picos> candidates{ready};
    for (const auto& x : wire)
      if (x.second > ready) candidates.push_back(x.second);
    for (const Busy& s : slots[vc])
      for (const auto& x : s)
        if (x.second > ready) candidates.push_back(x.second);
    std::sort(candidates.begin(), candidates.end());
    Picos wire_only = ~Picos(0);
    for (Picos c : candidates)
      if (free(wire, c, t)) {
        wire_only = c;
        break;
      }
    for (Picos c : candidates) {
      if (c < wire_only || !free(wire, c, t)) continue;
      const int slot = free_slot(vc, c, hold);
      if (slot < 0) continue;
      wire.emplace_back(c, c + t);
      slots[vc][unsigned(slot)].emplace_back(c, c + hold);
      if (c > wire_only) ++stalls, stall_ps += c - wire_only;
      wait_ps += wire_only - ready;
      return {c, c + t, unsigned(slot)};
    }
    return {~Picos(0), ~Picos(0), 0};  // unreachable: after every booking all is free
  }
};

// Random traffic on few credits, ready times up to BACK out of order, prunes, late releases:
// every send() must find what the exhaustive search finds (start, slot, stall statistics).
void check_against_reference(unsigned seed, Picos back, uint32_t credits) {
  std::mt19937_64 rng(seed);
  HtLinkDirection l("l", 8, 800.0, credits, credits, credits);
  ReferenceLink ref;
  ref.slots.assign(kHtVcCount, std::vector<ReferenceLink::Busy>(credits));
  Picos front = 0, now = 0;
  for (int i = 0; i < 400; ++i) {
    front += rng() % 8000;
    const Picos ready = std::max(now, front - std::min(front, Picos(rng() % (back + 1))));
    const HtPacket kinds[] = {HtPacket::read_request(), HtPacket::read_response(uint32_t(rng() % 65)),
                              HtPacket::posted_write(uint32_t(rng() % 65)), HtPacket::ack()};
    const HtPacket p = kinds[rng() % 4];
    if (rng() % 4 == 0) {  // as the fabric does before each hop: the kernel's time
      now = std::max(now, front - std::min(front, back));
      l.prune(now);
    }
    const Picos t = l.wire_time(p);
    const unsigned vc = unsigned(p.vc);
    const auto want = ref.send(vc, t, t + l.nop_return_ps(), ready);
    const auto got = l.send(p, ready);
    ASSERT_EQ(got.start, want.start) << "packet " << i << ", seed " << seed;
    ASSERT_EQ(got.slot, want.slot) << "packet " << i << ", seed " << seed;
    ASSERT_EQ(got.arrival, want.arrival);
    if (rng() % 6 == 0) {  // the receiver keeps the packet a while
      const Picos when = got.arrival + rng() % 60000;
      l.release(p.vc, got.slot, when);
      ref.slots[vc][got.slot].emplace_back(got.start, when + l.nop_return_ps());
    }
  }
  EXPECT_EQ(l.credit_stalls(), ref.stalls);
  EXPECT_EQ(l.credit_stall_ps(), ref.stall_ps);
  EXPECT_EQ(l.wire_wait_ps(), ref.wait_ps);
}

}  // namespace

TEST(HtLink, SendMatchesAnExhaustiveSearchOfWireAndSlots) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    check_against_reference(seed, 0, 2);        // in time order, credit-bound
    check_against_reference(seed, 30000, 1);    // a few packets out of order, one credit
    check_against_reference(seed, 30000, 3);
    check_against_reference(seed, 400000, 2);   // far out of order
    check_against_reference(seed, 400000, 8);
  }
}
