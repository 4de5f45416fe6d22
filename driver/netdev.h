// The SMVN driver management layer: one virtual Ethernet device per node, with the
// operations a Linux network driver offers (open, stop, transmit, receive by interrupt
// then polling), built on the lists (smvn_lists.h) and the virtual data link layer
// (ethernet.h). It is software: every step runs on a simulated core through its memory
// port and charges its instruction counts (DriverCosts).
//
// Transmit (any core of the node): read the destination MAC, pop a FreeList slot, write
// the slot header, copy the frame in (the virtual physical layer: Core::copy's doubleword
// or unaligned loop), append to the receiver's InputList, and raise the receiver's
// interrupt if its list was armed (idle). When the FreeList is empty the transmitting
// core's queue stops: it has registered in the pool's waiters bitmap under the FreeList
// lock, and whoever returns slots wakes it with an interrupt; no frame is dropped.
//
// Receive (the node's rx core): the interrupt handler reads and clears the core's IPI
// status and polls, up to rx_budget frames a poll, until the InputList is empty (it is
// then armed again, in the same lock hold, so no frame can slip by). Each frame is copied
// out to the node's receive buffer and handed to the rx handler; its slot goes back to
// the FreeList, and the cores waiting for slots are woken.
//
// Zero-copy mode: a sender asks for a slot (alloc_tx_frame), builds its frame there and
// sends it (send_tx_frame); the receiver's handler reads it in the slot. The slot moves
// between lists; no payload is copied by the driver.
//
// Initialisation (open, on the rx core): the master node initialises the pool, writes the
// ready word and broadcasts ready by interrupt; every other node waits with a timer and
// restarts on timeout, then marks itself up and tells the master. The master waits the
// same way for every node to come up. After max_restarts a node that is still missing is
// a clear error (SmvnInitError).
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "driver/ethernet.h"
#include "driver/net_device.h"
#include "driver/smvn_lists.h"
#include "driver/smvn_params.h"
#include "sim/stats.h"

namespace smvn {
class AddressMap;
class Core;
}  // namespace smvn

namespace smvn::driver {

// A node that never came up, or a master that never initialised the pool.
class SmvnInitError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// ntb_transport-style counters of one node's device.
struct NetDevStats {
  explicit NetDevStats(uint64_t slots) : lists(slots), frames_per_poll(4, 17) {}
  uint64_t tx_frames = 0, tx_bytes = 0, tx_dropped = 0;
  uint64_t rx_frames = 0, rx_bytes = 0;
  uint64_t queue_stops = 0, queue_wakes = 0;
  uint64_t rx_interrupts_sent = 0, wake_interrupts_sent = 0, ready_interrupts_sent = 0;
  uint64_t interrupts_taken = 0, polls = 0, empty_polls = 0;
  uint64_t frames_copied = 0, bytes_copied = 0;  // payload copies made by the driver
  uint64_t init_restarts = 0;
  ListStats lists;            // locks, pool-empty events, list-length histograms
  Histogram frames_per_poll;
};

// IPI bits (NetDevice): kRxBit frames on this node's InputList, kReadyBit the init
// protocol, kWakeBit FreeList slots returned.
class SmvnNetDevice final : public NetDevice {
 public:
  SmvnNetDevice(const SmvnLists& lists, const SmvnParams& params, unsigned node, const AddressMap& map,
                unsigned cores_per_node);

  unsigned node() const { return node_; }
  MacAddress mac() const { return mac_of_node(node_); }
  bool is_open() const override { return open_; }
  // The frame capacity: Ethernet header plus MTU.
  uint32_t max_frame() const override { return uint32_t(lists_.layout().frame_capacity()); }
  const NetDevStats& stats() const { return st_; }
  void register_stats(StatsRegistry& s, const std::string& prefix) const;

