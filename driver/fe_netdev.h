// The driver of a node's Fast Ethernet NIC (models/fe_nic.h), software on the simulated
// cores like the SMVN driver (netdev.h), in the manner of Linux's e100 with NAPI.
//
// Memory (at fast_ethernet.ring_offset of the node's memory, cacheable): the transmit and
// receive descriptor rings and one buffer per descriptor. The NIC's DMA is IO-coherent
// (models/fe_nic.h), so the driver uses ordinary loads and stores on the rings.
//
// Transmit (any core of the node; ndo_start_xmit): with a free transmit descriptor, copy
// the frame into its buffer (as 8139too copies into its Tx buffers: the stack may reuse
// its frame once start_xmit returns, e.g. a per-core ACK frame), write the length and a
// clear status into the descriptor, then ring the doorbell: an MMIO store of the new
// producer count to TX_TAIL. With the ring full, the queue stops (Busy) and the waiter is
// woken once the interrupt handler has reclaimed descriptors; nothing is dropped.
//
// Receive (the node's rx core, in the NIC's interrupt): clear the core's IPI status bit
// and the NIC's causes, mask the NIC's interrupt (NAPI), reclaim sent descriptors, then
// poll up to rx_budget received frames at a time until none is left: each is copied out
// of its ring buffer into a buffer of the stack's (rx_buffer_provider, as SMVN's copy
// mode) and handed up, and its descriptor goes back to the NIC (one RX_TAIL store per
// poll). Unmasking with a cause pending raises the interrupt again, so nothing slips by.
// With napi: false the mask stays open: one interrupt per frame, as pre-NAPI drivers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "driver/net_device.h"
#include "driver/fe_params.h"

namespace smvn {
class AddressMap;
class StatsRegistry;
}  // namespace smvn

namespace smvn::driver {

struct FeNetDevStats {
  uint64_t tx_frames = 0, tx_bytes = 0, rx_frames = 0, rx_bytes = 0;
  uint64_t queue_stops = 0, queue_wakes = 0, wake_interrupts_sent = 0;
  uint64_t interrupts_taken = 0, polls = 0, tx_reclaimed = 0;
  uint64_t bytes_copied = 0;
};

class FeNetDevice final : public NetDevice {
 public:
  // The NIC's registers are at REGS (global address in NODE's IO window).
  FeNetDevice(const FeParams& p, unsigned node, const AddressMap& map, unsigned cores_per_node, uint64_t regs);

  unsigned node() const { return node_; }
  bool is_open() const override { return open_; }
  uint32_t max_frame() const override { return 14 + p_.mtu; }
  void set_rx_handler(RxHandler h) override { rx_handler_ = std::move(h); }
  void set_rx_buffer_provider(std::function<uint64_t(uint32_t)> p) override { rx_buffer_provider_ = std::move(p); }
  void set_after_interrupt(std::function<void(Core&)> f) override { after_interrupt_ = std::move(f); }
  void open(Core& c) override;
  TxStatus start_xmit(Core& c, uint64_t frame, uint32_t len, int waiter = -1) override;
  void enable_bits(Core& c, uint32_t bits) override;

  // The interrupt handler (installed by open on the rx core).
  void interrupt(Core& c);
  // Where the rings and buffers lie (node-relative bytes), for the assembly's checks.
  static uint64_t region_bytes(const FeParams& p);
  const FeNetDevStats& stats() const { return st_; }
  void register_stats(StatsRegistry& s, const std::string& prefix) const;

 private:
  uint64_t tx_desc(uint32_t count) const;
  uint64_t rx_desc(uint32_t count) const;
  uint64_t ipi_reg(unsigned local_core, uint64_t reg) const;
  // Reclaims the transmit descriptors the NIC has finished; wakes a stopped queue.
  void tx_clean(Core& c);
  // Up to BUDGET received frames handed up; returns how many.
  unsigned poll(Core& c, unsigned budget);

  const FeParams& p_;
  unsigned node_;
  const AddressMap& map_;
  unsigned cores_per_node_;
  uint64_t regs_;
  uint64_t tx_ring_, rx_ring_, tx_bufs_, rx_bufs_, buf_bytes_;
  uint32_t tx_next_ = 0, tx_clean_ = 0, rx_next_ = 0;  // free-running counts
  bool stopped_ = false;
  std::vector<unsigned> waiters_;  // global cores to wake when the queue restarts
  std::vector<uint32_t> enabled_;
  RxHandler rx_handler_;
  std::function<uint64_t(uint32_t)> rx_buffer_provider_;
  std::function<void(Core&)> after_interrupt_;
  bool open_ = false;
  FeNetDevStats st_;
};

}  // namespace smvn::driver
