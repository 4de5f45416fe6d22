#include "driver/netdev.h"

#include <algorithm>

#include "models/address_map.h"
#include "models/core.h"
#include "models/interrupt_controller.h"

namespace smvn::driver {

namespace {
using L = PoolLayout;
using IC = InterruptController;
// Linux's NET_IP_ALIGN: frames start 2 bytes into an aligned buffer so the payload after
// the 14-byte header is aligned; the pool slots do the same (pool_layout.h).
constexpr uint64_t kNetIpAlign = 2;
}  // namespace

SmvnNetDevice::SmvnNetDevice(const SmvnLists& lists, const SmvnParams& params, unsigned node, const AddressMap& map,
                             unsigned cores_per_node)
    : lists_(lists),
      p_(params),
      node_(node),
      map_(map),
      cores_per_node_(cores_per_node),
      rx_buffer_(map.node_base(node) + params.rx_buffer_offset + kNetIpAlign),
      enabled_(cores_per_node, 0),
      st_(lists.layout().slots()) {}

uint64_t SmvnNetDevice::ipi_reg(unsigned node, unsigned local_core, uint64_t reg) const {
  return map_.ipi_base(node, local_core) + reg;
}

void SmvnNetDevice::raise(Core& c, unsigned node, unsigned local_core, uint32_t bits) {
  c.store<uint32_t>(ipi_reg(node, local_core, IC::kSet), bits);
}

uint32_t SmvnNetDevice::take_status(Core& c) {
  const unsigned local = unsigned(c.id()) % cores_per_node_;
  const uint32_t status = c.load<uint32_t>(ipi_reg(node_, local, IC::kStatus));
  if (status) c.store<uint32_t>(ipi_reg(node_, local, IC::kClear), status);
  return status;
}

void SmvnNetDevice::enable_bits(Core& c, uint32_t bits) {
  uint32_t& en = enabled_.at(unsigned(c.id()) % cores_per_node_);
  if ((en & bits) == bits) return;
  en |= bits;
  c.store<uint32_t>(ipi_reg(node_, unsigned(c.id()) % cores_per_node_, IC::kEnable), en);
}

// --- management --------------------------------------------------------------------------

void SmvnNetDevice::open(Core& c) {
  if (open_) throw std::logic_error("SMVN netdev of node " + std::to_string(node_) + ": open twice");
  if (node_of_core(unsigned(c.id())) != node_ || unsigned(c.id()) % cores_per_node_ != p_.rx_core)
    throw std::logic_error("SMVN netdev of node " + std::to_string(node_) + ": open must run on its rx core " +
                           std::to_string(p_.rx_core) + ", not on core " + std::to_string(c.id()));
  enable_bits(c, kRxBit | kReadyBit | kWakeBit);
  if (node_ == p_.master)
    init_master(c);
  else
    init_other(c);
  open_ = true;
  c.set_interrupt_handler([this](Core& core) { interrupt(core); });
  // Frames sent to us while we were coming up raised an interrupt the init waits took.
  while (poll(c, p_.rx_budget) == p_.rx_budget) {
  }
}

void SmvnNetDevice::stop(Core& c) {
  open_ = false;
  c.set_interrupt_handler(nullptr);
  enabled_.at(unsigned(c.id()) % cores_per_node_) = 0;
  c.store<uint32_t>(ipi_reg(node_, unsigned(c.id()) % cores_per_node_, IC::kEnable), 0);
}

void SmvnNetDevice::init_master(Core& c) {
  const PoolLayout& l = lists_.layout();
  lists_.init(c);
  for (unsigned n = 0; n < l.nodes(); ++n) c.store<uint32_t>(l.up_word(n), 0);
  // Everything above must be visible before the ready word.
  c.sync();
  c.store<uint32_t>(l.ready_word(), L::kReadyMagic);
  c.store<uint32_t>(l.up_word(node_), 1);
  c.sync();
  const sc_core::sc_time timeout(p_.init_timeout_us, sc_core::SC_US);
  for (unsigned attempt = 0;; ++attempt) {
    // (Re)broadcast ready to every node not yet up; a node that started late hears it.
    std::vector<unsigned> missing;
    for (unsigned n = 0; n < l.nodes(); ++n)
      if (n != node_ && c.load<uint32_t>(l.up_word(n)) == 0) missing.push_back(n);
    if (missing.empty()) return;
    if (attempt > p_.init_max_restarts) {
      std::string names;
      for (unsigned n : missing) names += (names.empty() ? "" : ", ") + std::to_string(n);
      throw SmvnInitError("SMVN init: node(s) " + names + " never came up; the master (node " +
                          std::to_string(node_) + ") broadcast ready " + std::to_string(attempt) + " times, " +
                          std::to_string(p_.init_timeout_us) + " us apart (smvn.init.timeout_us, " +
                          "smvn.init.max_restarts = " + std::to_string(p_.init_max_restarts) + ")");
    }
    if (attempt > 0) ++st_.init_restarts;
    for (unsigned n : missing) {
      raise(c, n, p_.rx_core, kReadyBit);
      ++st_.ready_interrupts_sent;
    }
    // Wait for an "up" interrupt or the timer, then look again.
    const sc_core::sc_time deadline = c.now() + timeout;
    while (c.wait_for_interrupt_until(deadline)) {
      if (take_status(c) & kReadyBit) break;
    }
  }
}

void SmvnNetDevice::init_other(Core& c) {
  const PoolLayout& l = lists_.layout();
  const sc_core::sc_time timeout(p_.init_timeout_us, sc_core::SC_US);
  for (unsigned restarts = 0;;) {
    if (c.load<uint32_t>(l.ready_word()) == L::kReadyMagic) break;
    // Not ready: wait for the master's broadcast, or time out and restart.
    const sc_core::sc_time deadline = c.now() + timeout;
    bool heard = false;
    while (!heard && c.wait_for_interrupt_until(deadline)) heard = (take_status(c) & kReadyBit) != 0;
    if (heard) continue;
    if (restarts == p_.init_max_restarts)
      throw SmvnInitError("SMVN init: node " + std::to_string(node_) + " saw no ready from the master (node " +
                          std::to_string(p_.master) + ") after " + std::to_string(restarts) + " restarts of " +
                          std::to_string(p_.init_timeout_us) + " us (smvn.init.timeout_us, smvn.init.max_restarts)");
    ++restarts;
    ++st_.init_restarts;
  }
  c.store<uint32_t>(l.up_word(node_), 1);
  c.sync();
  raise(c, p_.master, p_.rx_core, kReadyBit);
  ++st_.ready_interrupts_sent;
}

// --- transmit ----------------------------------------------------------------------------

void SmvnNetDevice::check_transmit(const Core& c, uint32_t len) const {
  if (!open_)
    throw std::logic_error("SMVN netdev of node " + std::to_string(node_) + ": transmit while the device is down");
  if (node_of_core(unsigned(c.id())) != node_)
    throw std::logic_error("SMVN netdev of node " + std::to_string(node_) + ": transmit from core " +
                           std::to_string(c.id()) + " of another node");
  if (len < EthernetHeader::kBytes || len > max_frame())
    throw std::invalid_argument("SMVN netdev of node " + std::to_string(node_) + ": frame of " + std::to_string(len) +
                                " bytes (an Ethernet II frame is 14 to " + std::to_string(max_frame()) + " bytes)");
}

int SmvnNetDevice::destination(Core& c, uint64_t frame) {
  MacAddress dst;
  c.read_block(frame, dst.data(), dst.size());
  const std::optional<unsigned> n = node_of_mac(dst);
  if (!n || *n >= lists_.layout().nodes()) {
    ++st_.tx_dropped;  // no such station on the virtual network (broadcast included)
    return -1;
  }
  return int(*n);
}

void SmvnNetDevice::queue_slot(Core& c, uint64_t slot, unsigned dst, uint32_t len) {
  if (lists_.append_input(c, dst, slot, st_.lists)) {
    raise(c, dst, p_.rx_core, kRxBit);
    ++st_.rx_interrupts_sent;
  }
  ++st_.tx_frames;
  st_.tx_bytes += len;
}

SmvnNetDevice::TxStatus SmvnNetDevice::start_xmit(Core& c, uint64_t frame, uint32_t len, int waiter) {
  check_transmit(c, len);
  c.exec(p_.costs.transmit);
  const int dst = destination(c, frame);
  if (dst < 0) return TxStatus::Ok;
  const uint64_t slot = lists_.pop_free(c, st_.lists, waiter < 0 ? c.id() : waiter);
  if (!slot) {
    ++st_.queue_stops;
    return TxStatus::Busy;
  }
  // The slot is ours alone now: its header and frame are written outside any lock.
  c.store<uint64_t>(slot + L::kSlotNext, 0);
  c.store<uint32_t>(slot + L::kSlotLength, len);
  c.store<uint32_t>(slot + L::kSlotSource, node_);
  c.copy(slot + L::kSlotFrame, frame, len);
  ++st_.frames_copied;
  st_.bytes_copied += len;
  queue_slot(c, slot, unsigned(dst), len);
  return TxStatus::Ok;
}

void SmvnNetDevice::wait_for_wake(Core& c) {
  enable_bits(c, kWakeBit);
  c.wait_for_interrupt();  // on the rx core the handler runs first, and may free slots itself
  if (unsigned(c.id()) % cores_per_node_ != p_.rx_core) take_status(c);
  ++st_.queue_wakes;
}

void SmvnNetDevice::transmit(Core& c, uint64_t frame, uint32_t len) {
  while (start_xmit(c, frame, len) == TxStatus::Busy) wait_for_wake(c);
}

uint64_t SmvnNetDevice::alloc_tx_frame(Core& c) {
  check_transmit(c, EthernetHeader::kBytes);
  c.exec(p_.costs.transmit);
  uint64_t slot;
  while (!(slot = lists_.pop_free(c, st_.lists, c.id()))) {
    ++st_.queue_stops;
    wait_for_wake(c);
  }
  c.store<uint64_t>(slot + L::kSlotNext, 0);
  return slot + L::kSlotFrame;
}

uint64_t SmvnNetDevice::try_alloc_tx_frame(Core& c, int waiter) {
  check_transmit(c, EthernetHeader::kBytes);
  c.exec(p_.costs.transmit);
  const uint64_t slot = lists_.pop_free(c, st_.lists, waiter < 0 ? c.id() : waiter);
  if (!slot) {
    ++st_.queue_stops;
    return 0;
  }
  c.store<uint64_t>(slot + L::kSlotNext, 0);
  return slot + L::kSlotFrame;
}

void SmvnNetDevice::return_slots(Core& c, const SlotChain& chain) {
  lists_.push_free(c, chain, st_.lists, woken_);
  for (unsigned core : woken_) raise(c, node_of_core(core), core % cores_per_node_, kWakeBit);
  st_.wake_interrupts_sent += woken_.size();
  woken_.clear();
}

void SmvnNetDevice::release_rx_frame(Core& c, uint64_t frame) {
  const uint64_t slot = frame - L::kSlotFrame;
  return_slots(c, {slot, slot, 1});
}

void SmvnNetDevice::send_tx_frame(Core& c, uint64_t frame, uint32_t len) {
  check_transmit(c, len);
  const uint64_t slot = frame - L::kSlotFrame;
  const int dst = destination(c, frame);
  if (dst < 0) {
    return_slots(c, {slot, slot, 1});  // dropped: the slot goes straight back
    return;
  }
  c.store<uint32_t>(slot + L::kSlotLength, len);
  c.store<uint32_t>(slot + L::kSlotSource, node_);
  queue_slot(c, slot, unsigned(dst), len);
}

// --- receive -----------------------------------------------------------------------------

void SmvnNetDevice::interrupt(Core& c) {
  ++st_.interrupts_taken;
  c.exec(p_.costs.interrupt);
  // Clear before polling: a frame appended after the last poll's look raises the status
  // again (its list was armed), so the next wait cannot miss it.
  take_status(c);
  if (!open_) return;
  while (poll(c, p_.rx_budget) == p_.rx_budget) {
  }
  if (after_interrupt_) after_interrupt_(c);
}

unsigned SmvnNetDevice::poll(Core& c, unsigned budget) {
  ++st_.polls;
  c.exec(p_.costs.poll);
  const SlotChain chain = lists_.unlink_input(c, node_, budget, st_.lists);
  st_.frames_per_poll.sample(chain.count);
  if (!chain.count) {
    ++st_.empty_polls;
    return 0;
  }
  const PoolLayout& l = lists_.layout();
  uint64_t slot = chain.first;
  // The slots to return: the whole chain, unless a handler kept some (zero-copy), when
  // the others are linked again into a chain of their own.
  SlotChain back{0, 0, 0};
  bool kept_any = false, gap = false;
  for (unsigned i = 0; i < chain.count; ++i) {
    c.exec(p_.costs.receive_frame);
    const uint32_t len = c.load<uint32_t>(slot + L::kSlotLength);
    const uint32_t src = c.load<uint32_t>(slot + L::kSlotSource);
    if (len < EthernetHeader::kBytes || len > l.frame_capacity() || src >= l.nodes())
      throw std::runtime_error("SMVN receive on node " + std::to_string(node_) + ": corrupt slot at " +
                               std::to_string(slot) + " (length " + std::to_string(len) + ", source " +
                               std::to_string(src) + ")");
    // Read the next pointer first: the chain is private until it is returned below.
    const uint64_t next = i + 1 < chain.count ? c.load<uint64_t>(slot + L::kSlotNext) : 0;
    RxFrame f{slot + L::kSlotFrame, len, src};
    if (!p_.zero_copy) {
      const uint64_t to = rx_buffer_provider_ ? rx_buffer_provider_(len) : rx_buffer_;
      c.copy(to, f.addr, len);
      ++st_.frames_copied;
      st_.bytes_copied += len;
      f.addr = to;
    }
    ++st_.rx_frames;
    st_.rx_bytes += len;
    if (rx_handler_) rx_handler_(c, f);
    if (f.keep && p_.zero_copy) {
      kept_any = gap = true;
    } else {
      if (back.count && gap) c.store<uint64_t>(back.last + L::kSlotNext, slot);  // link past the kept ones
      gap = false;
      if (!back.count) back.first = slot;
      back.last = slot;
      ++back.count;
    }
    slot = next;
  }
  if (!kept_any) back = chain;
  // Return the slots with one lock hold, then wake the cores that waited for them.
  if (back.count) return_slots(c, back);
  return chain.count;
}

void SmvnNetDevice::register_stats(StatsRegistry& s, const std::string& prefix) const {
  const std::string p = prefix + ".";
  s.counter(p + "tx_frames", st_.tx_frames, "frames put on an InputList");
  s.counter(p + "tx_bytes", st_.tx_bytes, "frame bytes transmitted");
  s.counter(p + "tx_dropped", st_.tx_dropped, "frames to no node of the virtual network (dropped)");
  s.counter(p + "rx_frames", st_.rx_frames, "frames taken from this node's InputList");
  s.counter(p + "rx_bytes", st_.rx_bytes, "frame bytes received");
  s.counter(p + "pool_empty", st_.lists.pool_empty, "FreeList pops that found it empty");
  s.counter(p + "queue_stops", st_.queue_stops, "transmit queue stops (FreeList empty)");
  s.counter(p + "queue_wakes", st_.queue_wakes, "transmit queue wake-ups");
  s.counter(p + "rx_interrupts_sent", st_.rx_interrupts_sent, "receive interrupts raised at other nodes");
  s.counter(p + "wake_interrupts_sent", st_.wake_interrupts_sent, "interrupts to cores waiting for slots");
  s.counter(p + "ready_interrupts_sent", st_.ready_interrupts_sent, "init protocol interrupts sent");
  s.counter(p + "interrupts_taken", st_.interrupts_taken, "SMVN interrupt handler runs");
  s.counter(p + "polls", st_.polls, "InputList polls");
  s.counter(p + "empty_polls", st_.empty_polls, "polls that found the InputList empty");
  s.counter(p + "frames_copied", st_.frames_copied, "frame copies made by the driver (in and out)");
  s.counter(p + "bytes_copied", st_.bytes_copied, "bytes of those copies");
  s.counter(p + "init_restarts", st_.init_restarts, "init protocol timeouts");
  s.counter(p + "lock_acquisitions", st_.lists.locks.acquisitions, "spinlock acquisitions");
  s.counter(p + "lock_attempts", st_.lists.locks.attempts, "ll's issued on spinlocks");
  s.counter(p + "lock_busy", st_.lists.locks.busy_seen, "ll's that found the lock held");
  s.counter(p + "sc_failures", st_.lists.locks.sc_failures, "sc's that lost the link");
  s.counter(p + "spin_cycles", st_.lists.locks.spin_cycles, "cycles from first ll to acquisition");
  s.histogram(p + "free_list_length", st_.lists.free_length, "FreeList length at each pop");
  s.histogram(p + "input_list_length", st_.lists.input_length, "InputList length at each poll");
  s.histogram(p + "frames_per_poll", st_.frames_per_poll, "frames taken per poll");
}

}  // namespace smvn::driver
