#include "l2_bank.h"

#include <algorithm>

#include "sim/config.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

L2Params L2Params::from_config(const ConfigNode& c) {
  L2Params p;
  p.banks = c.get<uint32_t>("banks", p.banks, 1u, 64u);
  p.bank_bytes = c.get_bytes("bank_size", p.bank_bytes);
  if (p.bank_bytes < 1024 || p.bank_bytes > (uint64_t(1) << 30))
    c.fail("bank_size", "an L2 bank's size lies between 1KiB and 1GiB");
  p.ways = c.get<uint32_t>("ways", p.ways, 1u, 64u);
  p.line_bytes = c.get<uint32_t>("line_bytes", p.line_bytes, 8u, 256u);
  p.hit_cycles = c.get<uint32_t>("hit_cycles", p.hit_cycles, 1u, 1000u);
  p.occupancy_cycles = c.get<uint32_t>("occupancy_cycles", p.occupancy_cycles, 1u, 1000u);
  p.queue_entries = c.get<uint32_t>("queue_entries", p.queue_entries, 1u, 1024u);
  if (!is_power_of_two(p.banks)) c.fail("banks", "must be a power of two (lines are interleaved)");
  if (!is_power_of_two(p.line_bytes)) c.fail("line_bytes", "must be a power of two");
  if (!valid_cache_geometry(p.bank_bytes, p.ways, p.line_bytes))
    c.fail("bank_size", "bank_size / (ways * line_bytes) must be a whole power of two");
  return p;
}

L2Bank::L2Bank(sc_module_name name, const L2Params& p, const Clock& clock, unsigned bank_index,
               unsigned total_l1_caches)
    : sc_module(name),
      target("target"),
      mem("mem"),
      snoop("snoop"),
      p_(p),
      clock_(clock),
      index_(bank_index),
      caches_(total_l1_caches),
      line_shift_(log2_exact(p.line_bytes)),
      hit_ps_(clock.cycles(p.hit_cycles)),
      occupancy_ps_(clock.cycles(p.occupancy_cycles)),
      tags_(p.bank_bytes, p.ways, p.line_bytes, p.banks),
      queue_(p.queue_entries, clock.period()) {
  static_assert(sizeof(Line) == 24, "L2Bank::Line should fill its directory entry's tail padding");
  target.register_b_transport(this, &L2Bank::b_transport);
  target.register_transport_dbg(this, &L2Bank::transport_dbg);
}

const DirectoryEntry* L2Bank::directory_entry(uint64_t addr) {
  Line* l = tags_.find(addr >> line_shift_);
  return l ? &l->dir() : nullptr;
}

bool L2Bank::line_dirty(uint64_t addr) {
  const Line* l = tags_.find(addr >> line_shift_);
  return l && l->dirty;
}

// The hit path of every line request: a tag compare over one set, then the LRU age. A
// miss (rare next to hits: the fill costs a memory access anyway) leaves the hot code.
inline L2Bank::Line* L2Bank::lookup_or_fill(uint64_t line, Picos& t, bool& hit) {
  if (Line* l = tags_.find(line)) {
    hit = true;
    ++st_.hits;
    tags_.touch(l);
    return l;
  }
  hit = false;
  return fill(line, tags_.victim(line), t);
}

L2Bank::Line* L2Bank::fill(uint64_t line, Line* way, Picos& t) {
  ++st_.misses;
  // The miss goes to memory first; a dirty victim waits in the write-back buffer and
  // follows it (a read never queues behind the write-back its own miss caused).
  const Picos at = t;
  ++st_.fills;
  t = memory_access(tlm::TLM_READ_COMMAND, MemOp::Fill, line << line_shift_, at);
  if (way->valid()) evict(way, at);
  tags_.install(way, line);
  return way;
}

// Inlined into both transports (line_request() serves two requests per call on a streaming
// copy's every line): the common cases stay in one function, the rare ones are calls.
inline __attribute__((always_inline)) Picos L2Bank::serve_writeback(int req, uint64_t line, bool dirty,
                                                                    Picos at) {
  // Wait for a queue entry and the bank pipeline, then the tag/directory access.
  Picos t = queue_.admit(at, occupancy_ps_) + hit_ps_;
  // An L1 gives up its copy (dirty data, or a clean eviction notice).
  if (Line* l = tags_.find(line)) {
    if (dirty) {
      l->dirty = true;
      ++st_.l1_writebacks;
    }
    l->dir().sharers.remove(req);
    if (l->dir().owner == req) l->dir().owner = -1;
  } else if (dirty) {
    t = memory_access(tlm::TLM_WRITE_COMMAND, MemOp::Writeback, line << line_shift_, t);
  }
  queue_.finish(t);
  return t;
}

