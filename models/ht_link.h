// One direction of a HyperTransport 1.x link: packet serialization with periodic CRC, one
// packet on the wire at a time, and credit-based flow control per virtual channel.
//
// Like BankQueue this is an absolute-time resource model with no SystemC process: a
// fabric that walks a packet hop by hop along its route calls send() from inside a
// loosely-timed b_transport with absolute picosecond times. Calls do not arrive in time
// order (temporal decoupling), so the wire is a calendar (BusySchedule): a packet takes
// the earliest idle gap at or after its ready time, even one before packets booked by
// earlier calls, so that results do not depend on the quantum.
//
// Wire time (see REFERENCE.md, "HyperTransport 1.x link layer"):
//   - a W-bit link moves W bits per bit-time and sends 2 bit-times per clock (DDR), so one
//     bit-time is 1e6 / (2 * clock_mhz) ps and N bytes take N * 8 / W bit-times
//     (8-bit at 800 MHz: 625 ps per byte, 1.6 GB/s);
//   - HT1's periodic CRC adds 4 bit-times per lane after every window of 512 bit-times;
//     it is modelled as a constant overhead factor (512 + 4) / 512 on every packet,
//     not as a CRC inserted at particular window boundaries;
//   - the result is rounded up to a whole picosecond per packet:
//
//       wire_ps(N) = ceil( N * 8 * 1e9 * (window + crc) / (W * 2 * clock_khz * window) )
//
//     with clock_khz = round(clock_mhz * 1000), window = 512 and crc = 4 bit-times. All
//     of it is integer arithmetic; the times of the packet sizes HT allows (multiples of
//     4 B up to 72 B) are tabulated at construction, so send() does no division.
//     8-bit/800 MHz: 4 B -> 2520 ps, 8 B -> 5040 ps, 40 B -> 25196 ps, 72 B -> 45352 ps.
//     The rounding costs at most 1 ps per packet (< 0.04 % of the shortest packet).
//
// Flow control: the receiver has CREDITS buffer slots per virtual channel (one credit per
// packet; HT's separate command and data buffers are folded into one slot per packet).
// A packet needs a free slot of its VC from its start until its credit is back: send()
// takes the earliest start at which the wire has a gap and a slot is free for that long
// (each slot is a calendar, like the wire, because calls are not in time order); waiting
// beyond the wire's own gap for a slot is a credit stall. The
// receiver frees the slot when it forwards or consumes the packet, and the credit returns
// to the sender in a NOP (a 4 B info packet) on the reverse direction: modelled as a fixed
// delay of one NOP serialization time on this direction's width and clock. The reverse
// direction's occupancy (the NOP waiting behind other packets) is ignored.
// By default the slot is freed at the packet's arrival, so a fabric that forwards at once
// needs no release() call; release() moves the free time later.
#pragma once

#include <array>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/stats.h"
#include "busy_schedule.h"
#include "timing.h"

namespace smvn {

enum class HtVc : uint8_t { Posted, NonPosted, Response };
inline constexpr std::size_t kHtVcCount = 3;
const char* ht_vc_name(HtVc vc);

// One HT packet as it crosses the link: a control packet and an optional data packet.
struct HtPacket {
  HtVc vc = HtVc::Posted;
  uint32_t control_bytes = 4;  // 4 (info, responses, requests without address) or 8
  uint32_t data_bytes = 0;     // 0 or 4..64, a multiple of 4

  static constexpr uint32_t kMaxData = 64;

  uint32_t bytes() const { return control_bytes + data_bytes; }

  // Sized read request (with address): NonPosted, 8 B, no data.
  static HtPacket read_request() { return {HtVc::NonPosted, 8, 0}; }
  // Read response: Response, 4 B control + BYTES of data rounded up to whole doublewords
  // (at least one: a read always returns data). BYTES > 64 throws std::invalid_argument.
  static HtPacket read_response(uint32_t bytes) {
    const uint32_t d = dwords(bytes, "read_response");
    return {HtVc::Response, 4, d == 0 ? 4 : d};
  }
  // Posted write (with address): Posted, 8 B control + BYTES rounded up to doublewords;
  // 0 bytes is a control-only notice. BYTES > 64 throws std::invalid_argument.
  static HtPacket posted_write(uint32_t bytes) { return {HtVc::Posted, 8, dwords(bytes, "posted_write")}; }
  // Non-posted request with address and no data (invalidate, probe): NonPosted, 8 B.
  static HtPacket nonposted_request() { return {HtVc::NonPosted, 8, 0}; }
  // Target-done / acknowledgement: Response, 4 B.
  static HtPacket ack() { return {HtVc::Response, 4, 0}; }

