// 100BASE-TX as the NIC and the switch see it (REFERENCE.md "Fast Ethernet"): a frame is
// its bytes from the destination MAC to the payload's end, padded to the 60-byte minimum,
// plus a 4-byte FCS (so at least 64 bytes), sent after a 7-byte preamble and the SFD and
// followed by a 12-byte inter-frame gap, one byte every 80 ns at 100 Mb/s.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "timing.h"

namespace smvn {

struct FeWire {
  double mbit_per_s = 100.0;
  static constexpr uint32_t kPreamble = 8, kFcs = 4, kIfg = 12, kMinFrame = 64;

  Picos byte_ps() const { return Picos(8.0 * 1e6 / mbit_per_s + 0.5); }  // 80,000 ps at 100 Mb/s
  // Bytes on the wire for a frame of LEN bytes (header to payload end, no FCS): preamble
  // and SFD, the frame padded to the minimum with its FCS. The IFG follows apart.
  static uint32_t wire_bytes(uint32_t len) { return kPreamble + std::max(len + kFcs, kMinFrame); }
  // From the first preamble bit to the last FCS bit.
  Picos frame_ps(uint32_t len) const { return Picos(wire_bytes(len)) * byte_ps(); }
  Picos gap_ps() const { return Picos(kIfg) * byte_ps(); }
};

// A frame in flight between a NIC and the switch: its bytes (as DMA read them) and the
// port it came in by.
struct FeFrame {
  std::vector<uint8_t> bytes;
  unsigned src_port = 0;
};

}  // namespace smvn
