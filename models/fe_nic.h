// A 100BASE-TX network interface of one node, in the manner of the Intel 82559 or the
// RTL8139 that the Linux e100 / 8139too drivers drive (REFERENCE.md "Fast Ethernet"):
//
// - Descriptor rings in the node's memory, one for transmit and one for receive, whose
//   bases and sizes the driver writes into registers. A descriptor is 16 bytes: the
//   buffer's address (u64), a length (u32) and a status word (u32, kDescDone when the NIC
//   has finished with it). The driver hands descriptors over by writing free-running
//   producer counts into TX_TAIL (the transmit doorbell) and RX_TAIL (buffers to fill);
//   the NIC's own counts read back from TX_HEAD and RX_HEAD.
// - DMA through the node's memory system: every descriptor and every frame byte moves as
//   line-sized uncached (IO-coherent) transactions into the node crossbar, so the L2 pulls
//   dirty L1 copies down or invalidates them and the DRAM serves the bytes; the copies
//   cost memory traffic and time like any other agent's.
// - The wire (fe_wire.h): transmit serializes one frame at a time at the line rate with
//   the preamble, FCS, padding and inter-frame gap; a frame reaches the switch when its
//   last bit has. A one-frame transmit FIFO lets the next frame's DMA overlap the wire.
// - Receive into an RX FIFO of rx_fifo_frames frames, then by DMA into the next free ring
//   buffer. With the ring exhausted the FIFO fills and the NIC holds its link partner off
//   (802.3x PAUSE, taken as immediate): a frame waits in the switch, never dropped.
// - One interrupt line to a core of the node (InterruptController::device_raise): raised
//   whenever IRQ_CAUSE & IRQ_MASK becomes non-zero, including when the driver unmasks
//   with causes pending, so a NAPI driver that polls with the interrupt masked loses
//   nothing. IRQ_CAUSE bits are cleared by writing ones.
//
// Registers are 32-bit (the ring bases 64-bit) in the node's IO window (io_window.h);
// each access costs register_ns (a PCI register access), reads and writes alike.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/simple_initiator_socket.h>

#include "fe_wire.h"
#include "mem_request.h"
#include "timing.h"

namespace smvn {

class FeSwitch;
class InterruptController;
class StatsRegistry;

struct FeNicParams {
  FeWire wire;
  unsigned rx_fifo_frames = 2;  // on-chip receive FIFO (the 82559 has 3 KB: two full frames)
  double register_ns = 200;     // one register access over PCI (guess: ~7 clocks at 33 MHz)
  unsigned dma_line_bytes = 32; // DMA transaction size: one L2 line
};

class FastEthernetNic : public sc_core::sc_module {
 public:
  // Register offsets within the NIC's block.
  static constexpr uint64_t kTxRingBase = 0x00, kRxRingBase = 0x08;  // 64-bit
  static constexpr uint64_t kTxRingSize = 0x10, kRxRingSize = 0x14;  // descriptors
  static constexpr uint64_t kTxTail = 0x18, kRxTail = 0x1c;          // driver's counts
  static constexpr uint64_t kIrqMask = 0x20, kIrqCause = 0x24;
  static constexpr uint64_t kTxHead = 0x28, kRxHead = 0x2c;          // NIC's counts (read-only)
  static constexpr uint64_t kBlockBytes = 0x40;
  static constexpr uint32_t kCauseRx = 1u << 0, kCauseTx = 1u << 1;
  // Descriptor layout.
  static constexpr uint64_t kDescBytes = 16, kDescAddr = 0, kDescLen = 8, kDescStatus = 12;
  static constexpr uint32_t kDescDone = 1u << 0;

  tlm_utils::simple_initiator_socket<FastEthernetNic> dma;  // to the node crossbar

  // The interrupt goes to local core IRQ_CORE of IC's node as IRQ_BITS of its status.
  FastEthernetNic(sc_core::sc_module_name name, unsigned node, const FeNicParams& p, InterruptController& ic,
                  unsigned irq_core, uint32_t irq_bits);
  ~FastEthernetNic() override;

  // The cable to switch port PORT.
  void connect(FeSwitch& sw, unsigned port);
  // A register access from the IO window.
  void mmio(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);

  // The switch side of the cable: may a frame start towards us now? (PAUSE when not.)
  bool rx_ready() const { return rx_fifo_.size() < p_.rx_fifo_frames; }
  const sc_core::sc_event& rx_space_event() const { return rx_space_; }
  // The last bit of FRAME has arrived.
  void frame_arrived(FeFrame frame);

  const FeNicParams& params() const { return p_; }
  void register_stats(StatsRegistry& s) const;

 private:
  void tx_fetch_thread();  // descriptors and frames from memory into the TX FIFO
  void tx_wire_thread();   // TX FIFO onto the wire, then the descriptor written back
  void rx_thread();        // RX FIFO into ring buffers
  // Moves LEN bytes between DATA and memory at ADDR as line-sized DMA transactions,
  // adding their time to DELAY (waited by the caller).
  void dma_move(bool write, uint64_t addr, uint8_t* data, uint32_t len, sc_core::sc_time& delay);
  void update_irq();
  std::string where() const;

  struct TxEntry {
    FeFrame frame;
    uint32_t index;  // descriptor count
  };

  unsigned node_;
  FeNicParams p_;
  InterruptController& ic_;
  unsigned irq_core_;
  uint32_t irq_bits_;
  FeSwitch* switch_ = nullptr;
  unsigned port_ = 0;
  sc_core::sc_time reg_time_;
  tlm::tlm_generic_payload gp_;
  MemRequest ext_;

  uint64_t tx_base_ = 0, rx_base_ = 0;
  uint32_t tx_size_ = 0, rx_size_ = 0;
  uint32_t tx_tail_ = 0, rx_tail_ = 0;   // written by the driver
  uint32_t tx_fetched_ = 0, tx_done_ = 0, rx_head_ = 0;
  uint32_t irq_mask_ = 0, irq_cause_ = 0;
  bool line_high_ = false;  // cause & mask was non-zero at the last update
  std::deque<TxEntry> tx_fifo_;
  std::deque<FeFrame> rx_fifo_;
  sc_core::sc_event tx_doorbell_, tx_fifo_event_, tx_space_, rx_event_, rx_tail_event_, rx_space_;

  uint64_t tx_frames_ = 0, tx_bytes_ = 0, rx_frames_ = 0, rx_bytes_ = 0;
  uint64_t dma_reads_ = 0, dma_writes_ = 0, dma_bytes_ = 0, irqs_ = 0, rx_ring_full_ = 0, mmio_ = 0;
  Picos wire_busy_ps_ = 0;
};

}  // namespace smvn