 private:
  static uint32_t dwords(uint32_t bytes, const char* what) {
    if (bytes > kMaxData)
      throw std::invalid_argument(std::string("HtPacket::") + what + ": " + std::to_string(bytes) +
                                  " data bytes; an HT data packet holds at most 64 (send several packets)");
    return (bytes + 3) & ~3u;
  }
};

class HtLinkDirection {
 public:
  struct Sent {
    Picos start;    // first bit on the wire
    Picos arrival;  // last bit at the receiver
    unsigned slot;  // receiver buffer slot of the packet's VC (for release())
  };

  // WIDTH_BITS: 2, 4, 8, 16 or 32 (Godson-3A uses 8 or 16). CLOCK_MHZ: link clock (data
  // moves on both edges). CREDITS_*: receiver buffer slots per VC, at least 1 each.
  // CRC_WINDOW_BIT_TIMES: the periodic-CRC window (512 bit-times per lane in HT1; 4 CRC
  // bit-times follow each window); 0 disables the CRC overhead. Invalid values throw
  // std::invalid_argument naming the link.
  HtLinkDirection(std::string name, uint32_t width_bits, double clock_mhz, uint32_t credits_posted,
                  uint32_t credits_nonposted, uint32_t credits_response, uint32_t crc_window_bit_times = 512);

  // Sends P, ready at absolute time READY: starts at the earliest time >= READY at which
  // the wire has a gap of wire_time(P) and a slot of P's VC is free for the hold. The slot is
  // held until arrival + nop_return_ps() unless release() says otherwise. A packet that is
  // not a 4/8 B control packet with 0..64 B of data in doublewords throws invalid_argument.
  Sent send(const HtPacket& p, Picos ready) {
    const uint32_t bytes = p.control_bytes + p.data_bytes;
    if ((p.control_bytes != 4 && p.control_bytes != 8) || p.data_bytes > HtPacket::kMaxData ||
        (p.data_bytes & 3u) != 0 || static_cast<std::size_t>(p.vc) >= kHtVcCount)
      bad_packet(p);
    const std::size_t v = static_cast<std::size_t>(p.vc);
    Vc& vc = vcs_[v];

    // The credit: a receiver slot of the VC is held from the packet's start until the
    // credit is back (arrival + one NOP). Each slot is a calendar too, so a packet ready
    // earlier than packets booked by earlier calls finds the slots they leave free then;
    // a slot's latest free time alone would queue it behind all of them (as the wire's
    // single free time did). The start is the earliest time the wire has a gap and some
    // slot is free for the whole hold, and the slot the lowest-numbered one free then;
    // the difference to the wire-only gap, if any, is the credit's stall. Usually a slot
    // is free at the wire's gap, which takes one search of the wire and a yes/no look at
    // the slots up to the first free one; the gaps found are booked without searching
    // again.
    const Picos t = wire_ps_[bytes >> 2];
    const Picos hold = t + nop_ps_;
    BusySchedule::Gap wire = wire_.find(ready, t);
    const Picos wire_only = wire.start;
    BusySchedule::Gap held;
    unsigned slot = first_free_slot(vc, wire.start, hold, held);
    if (slot == vc.n) slot = wait_for_credit(vc, t, hold, wire, held);
    wire_.book_at(wire, t);
    BusySchedule& slot_calendar = vc.slots[slot];
    if (slot_calendar.size() > kPruneAbove) {
      const std::size_t before = slot_calendar.size();
      slot_calendar.forget_before(now_);
      if (slot_calendar.size() != before) held = slot_calendar.find(held.start, hold);  // as book() would, after the drop
    }
    slot_calendar.book_at(held, hold);
    const Picos start = wire.start;
    vc.booked[slot] = {start, start + hold};
    if (start > wire_only) {
      ++st_.credit_stalls;
      st_.credit_stall_ps += start - wire_only;
    }
    st_.wire_wait_ps += wire_only - ready;
    const Picos arrival = start + t;

    ++st_.packets;
    ++st_.vc_packets[v];
    st_.control_bytes += p.control_bytes;
    st_.data_bytes += p.data_bytes;
    st_.busy_ps += t;
    return {start, arrival, slot};
  }

  // The receiver frees SLOT of VC at absolute time WHEN (it forwarded or consumed the
  // packet); the sender can use the credit again at WHEN + nop_return_ps(). Only moves the
  // free time later: a slot cannot be freed before its packet arrived. Call it before the
  // next send() on the same VC. An unknown VC or slot throws std::out_of_range.
  void release(HtVc vc, unsigned slot, Picos when);

  // Serialization time of N bytes on this direction, CRC overhead included (formula above).
  Picos wire_time(uint64_t bytes) const;
  Picos wire_time(const HtPacket& p) const { return wire_time(p.bytes()); }
  // Delay from the receiver freeing a slot to the sender seeing the credit: one NOP.
  Picos nop_return_ps() const { return nop_ps_; }
  // Raw bandwidth without CRC: width/8 * 2 * clock_mhz / 1000 bytes per ns (= GB/s).
  double raw_bytes_per_ns() const { return width_bits_ / 8.0 * 2.0 * double(clock_khz_) / 1e6; }
  // Fraction of wire time carrying packet bits: window / (window + crc).
  double crc_efficiency() const {
    return crc_window_ ? double(crc_window_) / double(crc_window_ + crc_bits_) : 1.0;
  }

