// One egress process per port, spawned as the switch is built.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "fe_switch.h"

#include <sstream>
#include <stdexcept>

#include "fe_nic.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

FeSwitch::FeSwitch(sc_module_name name, const FeSwitchParams& p, unsigned ports) : sc_module(name), p_(p) {
  for (unsigned i = 0; i < ports; ++i) {
    ports_.push_back(std::make_unique<Port>());
    sc_spawn_options o;
    sc_spawn([this, i] { egress_thread(i); }, ("egress" + std::to_string(i)).c_str(), &o);
  }
}

void FeSwitch::connect(unsigned port, FastEthernetNic& nic, const std::array<uint8_t, 6>& mac) {
  if (port >= ports_.size() || ports_[port]->nic) throw std::logic_error("switch: port " + std::to_string(port) + " taken or absent");
  ports_[port]->nic = &nic;
  table_[mac] = port;
}

Picos FeSwitch::unloaded_ps(uint32_t len) const {
  return 2 * p_.wire.frame_ps(len) + Picos(p_.fabric_us * 1e6 + 0.5);
}

void FeSwitch::frame_in(FeFrame frame) {
  std::array<uint8_t, 6> dst{};
  if (frame.bytes.size() >= 6) std::copy(frame.bytes.begin(), frame.bytes.begin() + 6, dst.begin());
  const auto it = table_.find(dst);
  if (it == table_.end()) {
    std::ostringstream m;
    m << std::hex;
    for (unsigned i = 0; i < 6; ++i) m << (i ? ":" : "") << unsigned(dst[i]);
    throw std::runtime_error(std::string(name()) + ": a frame from port " + std::to_string(frame.src_port) +
                             " for MAC " + m.str() + ", which no port has (the switch floods nothing)");
  }
  Port& out = *ports_[it->second];
  if (out.queue.size() >= p_.queue_frames)
    throw std::runtime_error(std::string(name()) + ": output port " + std::to_string(it->second) + " queue overflow (" +
                             std::to_string(p_.queue_frames) + " frames, fast_ethernet.switch.queue_frames); the "
                             "socket layer has no retransmission, so the frame cannot be dropped");
  out.queue.push_back({std::move(frame), kernel_ps() + Picos(p_.fabric_us * 1e6 + 0.5)});
  out.max_queue = std::max<uint64_t>(out.max_queue, out.queue.size());
  ++forwarded_;
  out.arrived.notify(SC_ZERO_TIME);
}

void FeSwitch::egress_thread(unsigned port) {
  Port& out = *ports_[port];
  for (;;) {
    while (out.queue.empty()) wait(out.arrived);
    const Picos ready = out.queue.front().ready_ps;
    if (ready > kernel_ps()) wait(from_ps(ready - kernel_ps()));
    if (!out.nic) throw std::logic_error(std::string(name()) + ": port " + std::to_string(port) + " has no cable");
    // PAUSE: the station cannot take another frame yet.
    if (!out.nic->rx_ready()) ++out.pauses;
    while (!out.nic->rx_ready()) wait(out.nic->rx_space_event());
    FeFrame f = std::move(out.queue.front().frame);
    out.queue.pop_front();
    const uint32_t len = uint32_t(f.bytes.size());
    wait(from_ps(p_.wire.frame_ps(len)));
    ++out.frames;
    out.bytes += len;
    out.nic->frame_arrived(std::move(f));
    wait(from_ps(p_.wire.gap_ps()));
  }
}

void FeSwitch::register_stats(StatsRegistry& s) const {
  const std::string n = name();
  s.counter(n + ".forwarded", forwarded_, "frames taken in and queued for an output port");
  for (unsigned i = 0; i < ports_.size(); ++i) {
    const Port& p = *ports_[i];
    const std::string q = n + ".port" + std::to_string(i) + ".";
    s.counter(q + "frames", p.frames, "frames sent out of this port");
    s.counter(q + "bytes", p.bytes, "frame bytes sent out of this port (no preamble, FCS or gap)");
    s.counter(q + "pauses", p.pauses, "frames held back by the station's PAUSE (its receive ring full)");
    s.counter(q + "max_queue", p.max_queue, "longest output queue seen (frames)");
  }
}

}  // namespace smvn
