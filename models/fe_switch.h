// A store-and-forward Fast Ethernet switch (REFERENCE.md "Fast Ethernet"): a frame is
// forwarded only once it has been received whole (its last bit in, so one frame time
// per hop), after a fabric latency for the lookup and the crossing, into the queue of
// its output port; each output port sends its queue in order at the line rate, holding
// off while the station on it asserts PAUSE (FastEthernetNic::rx_ready).
//
// The forwarding table is static (a switch that has learned every station's MAC: the
// stations are known when the cluster is built). A frame for an unknown MAC, or a queue
// beyond queue_frames, is an error that names the key: the socket layer above has no
// retransmission, so a silent drop would hang the run instead of explaining it.
#pragma once

#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <systemc>

#include "fe_wire.h"
#include "timing.h"

namespace smvn {

class FastEthernetNic;
class StatsRegistry;

struct FeSwitchParams {
  FeWire wire;
  double fabric_us = 3.0;      // lookup and crossing, after the whole frame is in (data sheets: a few us)
  unsigned queue_frames = 64;  // per output port (a 1990s 100 Mb/s switch: ~128 KB a port)
};

class FeSwitch : public sc_core::sc_module {
 public:
  FeSwitch(sc_core::sc_module_name name, const FeSwitchParams& p, unsigned ports);

  unsigned ports() const { return unsigned(ports_.size()); }
  // Port PORT is cabled to NIC, which owns MAC.
  void connect(unsigned port, FastEthernetNic& nic, const std::array<uint8_t, 6>& mac);
  // The last bit of FRAME came in on port FRAME.src_port now.
  void frame_in(FeFrame frame);

  // The one-way time of an unloaded frame of LEN bytes from the first bit leaving a NIC
  // to the last bit arriving at the other: two frame times and the fabric.
  Picos unloaded_ps(uint32_t len) const;
  // Frames held back by PAUSE on PORT, and its longest queue (tests, probes).
  uint64_t pauses(unsigned port) const { return ports_.at(port)->pauses; }
  uint64_t max_queue(unsigned port) const { return ports_.at(port)->max_queue; }
  void register_stats(StatsRegistry& s) const;

 private:
  struct Queued {
    FeFrame frame;
    Picos ready_ps;  // when the fabric has it at the output port
  };
  struct Port {
    FastEthernetNic* nic = nullptr;
    std::deque<Queued> queue;
    sc_core::sc_event arrived;
    uint64_t frames = 0, bytes = 0, pauses = 0;
    uint64_t max_queue = 0;
  };
  void egress_thread(unsigned port);

  FeSwitchParams p_;
  std::vector<std::unique_ptr<Port>> ports_;
  std::map<std::array<uint8_t, 6>, unsigned> table_;
  uint64_t forwarded_ = 0;
};

}  // namespace smvn
