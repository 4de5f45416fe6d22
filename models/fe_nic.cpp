// One SC_THREAD per engine (transmit fetch, transmit wire, receive), in the manner of
// the NIC's own state machines: each runs at kernel time, and the cores' register
// accesses (which arrive with their local time) reach it through events notified at
// that time.
#define SC_INCLUDE_DYNAMIC_PROCESSES
#include "fe_nic.h"

#include <cstring>
#include <stdexcept>

#include "fe_switch.h"
#include "interrupt_controller.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

FastEthernetNic::FastEthernetNic(sc_module_name name, unsigned node, const FeNicParams& p, InterruptController& ic,
                                 unsigned irq_core, uint32_t irq_bits)
    : sc_module(name),
      dma("dma"),
      node_(node),
      p_(p),
      ic_(ic),
      irq_core_(irq_core),
      irq_bits_(irq_bits),
      reg_time_(p.register_ns, SC_NS) {
  if (p_.dma_line_bytes == 0 || (p_.dma_line_bytes & (p_.dma_line_bytes - 1)))
    throw std::logic_error("NIC: the DMA transaction size must be a power of two");
  gp_.set_extension(&ext_);
  sc_spawn([this] { tx_fetch_thread(); }, "tx_fetch");
  sc_spawn([this] { tx_wire_thread(); }, "tx_wire");
  sc_spawn([this] { rx_thread(); }, "rx");
}

// The payload would delete its extension, which is a member here.
FastEthernetNic::~FastEthernetNic() { gp_.clear_extension(&ext_); }

void FastEthernetNic::connect(FeSwitch& sw, unsigned port) {
  switch_ = &sw;
  port_ = port;
}

std::string FastEthernetNic::where() const { return std::string(name()) + " (node " + std::to_string(node_) + ")"; }

// --- registers ---------------------------------------------------------------------------

void FastEthernetNic::mmio(tlm::tlm_generic_payload& trans, sc_time& delay) {
  delay += reg_time_;
  ++mmio_;
  const uint64_t reg = (trans.get_address() - AddressMap::kIoBase) % AddressMap::kIoNodeBytes % kBlockBytes;
  const unsigned len = trans.get_data_length();
  const bool wide = reg == kTxRingBase || reg == kRxRingBase;
  if (len != (wide ? 8u : 4u) || reg % len != 0 || trans.get_byte_enable_ptr() || reg >= 0x30) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  unsigned char* data = trans.get_data_ptr();
  if (trans.is_read()) {
    uint64_t v = 0;
    switch (reg) {
      case kTxRingBase: v = tx_base_; break;
      case kRxRingBase: v = rx_base_; break;
      case kTxRingSize: v = tx_size_; break;
      case kRxRingSize: v = rx_size_; break;
      case kTxTail: v = tx_tail_; break;
      case kRxTail: v = rx_tail_; break;
      case kIrqMask: v = irq_mask_; break;
      case kIrqCause: v = irq_cause_; break;
      case kTxHead: v = tx_done_; break;
      case kRxHead: v = rx_head_; break;
    }
    std::memcpy(data, &v, len);
    return;
  }
  uint64_t v = 0;
  std::memcpy(&v, data, len);
  const uint32_t w = uint32_t(v);
  switch (reg) {
    case kTxRingBase: tx_base_ = v; break;
    case kRxRingBase: rx_base_ = v; break;
    case kTxRingSize: tx_size_ = w; break;
    case kRxRingSize: rx_size_ = w; break;
    case kTxTail:
      if (!tx_size_ || w - tx_done_ > tx_size_)
        throw std::runtime_error(where() + ": TX_TAIL " + std::to_string(w) + " hands over more descriptors than "
                                 "the ring has (a driver bug)");
      tx_tail_ = w;
      tx_doorbell_.notify(delay);
      break;
    case kRxTail:
      if (!rx_size_ || w - rx_head_ > rx_size_)
        throw std::runtime_error(where() + ": RX_TAIL " + std::to_string(w) + " hands over more buffers than the "
                                 "ring has (a driver bug)");
      rx_tail_ = w;
      rx_tail_event_.notify(delay);
      break;
    case kIrqMask: irq_mask_ = w; update_irq(); break;
    case kIrqCause: irq_cause_ &= ~w; update_irq(); break;
    default: break;  // the heads are read-only
  }
}