inline __attribute__((always_inline)) void L2Bank::serve(LineRequest& r) {
  if (r.op == MemOp::Writeback) {
    r.done = serve_writeback(r.requester, r.line, r.dirty, r.at);
    return;
  }
  // Wait for a queue entry and the bank pipeline, then the tag/directory/data access.
  Picos t = queue_.admit(r.at, occupancy_ps_) + hit_ps_;
  const int req = r.requester;
  const uint64_t line = r.line;

  switch (r.op) {
    case MemOp::ReadShared: {
      bool hit;
      Line* l = lookup_or_fill(line, t, hit);
      r.served_by = hit ? MemRequest::Level::L2 : MemRequest::Level::Memory;
      if (r.instruction) {  // instruction fetches are not kept coherent by hardware
        r.grant_exclusive = false;
        break;
      }
      DirectoryEntry& d = l->dir();
      if (d.owner >= 0 && d.owner != req) t = downgrade_owner(l, t);
      d.sharers.remove(req);
      r.grant_exclusive = d.sharers.empty();
      d.sharers.add(req);
      d.owner = r.grant_exclusive ? int16_t(req) : int16_t(-1);
      break;
    }
    case MemOp::ReadExclusive:
    case MemOp::Upgrade: {
      bool hit;
      Line* l = lookup_or_fill(line, t, hit);
      r.served_by = hit ? MemRequest::Level::L2 : MemRequest::Level::Memory;
      if (!l->dir().sharers.empty()) t = invalidate_sharers(l, req, t);  // a stream's lines have none
      l->dir().sharers.clear();
      l->dir().sharers.add(req);
      l->dir().owner = int16_t(req);
      r.grant_exclusive = true;
      break;
    }
    default:
      break;  // b_transport passes line requests only (write-backs are served above)
  }
  queue_.finish(t);
  r.done = t;
}

Picos L2Bank::downgrade_owner(Line* l, Picos t) {
  bool dirty = false;
  t = send_snoop(MemOp::Downgrade, l->dir().owner, l->line, t, dirty);
  l->dirty |= dirty;
  l->dir().owner = -1;
  return t;
}

void L2Bank::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  MemRequest* ext = trans.get_extension<MemRequest>();
  const Picos base = kernel_ps();
  const Picos arrival = base + delay.value();
  const uint64_t line = trans.get_address() >> line_shift_;
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  if (!ext) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }

  switch (ext->op) {
    case MemOp::ReadShared:
    case MemOp::ReadExclusive:
    case MemOp::Upgrade:
    case MemOp::Writeback: {
      // The line requests of the L1 caches: the same work as the direct channel.
      LineRequest r;
      r.op = ext->op;
      r.dirty = ext->dirty;
      r.instruction = ext->instruction;
      r.requester = ext->requester;
      r.line = line;
      r.at = arrival;
      serve(r);
      if (r.op != MemOp::Writeback) {
        ext->served_by = r.served_by;
        ext->grant_exclusive = r.grant_exclusive;
      }
      delay = from_ps(r.done - base);
      return;
    }
    default:
      break;
  }

  // Wait for a queue entry and the bank pipeline, then the tag/directory/data access.
  Picos t = queue_.admit(arrival, occupancy_ps_) + hit_ps_;
  if (ext->op == MemOp::Uncached) {
    // Uncached accesses bypass the caches but stay coherent with them: a write
    // invalidates the L1 copies (and so breaks their ll links), a read first pulls a
    // dirty copy down.
    ++st_.uncached;
    if (Line* l = tags_.find(line)) {
      if (trans.is_write()) {
        t = invalidate_sharers(l, -1, t);
        l->dir().clear();
      } else if (l->dir().owner >= 0) {
        t = downgrade_owner(l, t);  // the owner's dirty data comes down into the L2 line
      }
    }
    // The bytes move at the memory controller, with the initiator's payload.
    const Picos b = kernel_ps();
    sc_time d = from_ps(t - b);
    mem->b_transport(trans, d);
    t = b + d.value();
  } else {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
  }
  queue_.finish(t);
  delay = from_ps(t - base);
}

unsigned L2Bank::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (auto* q = trans.get_extension<LineChannelQuery>()) {
    q->channel = this;
    return 0;
  }
  return mem->transport_dbg(trans);
}

bool L2Bank::line_request(LineRequest& r) {
  // The crossbar passes a victim along only when this bank is its home too; it is served
  // first, as the write-back it is (the same call serve() would make for it alone).
  if (r.has_victim) {
    serve_writeback(r.requester, r.victim_line, r.victim_dirty, r.victim_at);
    r.has_victim = false;
  }
  serve(r);
  return true;
}

