#include "core.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <sstream>
#include <vector>

#include "sim/config.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

namespace {
constexpr Picos kNoInterrupt = std::numeric_limits<Picos>::max();
}

CoreParams CoreParams::from_config(const ConfigNode& c) {
  CoreParams p;
  p.clock_mhz = c.get<double>("clock_mhz", p.clock_mhz, 1.0, 100000.0);
  p.ipc = c.get<double>("ipc", p.ipc, 0.01, 16.0);
  p.sync_before_ll = c.get<bool>("sync_before_ll", p.sync_before_ll);
  p.sync_cycles = c.get<uint32_t>("sync_cycles", p.sync_cycles, 0u, 100000u);
  p.max_outstanding = c.get<uint32_t>("max_outstanding_misses", p.max_outstanding, 1u, 64u);
  p.copy_insts_per_dword = c.get<double>("copy_insts_per_dword", p.copy_insts_per_dword, 0.0, 1000.0);
  p.unaligned_copy_insts_per_dword =
      c.get<double>("unaligned_copy_insts_per_dword", p.unaligned_copy_insts_per_dword, 0.0, 1000.0);
  p.burst_chunk_bytes = c.get_bytes("burst_chunk", p.burst_chunk_bytes);
  if (p.burst_chunk_bytes < 64 || p.burst_chunk_bytes > (uint64_t(1) << 24))
    c.fail("burst_chunk", "must be between 64 bytes and 16MiB");
  return p;
}

Core::Core(sc_module_name name, const CoreParams& p, int id)
    : sc_module(name), data("data"), inst("inst"), p_(p), id_(id), clock_(p.clock_mhz), irq_at_(kNoInterrupt) {
  payload_.ext.requester = id;
  SC_THREAD(thread);
  set_stack_size(std::size_t(p.stack_bytes));
}

Core::~Core() = default;

void Core::thread() {
  qk_.reset();
  if (program_) program_(*this);
  st_.busy_ps = now().value();
  qk_.sync();
  finished_ = true;
}

void Core::fault(const tlm::tlm_generic_payload& trans, const char* what) const {
  std::ostringstream s;
  s << name() << ": " << what << " of " << trans.get_data_length() << " bytes at 0x" << std::hex
    << trans.get_address() << " failed: " << trans.get_response_string();
  throw MemoryFault(s.str());
}

void Core::transport(tlm_utils::simple_initiator_socket<Core>& socket, tlm::tlm_generic_payload& trans) {
  sc_time delay = qk_.get_local_time();
  socket->b_transport(trans, delay);
  if (trans.is_response_error()) fault(trans, trans.is_read() ? "read" : "write");
  qk_.set(delay);
  if (qk_.need_sync()) qk_.sync();
}

void Core::access(MemOp op, tlm::tlm_command cmd, uint64_t addr, void* dst, unsigned len) {
  tlm::tlm_generic_payload& gp = payload_.gp;
  gp.set_command(cmd);
  gp.set_address(addr);
  gp.set_data_ptr(static_cast<unsigned char*>(dst));
  gp.set_data_length(len);
  gp.set_streaming_width(len);
  gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  if (addr & (len - 1)) {  // MIPS raises an address error on a misaligned access
    gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    fault(gp, "misaligned access");
  }
  payload_.ext.op = op;
  payload_.ext.sc_ok = false;
  switch (op) {
    case MemOp::Load: ++st_.loads; break;
    case MemOp::Store: ++st_.stores; break;
    case MemOp::LoadLinked: ++st_.ll; break;
    case MemOp::StoreCond: ++st_.sc; break;
    default: break;
  }
  transport(data, gp);
}

void Core::advance(Picos ps) {
  qk_.inc(from_ps(ps));
  if (qk_.need_sync()) qk_.sync();
}

void Core::exec(uint64_t instructions) {
  st_.instructions += instructions;
  advance(Picos(std::llround(double(instructions) * double(clock_.period()) / p_.ipc)));
}

void Core::sync() {
  ++st_.syncs;
  advance(clock_.cycles(p_.sync_cycles));
}

void Core::relax() {
  ++st_.relaxes;
  qk_.sync();
}