void FastEthernetNic::update_irq() {
  const bool high = (irq_cause_ & irq_mask_) != 0;
  // Raised on the rising edge; the driver clears its status bit before it polls, so a
  // cause that stays pending is raised again when it unmasks.
  if (high && !line_high_) {
    ++irqs_;
    ic_.device_raise(irq_core_, irq_bits_);
  }
  line_high_ = high;
}

// --- DMA ----------------------------------------------------------------------------------

void FastEthernetNic::dma_move(bool write, uint64_t addr, uint8_t* data, uint32_t len, sc_time& delay) {
  ext_.op = MemOp::Uncached;
  ext_.requester = -1;
  ext_.timing_only = false;
  for (uint32_t done = 0; done < len;) {
    const uint64_t a = addr + done;
    const uint32_t piece = std::min<uint32_t>(p_.dma_line_bytes - uint32_t(a & (p_.dma_line_bytes - 1)), len - done);
    gp_.set_command(write ? tlm::TLM_WRITE_COMMAND : tlm::TLM_READ_COMMAND);
    gp_.set_address(a);
    gp_.set_data_ptr(data + done);
    gp_.set_data_length(piece);
    gp_.set_streaming_width(piece);
    gp_.set_byte_enable_ptr(nullptr);
    gp_.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    dma->b_transport(gp_, delay);
    if (gp_.get_response_status() != tlm::TLM_OK_RESPONSE)
      throw std::runtime_error(where() + ": DMA " + (write ? "write to " : "read of ") + std::to_string(a) +
                               " failed (a descriptor or buffer outside the node's memory?)");
    done += piece;
  }
  ++(write ? dma_writes_ : dma_reads_);
  dma_bytes_ += len;
}

// --- transmit -----------------------------------------------------------------------------

void FastEthernetNic::tx_fetch_thread() {
  for (;;) {
    while (tx_fetched_ == tx_tail_) wait(tx_doorbell_);
    // One frame in the FIFO besides the one on the wire.
    while (tx_fifo_.size() >= 2) wait(tx_space_);
    const uint64_t desc = tx_base_ + uint64_t(tx_fetched_ % tx_size_) * kDescBytes;
    uint8_t d[kDescBytes];
    sc_time delay = SC_ZERO_TIME;
    dma_move(false, desc, d, kDescBytes, delay);
    uint64_t buf;
    uint32_t len;
    std::memcpy(&buf, d + kDescAddr, 8);
    std::memcpy(&len, d + kDescLen, 4);
    if (len < 14 || len > 1518)
      throw std::runtime_error(where() + ": transmit descriptor " + std::to_string(tx_fetched_) + " has length " +
                               std::to_string(len) + " (a driver bug)");
    TxEntry e;
    e.index = tx_fetched_;
    e.frame.src_port = port_;
    e.frame.bytes.resize(len);
    dma_move(false, buf, e.frame.bytes.data(), len, delay);
    wait(delay);
    ++tx_fetched_;
    tx_fifo_.push_back(std::move(e));
    tx_fifo_event_.notify(SC_ZERO_TIME);
  }
}