void L2Bank::evict(Line* victim, Picos t) {
  // Inclusion: the L1 copies go first; a dirty one makes the L2 line dirty.
  bool dirty = victim->dirty;
  const uint64_t line = victim->line;
  victim->dir().sharers.for_each(caches_, [&](int c) {
    bool d = false;
    ++st_.back_invalidations;
    send_snoop(MemOp::Invalidate, c, line, t, d);
    dirty |= d;
  });
  victim->clear();
  if (dirty) {
    ++st_.writebacks;
    memory_access(tlm::TLM_WRITE_COMMAND, MemOp::Writeback, line << line_shift_, t);  // buffered
  }
}

Picos L2Bank::invalidate_sharers(Line* l, int except, Picos t) {
  Picos done = t;
  const uint64_t line = l->line;
  l->dir().sharers.for_each(caches_, [&](int c) {
    if (c == except) return;
    bool dirty = false;
    done = std::max(done, send_snoop(MemOp::Invalidate, c, line, t, dirty));  // sent in parallel
    l->dirty |= dirty;
  });
  return done;
}

void L2Bank::start_of_simulation() {
  // Snoops go as direct calls when the crossbar offers them (see SnoopChannel).
  snoop_channel_ = query_snoop_channel(snoop);
}

Picos L2Bank::send_snoop(MemOp op, int target_cache, uint64_t line, Picos t, bool& dirty) {
  op == MemOp::Invalidate ? ++st_.invalidations_sent : ++st_.downgrades_sent;
  SnoopRequest s;
  s.op = op;
  s.target = target_cache;
  s.line = line;
  s.at = t;
  if (!snoop_channel_ || !snoop_channel_->snoop_request(s)) send_snoop_tlm(s);
  dirty = s.dirty;
  return s.done;
}

void L2Bank::send_snoop_tlm(SnoopRequest& s) {
  snoop_.ext.op = s.op;
  snoop_.ext.target = s.target;
  snoop_.ext.dirty = false;
  snoop_.gp.set_command(tlm::TLM_IGNORE_COMMAND);
  snoop_.gp.set_address(s.line << line_shift_);
  snoop_.gp.set_data_ptr(scratch_);
  snoop_.gp.set_data_length(0);
  snoop_.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const Picos base = kernel_ps();
  sc_time d = from_ps(s.at - base);
  snoop->b_transport(snoop_.gp, d);
  s.dirty = snoop_.ext.dirty;
  s.done = base + d.value();
}

Picos L2Bank::memory_access(tlm::tlm_command cmd, MemOp op, uint64_t addr, Picos t) {
  mem_.ext.op = op;
  mem_.ext.timing_only = true;
  mem_.gp.set_command(cmd);
  mem_.gp.set_address(addr);
  mem_.gp.set_data_ptr(scratch_);
  mem_.gp.set_data_length(p_.line_bytes);
  mem_.gp.set_streaming_width(p_.line_bytes);
  mem_.gp.set_byte_enable_ptr(nullptr);
  mem_.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const Picos base = kernel_ps();
  sc_time d = from_ps(t - base);
  mem->b_transport(mem_.gp, d);
  if (mem_.gp.is_response_error())
    SC_REPORT_ERROR(name(), ("memory access failed: " + mem_.gp.get_response_string()).c_str());
  return base + d.value();
}

void L2Bank::register_stats(StatsRegistry& s) const {
  const std::string n = name();
  s.counter(n + ".hits", st_.hits, "requests that found the line in the bank");
  s.counter(n + ".misses", st_.misses, "requests that fetched the line from memory");
  s.counter(n + ".writebacks", st_.writebacks, "dirty lines written back to memory");
  s.counter(n + ".l1_writebacks", st_.l1_writebacks, "dirty lines received from L1 caches");
  s.counter(n + ".invalidations_sent", st_.invalidations_sent, "invalidations sent to L1 caches");
  s.counter(n + ".downgrades_sent", st_.downgrades_sent, "downgrades sent to L1 owners");
  s.counter(n + ".back_invalidations", st_.back_invalidations, "L1 copies invalidated by L2 evictions");
  s.counter(n + ".uncached", st_.uncached, "uncached accesses passed to memory");
  s.counter(n + ".queue.requests", queue_.requests_ref(), "requests admitted to the access queue");
  s.counter(n + ".queue.wait_ps", queue_.wait_ref(), "total time requests waited for the bank (ps)");
  s.counter(n + ".queue.busy_ps", queue_.busy_ref(), "time the bank pipeline was occupied (ps)");
  s.counter(n + ".queue.full_events", queue_.queue_full_ref(), "requests that found all queue entries taken");
  s.histogram(n + ".queue.wait", queue_.wait_histogram(), "time from arrival to service, buckets of one core cycle (ps)");
}

}  // namespace smvn