void Core::range(BurstKind kind, uint64_t dst, uint64_t src, uint8_t* host, uint64_t n, uint8_t fill, int* cmp) {
  ++st_.ranges;
  st_.range_bytes += n;
  // The loop's own instruction time per doubleword: a copy or compare does a load and a
  // store (or two loads) per doubleword, a block read, write or fill one of the two.
  const bool two_sided = kind == BurstKind::Copy || kind == BurstKind::Compare;
  const bool aligned = !two_sided || ((dst ^ src) & 7) == 0;
  double insts = aligned ? p_.copy_insts_per_dword : p_.unaligned_copy_insts_per_dword;
  if (!two_sided) insts /= 2;
  st_.instructions += uint64_t(std::llround(insts * double(n) / 8.0));
  const sc_time per_dword = from_ps(Picos(std::llround(insts * double(clock_.period()) / p_.ipc)));

  MemRequest& ext = payload_.ext;
  tlm::tlm_generic_payload& gp = payload_.gp;
  const uint64_t chunk = p_.burst_chunk_bytes;
  // Copies between overlapping ranges with the destination above go backwards (memmove).
  const bool backwards = kind == BurstKind::Copy && dst > src && dst < src + n;
  for (uint64_t done = 0; done < n;) {
    const uint64_t c = std::min(chunk, n - done);
    const uint64_t off = backwards ? n - done - c : done;
    ext.op = MemOp::Burst;
    ext.burst = kind;
    ext.src = src + off;
    ext.fill_value = fill;
    ext.max_outstanding = p_.max_outstanding;
    ext.issue_interval = per_dword;
    ext.compare_result = 0;
    gp.set_command(kind == BurstKind::Read || kind == BurstKind::Compare ? tlm::TLM_READ_COMMAND
                                                                        : tlm::TLM_WRITE_COMMAND);
    gp.set_address(dst + off);
    gp.set_data_ptr(host ? host + off : nullptr);
    gp.set_data_length(unsigned(c));
    gp.set_streaming_width(unsigned(c));
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    transport(data, gp);
    if (cmp && ext.compare_result != 0) {
      *cmp = ext.compare_result;
      return;
    }
    done += c;
  }
  if (cmp) *cmp = 0;
}

void Core::copy(uint64_t dst, uint64_t src, uint64_t n) {
  if (!bounce_through_registers(dst, src, n)) {
    range(BurstKind::Copy, dst, src, nullptr, n, 0, nullptr);
    return;
  }
  // A side is uncached: the loop loads into registers and stores from them, so the two
  // sides are separate streams (modelled a chunk at a time through a host buffer).
  std::vector<uint8_t> buf(std::min(n, p_.burst_chunk_bytes));
  const bool backwards = dst > src && dst < src + n;
  for (uint64_t done = 0; done < n;) {
    const uint64_t c = std::min<uint64_t>(buf.size(), n - done);
    const uint64_t off = backwards ? n - done - c : done;
    range(BurstKind::Read, src + off, 0, buf.data(), c, 0, nullptr);
    range(BurstKind::Write, dst + off, 0, buf.data(), c, 0, nullptr);
    done += c;
  }
}

bool Core::bounce_through_registers(uint64_t a, uint64_t b, uint64_t n) const {
  return uncached_ && n && (uncached_->any_uncached(a, n) || uncached_->any_uncached(b, n));
}

void Core::fill(uint64_t addr, uint8_t value, uint64_t n) {
  range(BurstKind::Fill, addr, 0, nullptr, n, value, nullptr);
}

int Core::compare(uint64_t a, uint64_t b, uint64_t n) {
  int result = 0;
  if (!bounce_through_registers(a, b, n)) {
    range(BurstKind::Compare, a, b, nullptr, n, 0, &result);
    return result;
  }
  std::vector<uint8_t> x(std::min(n, p_.burst_chunk_bytes)), y(x.size());
  for (uint64_t done = 0; done < n && result == 0;) {
    const uint64_t c = std::min<uint64_t>(x.size(), n - done);
    range(BurstKind::Read, a + done, 0, x.data(), c, 0, nullptr);
    range(BurstKind::Read, b + done, 0, y.data(), c, 0, nullptr);
    result = std::memcmp(x.data(), y.data(), c);
    done += c;
  }
  return result;
}

