// What the socket layer and the node runtime need of a network between nodes, whatever
// carries the frames: the SMVN shared-memory device (netdev.h, smvn_network.h) or a
// Fast Ethernet NIC behind a switch (fe_netdev.h, fe_network.h). Linux draws the same
// line at struct net_device: the stack calls ndo_start_xmit and gets frames through a
// receive hook, and it never knows how the device moves them.
//
// Both kinds are software on the simulated cores: every call below runs on the core
// passed in and charges its time there.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace smvn {
class Core;
class StatsRegistry;
}  // namespace smvn

namespace smvn::driver {

// A received frame, in simulated memory (the receive buffer, or the pool slot in SMVN's
// zero-copy mode), valid while the rx handler runs.
struct RxFrame {
  uint64_t addr = 0;
  uint32_t len = 0;
  unsigned src_node = 0;
  // Zero-copy: the handler sets this to keep the frame's device memory (SMVN: its pool
  // slot) past the handler, delivering the frame from where it lies; it returns it later
  // with NetDevice::release_rx_frame. Otherwise it is reused after the handler.
  mutable bool keep = false;
};

// One node's device.
class NetDevice {
 public:
  using RxHandler = std::function<void(Core&, const RxFrame&)>;
  enum class TxStatus { Ok, Busy };

  // IPI status bits a device's driver owns on its node's cores (one IPI block per core,
  // models/interrupt_controller.h); upper layers pick other bits.
  static constexpr uint32_t kRxBit = 1u << 0;     // frames to receive (the device interrupt)
  static constexpr uint32_t kReadyBit = 1u << 1;  // SMVN's init protocol: ready / up
  static constexpr uint32_t kWakeBit = 1u << 2;   // transmit space returned

  virtual ~NetDevice() = default;

  virtual bool is_open() const = 0;
  // The largest frame start_xmit takes: Ethernet header plus MTU.
  virtual uint32_t max_frame() const = 0;

  // Called for every received frame, on the rx core, inside the interrupt handler.
  virtual void set_rx_handler(RxHandler h) = 0;
  // Where to copy each received frame of LEN bytes (an upper layer's fresh receive
  // buffer, which the rx handler then owns, as Linux's netdev_alloc_skb).
  virtual void set_rx_buffer_provider(std::function<uint64_t(uint32_t len)> p) = 0;
  // Called on the rx core after every interrupt's polling: an upper layer retries what
  // a stopped queue held back (Linux's qdisc run on queue wake).
  virtual void set_after_interrupt(std::function<void(Core&)> f) = 0;

  // Brings the device up on C (the node's rx core) and installs the interrupt handler.
  virtual void open(Core& c) = 0;
  // FRAME is an Ethernet II frame of LEN bytes in simulated memory, free for the caller
  // to reuse once this returns Ok. Busy: the device has no room now (nothing was sent);
  // the queue is stopped and WAITER (a global core id; default C) will be interrupted
  // when room comes back.
  virtual TxStatus start_xmit(Core& c, uint64_t frame, uint32_t len, int waiter = -1) = 0;
  // Enables BITS of the calling core's IPI block, keeping what the driver enabled.
  virtual void enable_bits(Core& c, uint32_t bits) = 0;

  // Zero-copy (Network::zero_copy()): frames built in the device's own memory and sent
  // from there. try_alloc_tx_frame gives a frame area of max_frame() bytes, or 0 when
  // there is none (the queue stopped, WAITER registered as for start_xmit); send_tx_frame
  // sends the frame built there; release_rx_frame returns a received frame kept by its
  // handler. Devices without device memory for frames do not offer it.
  virtual uint64_t try_alloc_tx_frame(Core& c, int waiter = -1);
  virtual void send_tx_frame(Core& c, uint64_t frame, uint32_t len);
  virtual void release_rx_frame(Core& c, uint64_t frame);
};

// The devices of a whole cluster, and what the layers above ask of them together.
class Network {
 public:
  virtual ~Network() = default;
  virtual unsigned nodes() const = 0;
  virtual NetDevice& device(unsigned node) = 0;
  // The local index of the core of each node that takes the device interrupt (and runs
  // open), and that core of NODE.
  virtual unsigned rx_core_index() const = 0;
  virtual Core& rx_core(unsigned node) = 0;
  virtual unsigned mtu() const = 0;
  // SMVN's zero-copy mode: frames are built in and delivered from the device's memory
  // (pool slots; NetDevice's zero-copy calls); false for every other device.
  virtual bool zero_copy() const { return false; }
  virtual void register_stats(StatsRegistry& s) const = 0;
};

}  // namespace smvn::driver
