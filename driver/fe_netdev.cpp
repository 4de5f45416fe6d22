#include "driver/fe_netdev.h"

#include <algorithm>
#include <stdexcept>

#include "models/address_map.h"
#include "models/core.h"
#include "models/fe_nic.h"
#include "models/interrupt_controller.h"
#include "sim/stats.h"

namespace smvn::driver {

namespace {
using Nic = FastEthernetNic;
using IC = InterruptController;
constexpr uint64_t kNetIpAlign = 2;  // as netdev.cpp: the IP header after the 14-byte one is aligned
constexpr uint64_t kLine = 64;
uint64_t round_up(uint64_t v, uint64_t a) { return (v + a - 1) / a * a; }
}  // namespace

FeNetDevice::FeNetDevice(const FeParams& p, unsigned node, const AddressMap& map, unsigned cores_per_node,
                         uint64_t regs)
    : p_(p), node_(node), map_(map), cores_per_node_(cores_per_node), regs_(regs), enabled_(cores_per_node, 0) {
  const uint64_t base = map.node_base(node) + p.ring_offset;
  buf_bytes_ = round_up(kNetIpAlign + 14 + p.mtu, kLine);
  tx_ring_ = base;
  rx_ring_ = tx_ring_ + round_up(p.tx_ring * Nic::kDescBytes, kLine);
  tx_bufs_ = rx_ring_ + round_up(p.rx_ring * Nic::kDescBytes, kLine);
  rx_bufs_ = tx_bufs_ + p.tx_ring * buf_bytes_;
}

uint64_t FeNetDevice::region_bytes(const FeParams& p) {
  const uint64_t buf = round_up(kNetIpAlign + 14 + p.mtu, kLine);
  return round_up(p.tx_ring * Nic::kDescBytes, kLine) + round_up(p.rx_ring * Nic::kDescBytes, kLine) +
         uint64_t(p.tx_ring + p.rx_ring) * buf;
}

uint64_t FeNetDevice::tx_desc(uint32_t n) const { return tx_ring_ + uint64_t(n % p_.tx_ring) * Nic::kDescBytes; }
uint64_t FeNetDevice::rx_desc(uint32_t n) const { return rx_ring_ + uint64_t(n % p_.rx_ring) * Nic::kDescBytes; }
uint64_t FeNetDevice::ipi_reg(unsigned local, uint64_t reg) const { return map_.ipi_base(node_, local) + reg; }

void FeNetDevice::enable_bits(Core& c, uint32_t bits) {
  const unsigned local = unsigned(c.id()) % cores_per_node_;
  uint32_t& en = enabled_.at(local);
  if ((en & bits) == bits) return;
  en |= bits;
  c.store<uint32_t>(ipi_reg(local, IC::kEnable), en);
}

void FeNetDevice::open(Core& c) {
  if (open_) throw std::logic_error("Fast Ethernet netdev of node " + std::to_string(node_) + ": open twice");
  if (unsigned(c.id()) / cores_per_node_ != node_ || unsigned(c.id()) % cores_per_node_ != p_.rx_core)
    throw std::logic_error("Fast Ethernet netdev of node " + std::to_string(node_) + ": open must run on its rx core");
  // The rings: transmit descriptors point at their buffers once and for all; receive
  // descriptors carry their buffer's capacity and a clear status.
  for (uint32_t i = 0; i < p_.tx_ring; ++i) {
    c.store<uint64_t>(tx_desc(i) + Nic::kDescAddr, tx_bufs_ + i * buf_bytes_ + kNetIpAlign);
    c.store<uint32_t>(tx_desc(i) + Nic::kDescLen, 0);
    c.store<uint32_t>(tx_desc(i) + Nic::kDescStatus, 0);
  }
  for (uint32_t i = 0; i < p_.rx_ring; ++i) {
    c.store<uint64_t>(rx_desc(i) + Nic::kDescAddr, rx_bufs_ + i * buf_bytes_ + kNetIpAlign);
    c.store<uint32_t>(rx_desc(i) + Nic::kDescLen, max_frame());
    c.store<uint32_t>(rx_desc(i) + Nic::kDescStatus, 0);
  }
  c.sync();  // the rings are in memory before the NIC is told where they are
  c.store<uint64_t>(regs_ + Nic::kTxRingBase, tx_ring_);
  c.store<uint64_t>(regs_ + Nic::kRxRingBase, rx_ring_);
  c.store<uint32_t>(regs_ + Nic::kTxRingSize, p_.tx_ring);
  c.store<uint32_t>(regs_ + Nic::kRxRingSize, p_.rx_ring);
  c.store<uint32_t>(regs_ + Nic::kRxTail, p_.rx_ring);  // every receive buffer to the NIC
  enable_bits(c, kRxBit | kWakeBit);
  c.set_interrupt_handler([this](Core& core) { interrupt(core); });
  open_ = true;
  c.store<uint32_t>(regs_ + Nic::kIrqMask, Nic::kCauseRx | Nic::kCauseTx);
}

NetDevice::TxStatus FeNetDevice::start_xmit(Core& c, uint64_t frame, uint32_t len, int waiter) {
  if (!open_) throw std::logic_error("Fast Ethernet netdev of node " + std::to_string(node_) + ": transmit while down");
  if (len < 14 || len > max_frame())
    throw std::invalid_argument("Fast Ethernet transmit of " + std::to_string(len) + " bytes (the device takes 14 to " +
                                std::to_string(max_frame()) + ")");
  c.exec(p_.costs.transmit);
  if (tx_next_ - tx_clean_ == p_.tx_ring) {
    // The ring is full: stop the queue; the handler's tx_clean wakes the waiter.
    const unsigned w = waiter >= 0 ? unsigned(waiter) : unsigned(c.id());
    if (std::find(waiters_.begin(), waiters_.end(), w) == waiters_.end()) waiters_.push_back(w);
    if (!stopped_) ++st_.queue_stops;
    stopped_ = true;
    return TxStatus::Busy;
  }
  const uint64_t d = tx_desc(tx_next_);
  const uint64_t buf = tx_bufs_ + uint64_t(tx_next_ % p_.tx_ring) * buf_bytes_ + kNetIpAlign;
  c.copy(buf, frame, len);
  st_.bytes_copied += len;
  c.store<uint32_t>(d + Nic::kDescLen, len);
  c.store<uint32_t>(d + Nic::kDescStatus, 0);
  c.sync();  // the descriptor and the frame before the doorbell (wmb)
  c.store<uint32_t>(regs_ + Nic::kTxTail, ++tx_next_);
  ++st_.tx_frames;
  st_.tx_bytes += len;
  return TxStatus::Ok;
}

void FeNetDevice::tx_clean(Core& c) {
  while (tx_clean_ != tx_next_) {
    const uint64_t d = tx_desc(tx_clean_);
    if (!(c.load<uint32_t>(d + Nic::kDescStatus) & Nic::kDescDone)) break;
    c.exec(p_.costs.tx_clean);
    ++tx_clean_;
    ++st_.tx_reclaimed;
  }
  if (stopped_ && tx_next_ - tx_clean_ < p_.tx_ring) {
    stopped_ = false;
    ++st_.queue_wakes;
    for (unsigned w : waiters_)
      if (w != unsigned(c.id())) {  // the rx core itself retries in after_interrupt
        c.store<uint32_t>(ipi_reg(w % cores_per_node_, IC::kSet), kWakeBit);
        ++st_.wake_interrupts_sent;
      }
    waiters_.clear();
  }
}

unsigned FeNetDevice::poll(Core& c, unsigned budget) {
  ++st_.polls;
  c.exec(p_.costs.poll);
  unsigned n = 0;
  while (n < budget) {
    const uint64_t d = rx_desc(rx_next_);
    if (!(c.load<uint32_t>(d + Nic::kDescStatus) & Nic::kDescDone)) break;
    c.exec(p_.costs.receive_frame);
    const uint32_t len = c.load<uint32_t>(d + Nic::kDescLen);
    if (len < 14 || len > max_frame())
      throw std::runtime_error("Fast Ethernet receive on node " + std::to_string(node_) + ": descriptor length " +
                               std::to_string(len));
    const uint64_t buf = rx_bufs_ + uint64_t(rx_next_ % p_.rx_ring) * buf_bytes_ + kNetIpAlign;
    RxFrame f{buf, len, 0};
    f.src_node = c.load<uint8_t>(buf + 11);  // the source MAC's last byte is its node (ethernet.h)
    if (rx_buffer_provider_) {
      const uint64_t to = rx_buffer_provider_(len);
      c.copy(to, buf, len);
      st_.bytes_copied += len;
      f.addr = to;
    }
    ++st_.rx_frames;
    st_.rx_bytes += len;
    if (rx_handler_) rx_handler_(c, f);
    // Back to the NIC: capacity and a clear status.
    c.store<uint32_t>(d + Nic::kDescLen, max_frame());
    c.store<uint32_t>(d + Nic::kDescStatus, 0);
    ++rx_next_;
    ++n;
  }
  if (n) {
    c.sync();
    c.store<uint32_t>(regs_ + Nic::kRxTail, rx_next_ + p_.rx_ring);
  }
  return n;
}

void FeNetDevice::interrupt(Core& c) {
  ++st_.interrupts_taken;
  c.exec(p_.costs.interrupt);
  const unsigned local = unsigned(c.id()) % cores_per_node_;
  const uint32_t status = c.load<uint32_t>(ipi_reg(local, IC::kStatus));
  if (status) c.store<uint32_t>(ipi_reg(local, IC::kClear), status);
  if (!open_) return;
  if (p_.napi) c.store<uint32_t>(regs_ + Nic::kIrqMask, 0);
  // Clear the causes before looking, so whatever comes after the last look raises again.
  c.store<uint32_t>(regs_ + Nic::kIrqCause, Nic::kCauseRx | Nic::kCauseTx);
  for (;;) {
    tx_clean(c);
    if (poll(c, p_.rx_budget) < p_.rx_budget) break;
  }
  if (p_.napi) c.store<uint32_t>(regs_ + Nic::kIrqMask, Nic::kCauseRx | Nic::kCauseTx);
  if (after_interrupt_) after_interrupt_(c);
}

void FeNetDevice::register_stats(StatsRegistry& s, const std::string& prefix) const {
  const std::string p = prefix + ".";
  s.counter(p + "tx_frames", st_.tx_frames, "frames handed to the NIC");
  s.counter(p + "tx_bytes", st_.tx_bytes, "their bytes");
  s.counter(p + "rx_frames", st_.rx_frames, "frames taken from the receive ring");
  s.counter(p + "rx_bytes", st_.rx_bytes, "their bytes");
  s.counter(p + "queue_stops", st_.queue_stops, "transmit queue stops (ring full)");
  s.counter(p + "queue_wakes", st_.queue_wakes, "transmit queue restarts");
  s.counter(p + "wake_interrupts_sent", st_.wake_interrupts_sent, "interrupts to other cores waiting for the ring");
  s.counter(p + "interrupts_taken", st_.interrupts_taken, "NIC interrupt handler runs");
  s.counter(p + "polls", st_.polls, "receive ring polls");
  s.counter(p + "tx_reclaimed", st_.tx_reclaimed, "transmit descriptors reclaimed");
  s.counter(p + "bytes_copied", st_.bytes_copied, "bytes copied by the driver (into TX buffers, out of RX buffers)");
}

}  // namespace smvn::driver
