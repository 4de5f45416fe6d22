// One direction of a HyperTransport 1.x link (see ht_link.h for the model and formula).
#include "models/ht_link.h"

#include <cmath>
#include <utility>

namespace smvn {

const char* ht_vc_name(HtVc vc) {
  switch (vc) {
    case HtVc::Posted: return "posted";
    case HtVc::NonPosted: return "nonposted";
    case HtVc::Response: return "response";
  }
  return "unknown";
}

HtLinkDirection::HtLinkDirection(std::string name, uint32_t width_bits, double clock_mhz, uint32_t credits_posted,
                                 uint32_t credits_nonposted, uint32_t credits_response, uint32_t crc_window_bit_times)
    : name_(std::move(name)),
      width_bits_(width_bits),
      clock_khz_(0),
      crc_window_(crc_window_bit_times),
      crc_bits_(crc_window_bit_times ? kCrcBitTimes : 0) {
  auto fail = [&](const std::string& what) { throw std::invalid_argument("HT link '" + name_ + "': " + what); };
  if (width_bits != 2 && width_bits != 4 && width_bits != 8 && width_bits != 16 && width_bits != 32)
    fail("width_bits " + std::to_string(width_bits) + " is not an HT link width (2, 4, 8, 16 or 32)");
  if (!std::isfinite(clock_mhz) || clock_mhz <= 0 || clock_mhz > 1e6)
    fail("clock_mhz " + std::to_string(clock_mhz) + " must be positive");
  clock_khz_ = static_cast<uint64_t>(std::llround(clock_mhz * 1000.0));
  if (clock_khz_ == 0) fail("clock_mhz " + std::to_string(clock_mhz) + " is below 1 kHz");

  const uint32_t credits[kHtVcCount] = {credits_posted, credits_nonposted, credits_response};
  for (std::size_t v = 0; v < kHtVcCount; ++v) {
    if (credits[v] == 0)
      fail(std::string("credits_") + ht_vc_name(static_cast<HtVc>(v)) + " must be at least 1 (0 would deadlock)");
    if (credits[v] > 1024)
      fail(std::string("credits_") + ht_vc_name(static_cast<HtVc>(v)) + " " + std::to_string(credits[v]) +
           " is implausibly large (at most 1024)");
    vcs_[v].n = credits[v];
    vcs_[v].slots.assign(credits[v], BusySchedule());
    vcs_[v].booked.assign(credits[v], {0, 0});
  }

  for (std::size_t i = 0; i < kTableEntries; ++i) wire_ps_[i] = wire_time(4 * i);
  nop_ps_ = wire_time(4);
}

Picos HtLinkDirection::wire_time(uint64_t bytes) const {
  // One bit-time is 1e9 / (2 * clock_khz) ps and BYTES take bytes * 8 / W bit-times, so
  // ceil(bytes * 8 * 1e9 * (window + crc) / (W * 2 * clock_khz * window)) ps, exact in
  // 128-bit integers.
  const uint64_t num_factor = crc_window_ ? uint64_t(crc_window_) + crc_bits_ : 1;
  const uint64_t den_factor = crc_window_ ? crc_window_ : 1;
  using u128 = unsigned __int128;
  const u128 num = u128(bytes) * 8u * 1000000000u * num_factor;
  const u128 den = u128(width_bits_) * 2u * clock_khz_ * den_factor;
  return static_cast<Picos>((num + den - 1) / den);
}

void HtLinkDirection::release(HtVc vc, unsigned slot, Picos when) {
  const std::size_t v = static_cast<std::size_t>(vc);
  if (v >= kHtVcCount || slot >= vcs_[v].n)
    throw std::out_of_range("HT link '" + name_ + "': release of slot " + std::to_string(slot) + " of VC " +
                            std::to_string(v) + ", which does not exist");
  // The hold booked by the slot's last send() now ends one NOP after WHEN.
  std::pair<Picos, Picos>& b = vcs_[v].booked[slot];
  const Picos t = when + nop_ps_;
  if (t <= b.second) return;
  vcs_[v].slots[slot].occupy(b.first, t);
  b.second = t;
}

unsigned HtLinkDirection::wait_for_credit(const Vc& vc, Picos t, Picos hold, BusySchedule::Gap& wire,
                                          BusySchedule::Gap& held) const {
  // Each round: the earliest time at or after START that some slot is free for the hold,
  // then the wire's first gap from there, until both agree. START only grows, over
  // finitely many bookings.
  Picos start = wire.start;
  unsigned slot = 0;
  for (;;) {
    Picos best = ~Picos(0);
    for (unsigned i = 0; i < vc.n; ++i) {
      const Picos c = vc.slots[i].earliest(start, hold);
      if (c < best) best = c, slot = i;
      if (c == start) break;  // nothing can be earlier: the lowest such slot, as the full scan picks
    }
    if (best == start) break;
    start = wire_.earliest(best, t);
  }
  wire = wire_.find(start, t);  // starts at START: the wire is free then
  vc.slots[slot].free_at(start, hold, held);
  return slot;
}

Picos HtLinkDirection::slot_free(HtVc vc, unsigned slot) const {
  const std::size_t v = static_cast<std::size_t>(vc);
  if (v >= kHtVcCount || slot >= vcs_[v].n)
    throw std::out_of_range("HT link '" + name_ + "': no slot " + std::to_string(slot) + " in VC " + std::to_string(v));
  return vcs_[v].slots[slot].last_end();
}

double HtLinkDirection::payload_efficiency() const {
  const double wire_bytes = double(st_.control_bytes + st_.data_bytes) / crc_efficiency();
  return wire_bytes > 0 ? double(st_.data_bytes) / wire_bytes : 0.0;
}

void HtLinkDirection::bad_packet(const HtPacket& p) const {
  throw std::invalid_argument("HT link '" + name_ + "': invalid packet (VC " + std::to_string(unsigned(p.vc)) +
                              ", control " + std::to_string(p.control_bytes) + " B, data " +
                              std::to_string(p.data_bytes) +
                              " B): control must be 4 or 8 B, data 0..64 B in whole doublewords");
}

void HtLinkDirection::register_stats(StatsRegistry& s, const std::string& prefix) const {
  const std::string p = (prefix.empty() ? name_ : prefix) + ".";
  s.counter(p + "packets", st_.packets, "packets sent");
  for (std::size_t v = 0; v < kHtVcCount; ++v) {
    const char* vc = ht_vc_name(static_cast<HtVc>(v));
    s.counter(p + "packets_" + vc, st_.vc_packets[v], std::string("packets sent on the ") + vc + " virtual channel");
  }
  s.counter(p + "control_bytes", st_.control_bytes, "control-packet bytes sent");
  s.counter(p + "data_bytes", st_.data_bytes, "data-packet bytes sent");
  s.counter(p + "busy_ps", st_.busy_ps, "time the wire carried packets, CRC overhead included (ps)");
  s.counter(p + "credit_stalls", st_.credit_stalls, "packets delayed by a full receiver buffer of their VC");
  s.counter(p + "credit_stall_ps", st_.credit_stall_ps,
            "delay caused by waiting for credits, beyond any wait for the wire (ps)");
  s.counter(p + "wire_wait_ps", st_.wire_wait_ps, "time packets waited for the wire to be free (ps)");
  s.formula(p + "payload_efficiency", [this] { return payload_efficiency(); },
            "data bytes / wire bytes (control + data + periodic CRC)");
}

}  // namespace smvn