void Core::read_block(uint64_t addr, void* host_dst, uint64_t n) {
  range(BurstKind::Read, addr, 0, static_cast<uint8_t*>(host_dst), n, 0, nullptr);
}

void Core::write_block(uint64_t addr, const void* host_src, uint64_t n) {
  // The payload's data pointer is not const, but a write never modifies it.
  range(BurstKind::Write, addr, 0, static_cast<uint8_t*>(const_cast<void*>(host_src)), n, 0, nullptr);
}

void Core::fetch(uint64_t addr, uint64_t n) {
  // The fetched bytes are not needed (software runs as host code); they land here.
  if (fetch_sink_.size() < p_.burst_chunk_bytes) fetch_sink_.resize(p_.burst_chunk_bytes);
  MemRequest& ext = payload_.ext;
  tlm::tlm_generic_payload& gp = payload_.gp;
  for (uint64_t done = 0; done < n;) {
    const uint64_t c = std::min(p_.burst_chunk_bytes, n - done);
    ext.op = MemOp::Burst;
    ext.burst = BurstKind::Read;
    ext.max_outstanding = 1;  // the front end stalls on an I-cache miss
    ext.issue_interval = SC_ZERO_TIME;
    gp.set_command(tlm::TLM_READ_COMMAND);
    gp.set_address(addr + done);
    gp.set_data_ptr(fetch_sink_.data());
    gp.set_data_length(unsigned(c));
    gp.set_streaming_width(unsigned(c));
    gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
    transport(inst, gp);
    done += c;
  }
}

void Core::raise_interrupt(const sc_time& delay) {
  const Picos at = kernel_ps() + delay.value();
  if (at < irq_at_) {
    irq_at_ = at;
    irq_event_.notify(delay);
  }
}

bool Core::interrupt_pending() const { return irq_at_ <= now().value(); }

void Core::wait_for_interrupt() {
  qk_.sync();
  for (;;) {
    const Picos t = kernel_ps();
    if (irq_at_ <= t) break;
    if (irq_at_ == kNoInterrupt)
      wait(irq_event_);
    else
      wait(from_ps(irq_at_ - t), irq_event_);  // an earlier raise may still come
  }
  take_interrupt();
}

bool Core::wait_for_interrupt_until(const sc_time& deadline) {
  qk_.sync();
  for (;;) {
    const Picos t = kernel_ps();
    if (irq_at_ <= t) break;
    const Picos until = std::min<Picos>(irq_at_, deadline.value());
    if (until <= t) return false;  // the timer expired first
    wait(from_ps(until - t), irq_event_);
  }
  take_interrupt();
  return true;
}

bool Core::poll_interrupts() {
  if (!handler_ || in_handler_ || irq_at_ > now().value()) return false;
  take_interrupt();
  return true;
}

void Core::take_interrupt() {
  irq_at_ = kNoInterrupt;
  ++st_.interrupts;
  qk_.reset();
  if (handler_ && !in_handler_) {
    in_handler_ = true;
    handler_(*this);
    in_handler_ = false;
  }
}

void Core::register_stats(StatsRegistry& s) const {
  const std::string n = name();
  s.counter(n + ".loads", st_.loads, "loads executed");
  s.counter(n + ".stores", st_.stores, "stores executed");
  s.counter(n + ".ll", st_.ll, "load-linked executed");
  s.counter(n + ".sc", st_.sc, "store-conditionals executed");
  s.counter(n + ".syncs", st_.syncs, "sync instructions");
  s.counter(n + ".relaxes", st_.relaxes, "failed polling attempts (synchronisation points)");
  s.counter(n + ".instructions", st_.instructions, "instructions charged by exec() and range operations");
  s.counter(n + ".ranges", st_.ranges, "range operations (copy, fill, compare, block transfers)");
  s.counter(n + ".range_bytes", st_.range_bytes, "bytes covered by range operations");
  s.counter(n + ".interrupts", st_.interrupts, "interrupts taken");
  s.counter(n + ".finish_ps", st_.busy_ps, "simulated time at which the program finished (ps)");
}

}  // namespace smvn