  const std::string& name() const { return name_; }
  uint32_t width_bits() const { return width_bits_; }
  uint32_t credits(HtVc vc) const { return vcs_.at(static_cast<std::size_t>(vc)).n; }
  Picos wire_free() const { return wire_.last_end(); }  // end of the last packet booked
  // Drops wire bookings that end at or before T (the kernel's time: nothing is ready earlier).
  void forget_before(Picos t) {
    wire_.forget_before(t);
    for (Vc& vc : vcs_)
      for (BusySchedule& s : vc.slots) s.forget_before(t);
  }
  // forget_before(T) for the calendars that have grown past a few bookings only. Same
  // results (bookings over before T are skipped by every search anyway), but a hop no
  // longer pays a search and an erase on the wire and on every credit slot of every VC.
  // The wire is pruned here; a credit slot when send() books it (a calendar grows only
  // by bookings, so that bounds it as well, without visiting every slot on every hop).
  void prune(Picos t) {
    now_ = t;
    if (wire_.size() > kPruneAbove) wire_.forget_before(t);
  }
  // When the sender may next use SLOT of VC (receiver free time + NOP return).
  Picos slot_free(HtVc vc, unsigned slot) const;

  uint64_t packets() const { return st_.packets; }
  uint64_t packets(HtVc vc) const { return st_.vc_packets.at(static_cast<std::size_t>(vc)); }
  uint64_t control_bytes() const { return st_.control_bytes; }
  uint64_t data_bytes() const { return st_.data_bytes; }
  uint64_t busy_ps() const { return st_.busy_ps; }
  uint64_t credit_stalls() const { return st_.credit_stalls; }
  uint64_t credit_stall_ps() const { return st_.credit_stall_ps; }
  uint64_t wire_wait_ps() const { return st_.wire_wait_ps; }
  // data bytes / bytes on the wire (control + data, scaled by the CRC overhead).
  double payload_efficiency() const;

  // Registers under PREFIX (the link's name when empty): packets, packets_posted,
  // packets_nonposted, packets_response, control_bytes, data_bytes, busy_ps,
  // credit_stalls, credit_stall_ps, wire_wait_ps, and the formula payload_efficiency.
  void register_stats(StatsRegistry& s, const std::string& prefix) const;

 private:
  struct Vc {
    unsigned n = 0;
    std::vector<BusySchedule> slots;               // per slot: when it is held
    std::vector<std::pair<Picos, Picos>> booked;  // per slot: the hold booked last
  };
  struct Stats {
    uint64_t packets = 0, control_bytes = 0, data_bytes = 0, busy_ps = 0;
    uint64_t credit_stalls = 0, credit_stall_ps = 0, wire_wait_ps = 0;
    std::array<uint64_t, kHtVcCount> vc_packets{};
  };
  static constexpr uint32_t kCrcBitTimes = 4;
  static constexpr std::size_t kPruneAbove = 16;
  static constexpr std::size_t kTableEntries = (8 + HtPacket::kMaxData) / 4 + 1;  // 0..72 B by dwords

  [[noreturn]] void bad_packet(const HtPacket& p) const;
  // The lowest-numbered slot of VC free over [START, START + HOLD), with its gap in HELD;
  // vc.n if every slot is held then.
  static unsigned first_free_slot(const Vc& vc, Picos start, Picos hold, BusySchedule::Gap& held) {
    for (unsigned i = 0; i < vc.n; ++i)
      if (vc.slots[i].free_at(start, hold, held)) return i;
    return vc.n;
  }
  // send() when no slot of VC is free at the wire's gap WIRE (a credit stall): moves WIRE
  // to the earliest start at which the wire has a gap of T and a slot is free for HOLD;
  // returns the lowest-numbered such slot, with its gap in HELD.
  unsigned wait_for_credit(const Vc& vc, Picos t, Picos hold, BusySchedule::Gap& wire, BusySchedule::Gap& held) const;

  std::string name_;
  uint32_t width_bits_;
  uint64_t clock_khz_;
  uint32_t crc_window_;  // bit-times per CRC window (0: no CRC)
  uint32_t crc_bits_;    // CRC bit-times per window
  std::array<Picos, kTableEntries> wire_ps_{};
  Picos nop_ps_ = 0;
  Picos now_ = 0;  // the kernel time prune() was last given: nothing is ready before it
  BusySchedule wire_;  // one packet at a time, booked in the earliest idle gap
  std::array<Vc, kHtVcCount> vcs_;
  Stats st_;
};

}  // namespace smvn