  // Called for every received frame, on the rx core, inside the interrupt handler.
  void set_rx_handler(RxHandler h) override { rx_handler_ = std::move(h); }
  // Copy mode: where to copy each received frame of LEN bytes (an upper layer's fresh
  // receive buffer, which the rx handler then owns, as Linux's netdev_alloc_skb); by
  // default the device's one receive buffer, valid during the handler only.
  void set_rx_buffer_provider(std::function<uint64_t(uint32_t len)> p) override { rx_buffer_provider_ = std::move(p); }

  // Brings the device up on C (the node's rx core): the init protocol, then the
  // interrupt handler is installed and a first poll picks up anything already queued.
  void open(Core& c) override;
  // Takes it down: no more transmits; the handler is removed and the interrupt masked.
  void stop(Core& c);

  // Copy mode. FRAME is an Ethernet II frame of LEN bytes in simulated memory. Busy means
  // the FreeList was empty: the queue of this core is stopped and the core has been
  // registered to be woken; transmit() does the waiting.
  // WAITER (a global core id; default: C) is the core woken when slots come back: an
  // upper layer that retries from the rx core's interrupt names that core, so a held-back
  // frame goes out even when the core that queued it has moved on.
  TxStatus start_xmit(Core& c, uint64_t frame, uint32_t len, int waiter = -1) override;
  void transmit(Core& c, uint64_t frame, uint32_t len);

  // Zero-copy mode: a slot's frame area (max_frame() bytes) to build a frame in, waiting
  // while the pool is empty; then the frame is sent from where it was built.
  uint64_t alloc_tx_frame(Core& c);
  void send_tx_frame(Core& c, uint64_t frame, uint32_t len) override;
  // The same without waiting: 0 when the pool is empty (the queue is then stopped and
  // WAITER, default C, registered to be woken as for start_xmit).
  uint64_t try_alloc_tx_frame(Core& c, int waiter = -1) override;
  // Zero-copy mode: returns a received frame's slot that its handler kept.
  void release_rx_frame(Core& c, uint64_t frame) override;

  // The interrupt handler (installed by open on the rx core).
  void interrupt(Core& c);
  // Enables BITS of the calling core's IPI block, keeping what the driver enabled (the
  // driver owns the enable registers of its node's cores; upper layers add their bits).
  void enable_bits(Core& c, uint32_t bits) override;
  // Called on the rx core after every interrupt's polling: an upper layer retries what
  // a stopped queue held back (Linux's qdisc run on queue wake).
  void set_after_interrupt(std::function<void(Core&)> f) override { after_interrupt_ = std::move(f); }
  // One poll: up to BUDGET frames handed up. Returns how many.
  unsigned poll(Core& c, unsigned budget);

 private:
  unsigned node_of_core(unsigned core) const { return core / cores_per_node_; }
  uint64_t ipi_reg(unsigned node, unsigned local_core, uint64_t reg) const;
  void raise(Core& c, unsigned node, unsigned local_core, uint32_t bits);
  uint32_t take_status(Core& c);           // reads and clears this core's IPI status
  void wait_for_wake(Core& c);
  void check_transmit(const Core& c, uint32_t len) const;
  // Fills the slot header and links it to DST's InputList (interrupting it if idle).
  void queue_slot(Core& c, uint64_t slot, unsigned dst, uint32_t len);
  // The destination node of the frame at FRAME, or -1 (counted as dropped).
  int destination(Core& c, uint64_t frame);
  // Returns CHAIN to the FreeList and wakes the cores that waited for slots.
  void return_slots(Core& c, const SlotChain& chain);
  void init_master(Core& c);
  void init_other(Core& c);

  const SmvnLists& lists_;
  const SmvnParams& p_;
  unsigned node_;
  const AddressMap& map_;
  unsigned cores_per_node_;
  uint64_t rx_buffer_;
  RxHandler rx_handler_;
  std::function<uint64_t(uint32_t)> rx_buffer_provider_;
  std::function<void(Core&)> after_interrupt_;
  bool open_ = false;
  std::vector<uint32_t> enabled_;  // the IPI enable mask the driver set on each local core
  std::vector<unsigned> woken_;    // scratch for push_free
  NetDevStats st_;
};

}  // namespace smvn::driver