void FastEthernetNic::tx_wire_thread() {
  for (;;) {
    while (tx_fifo_.empty()) wait(tx_fifo_event_);
    TxEntry& e = tx_fifo_.front();
    const uint32_t len = uint32_t(e.frame.bytes.size());
    const Picos ft = p_.wire.frame_ps(len);
    wait(from_ps(ft));
    wire_busy_ps_ += ft;
    if (!switch_) throw std::logic_error(where() + ": no cable");
    ++tx_frames_;
    tx_bytes_ += len;
    const uint32_t index = e.index;
    switch_->frame_in(std::move(e.frame));
    tx_fifo_.pop_front();
    tx_space_.notify(SC_ZERO_TIME);
    // Write the descriptor back during the inter-frame gap.
    sc_time delay = SC_ZERO_TIME;
    const uint64_t desc = tx_base_ + uint64_t(index % tx_size_) * kDescBytes;
    uint32_t status = kDescDone;
    dma_move(true, desc + kDescStatus, reinterpret_cast<uint8_t*>(&status), 4, delay);
    ++tx_done_;
    irq_cause_ |= kCauseTx;
    update_irq();
    const sc_time gap = from_ps(p_.wire.gap_ps());
    wait(delay > gap ? delay : gap);
  }
}

// --- receive ------------------------------------------------------------------------------

void FastEthernetNic::frame_arrived(FeFrame frame) {
  if (!rx_ready())
    throw std::logic_error(where() + ": a frame arrived while the NIC held its link partner off (PAUSE)");
  rx_fifo_.push_back(std::move(frame));
  rx_event_.notify(SC_ZERO_TIME);
}

void FastEthernetNic::rx_thread() {
  for (;;) {
    while (rx_fifo_.empty()) wait(rx_event_);
    if (rx_head_ == rx_tail_) ++rx_ring_full_;
    while (rx_head_ == rx_tail_) wait(rx_tail_event_);  // no buffer: the FIFO holds the frame
    FeFrame& f = rx_fifo_.front();
    const uint32_t len = uint32_t(f.bytes.size());
    const uint64_t desc = rx_base_ + uint64_t(rx_head_ % rx_size_) * kDescBytes;
    sc_time delay = SC_ZERO_TIME;
    uint8_t d[kDescBytes];
    dma_move(false, desc, d, 12, delay);
    uint64_t buf;
    uint32_t cap;
    std::memcpy(&buf, d + kDescAddr, 8);
    std::memcpy(&cap, d + kDescLen, 4);
    if (len > cap)
      throw std::runtime_error(where() + ": a " + std::to_string(len) + "-byte frame for a " + std::to_string(cap) +
                               "-byte receive buffer (a driver bug)");
    dma_move(true, buf, f.bytes.data(), len, delay);
    uint32_t w[2] = {len, kDescDone};
    dma_move(true, desc + kDescLen, reinterpret_cast<uint8_t*>(w), 8, delay);
    // The head moves with the status write: the driver, decoupled in time, may see the
    // done bit (the bytes are in memory at once) and hand the buffer back before this
    // thread's clock reaches the end of the DMA.
    ++rx_head_;
    wait(delay);
    ++rx_frames_;
    rx_bytes_ += len;
    rx_fifo_.pop_front();
    rx_space_.notify(SC_ZERO_TIME);
    irq_cause_ |= kCauseRx;
    update_irq();
  }
}

void FastEthernetNic::register_stats(StatsRegistry& s) const {
  const std::string n = name();
  s.counter(n + ".tx_frames", tx_frames_, "frames sent on the wire");
  s.counter(n + ".tx_bytes", tx_bytes_, "their bytes (header to payload end)");
  s.counter(n + ".rx_frames", rx_frames_, "frames received into the ring");
  s.counter(n + ".rx_bytes", rx_bytes_, "their bytes");
  s.counter(n + ".rx_ring_full", rx_ring_full_, "frames that waited in the FIFO for a ring buffer");
  s.counter(n + ".dma_reads", dma_reads_, "DMA reads (descriptors and frames)");
  s.counter(n + ".dma_writes", dma_writes_, "DMA writes (descriptors and frames)");
  s.counter(n + ".dma_bytes", dma_bytes_, "bytes moved by DMA");
  s.counter(n + ".interrupts", irqs_, "interrupts raised");
  s.counter(n + ".register_accesses", mmio_, "register reads and writes");
  s.counter(n + ".wire_busy_ps", wire_busy_ps_, "time the transmit line carried frames (ps)");
}

}  // namespace smvn
