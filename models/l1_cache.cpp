#include "l1_cache.h"

#include <algorithm>
#include <cstring>

#include "sim/config.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

L1Params L1Params::from_config(const ConfigNode& c) {
  L1Params p;
  p.size_bytes = c.get_bytes("size", p.size_bytes);
  // Real L1s are KiBs; the bound keeps a typo (64GiB for 64KiB) from exhausting the host.
  if (p.size_bytes < 256 || p.size_bytes > (uint64_t(64) << 20)) c.fail("size", "an L1 size lies between 256B and 64MiB");
  p.ways = c.get<uint32_t>("ways", p.ways, 1u, 64u);
  p.line_bytes = c.get<uint32_t>("line_bytes", p.line_bytes, 8u, 256u);
  p.hit_cycles = c.get<uint32_t>("hit_cycles", p.hit_cycles, 1u, 1000u);
  p.snoop_cycles = c.get<uint32_t>("snoop_cycles", p.snoop_cycles, 0u, 1000u);
  if (!is_power_of_two(p.line_bytes)) c.fail("line_bytes", "must be a power of two");
  if (!valid_cache_geometry(p.size_bytes, p.ways, p.line_bytes))
    c.fail("size", "size / (ways * line_bytes) must be a whole power of two");
  return p;
}

L1Cache::L1Cache(sc_module_name name, const L1Params& p, const Clock& clock, int cache_id,
                 bool instruction_cache, PhysicalMemory& memory, const AddressMap& map)
    : sc_module(name),
      cpu("cpu"),
      mem("mem"),
      snoop("snoop"),
      p_(p),
      clock_(clock),
      id_(cache_id),
      icache_(instruction_cache),
      memory_(memory),
      map_(map),
      line_shift_(log2_exact(p.line_bytes)),
      hit_ps_(clock.cycles(p.hit_cycles)),
      snoop_ps_(clock.cycles(p.snoop_cycles)),
      hit_time_(from_ps(hit_ps_)),
      tags_(p.size_bytes, p.ways, p.line_bytes) {
  req_.instruction = icache_;
  req_.requester = id_;
  cpu.register_b_transport(this, &L1Cache::b_transport);
  cpu.register_transport_dbg(this, &L1Cache::transport_dbg);
  snoop.register_b_transport(this, &L1Cache::snoop_transport);
  snoop.register_transport_dbg(this, &L1Cache::snoop_dbg);
}

Mesi L1Cache::state_of(uint64_t addr) {
  Line* l = tags_.find(addr >> line_shift_);
  return l ? l->state : Mesi::I;
}

void L1Cache::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  MemRequest* ext = trans.get_extension<MemRequest>();
  const uint64_t addr = trans.get_address();
  const unsigned len = trans.get_data_length();

  // Fast path: a load, or a store to a line held E or M, that hits needs no absolute time.
  if (ext && (ext->op == MemOp::Load || ext->op == MemOp::Store) && len &&
      ((addr + len - 1) >> line_shift_) == (addr >> line_shift_)) {
    if (Line* l = tags_.find(addr >> line_shift_)) {
      if (ext->op == MemOp::Load) {
        tags_.touch(l);
        ++st_.read_hits;
        memory_.read(addr, trans.get_data_ptr(), len);
        ext->served_by = MemRequest::Level::L1;
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        delay += hit_time_;
        return;
      }
      if (l->state != Mesi::S) {
        tags_.touch(l);
        ++st_.write_hits;
        l->state = Mesi::M;
        memory_.write(addr, trans.get_data_ptr(), len);
        trans.set_response_status(tlm::TLM_OK_RESPONSE);
        delay += hit_time_;
        return;
      }
    }
  }
  const Picos base = kernel_ps();
  Picos t = base + delay.value();
  trans.set_response_status(tlm::TLM_OK_RESPONSE);

  if (!ext) {  // the hierarchy needs to know what kind of access this is
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  // Outside simulated memory: refused before any line is evicted or fetched.
  const uint64_t span = ext->op == MemOp::Burst ? uint64_t(len) : uint64_t(std::max(len, 1u));
  const uint64_t limit = map_.total_bytes();
  if ((!map_.is_io(addr) && (addr >= limit || span > limit - addr)) ||
      (ext->op == MemOp::Burst && (ext->burst == BurstKind::Copy || ext->burst == BurstKind::Compare) &&
       (ext->src >= limit || span > limit - ext->src))) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (ext->op == MemOp::Burst) {
    t = burst(trans, *ext, t);
  } else if (map_.uncached(addr)) {
    if (ext->op == MemOp::LoadLinked || ext->op == MemOp::StoreCond) {
      trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);  // ll/sc need a cached line
      return;
    }
    t = uncached_access(trans, t);
  } else {
    const uint64_t line = addr >> line_shift_;
    if (len == 0 || ((addr + len - 1) >> line_shift_) != line) {
      trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);  // single accesses stay in a line
      return;
    }
    switch (ext->op) {
      case MemOp::Load:
        t = access_line(line, false, t);
        memory_.read(addr, trans.get_data_ptr(), len);
        ext->served_by = last_level_;
        break;
      case MemOp::LoadLinked:
        t = access_line(line, false, t);
        memory_.read(addr, trans.get_data_ptr(), len);
        link_valid_ = true;
        link_line_ = line;
        ++st_.ll;
        break;
      case MemOp::Store:
        t = access_line(line, true, t);
        memory_.write(addr, trans.get_data_ptr(), len);
        break;
      case MemOp::StoreCond:
        // The link survives only while no other agent wrote the line (their write
        // invalidated our copy and cleared it) and the line stayed in this cache.
        if (link_valid_ && link_line_ == line) {
          t = access_line(line, true, t);
          memory_.write(addr, trans.get_data_ptr(), len);
          ext->sc_ok = true;
          ++st_.sc_ok;
        } else {
          t += hit_ps_;
          ext->sc_ok = false;
          ++st_.sc_fail;
        }
        link_valid_ = false;
        break;
      default:
        trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);
        return;
    }
  }
  delay = from_ps(t - base);
}

unsigned L1Cache::transport_dbg(tlm::tlm_generic_payload& trans) {
  const unsigned len = trans.get_data_length();
  if (trans.is_read())
    memory_.read(trans.get_address(), trans.get_data_ptr(), len);
  else if (trans.is_write())
    memory_.write(trans.get_address(), trans.get_data_ptr(), len);
  return len;
}

inline LineRequest& L1Cache::line_request(MemOp op, uint64_t line, Picos t) {
  // req_ keeps this cache's constant fields (requester, instruction, dirty = false: the
  // L1 never sends a Writeback as the main request); the reply fields are always set by
  // whoever serves it, so only the request proper is written per miss.
  LineRequest& r = req_;
  r.op = op;
  r.line = line;
  r.at = t;
  r.has_victim = false;
  return r;
}

inline Picos L1Cache::send_line(LineRequest& r) {
  if (channel_ && channel_->line_request(r)) return r.done;
  return send_line_tlm(r);
}

Picos L1Cache::access_line(uint64_t line, bool write, Picos t) {
  Line* way;
  if (Line* l = tags_.find(line, way)) return access_present(l, write, t);
  return access_missing(line, way, write, t);
}

Picos L1Cache::access_present(Line* l, bool write, Picos t) {
  tags_.touch(l);
  last_level_ = MemRequest::Level::L1;
  if (!write) {
    ++st_.read_hits;
    return t + hit_ps_;
  }
  ++st_.write_hits;
  if (l->state == Mesi::M) return t + hit_ps_;
  if (l->state == Mesi::E) {
    l->state = Mesi::M;  // silent E -> M: the directory already counts us as owner
    return t + hit_ps_;
  }
  // S: ask the home directory to invalidate the other copies. Inclusion keeps the
  // line in L2, so the upgrade never evicts anything here.
  ++st_.upgrades;
  LineRequest& r = line_request(MemOp::Upgrade, l->line, t + hit_ps_);
  Picos done = send_line(r);
  l->state = Mesi::M;
  return done;
}

inline Picos L1Cache::access_missing(uint64_t line, Line* way, bool write, Picos t) {
  write ? ++st_.write_misses : ++st_.read_misses;
  LineRequest& r = line_request(write ? MemOp::ReadExclusive : MemOp::ReadShared, line, t + hit_ps_);
  // The eviction leaves at T and the fill a hit time later; the eviction travels with
  // the fill request but is served first, as if sent alone.
  if (way->valid()) evict(way, t, r);
  Picos done = send_line(r);
  last_level_ = r.served_by;
  // The fill may have back-invalidated other lines of this cache, never the free way.
  tags_.install(way, line);
  way->state = write ? Mesi::M : (r.grant_exclusive && !icache_ ? Mesi::E : Mesi::S);
  return done;
}

inline void L1Cache::evict(Line* victim, Picos t, LineRequest& r) {
  if (link_valid_ && link_line_ == victim->line) {
    link_valid_ = false;
    ++st_.link_breaks;
  }
  const bool dirty = victim->state == Mesi::M;
  const uint64_t line = victim->line;
  victim->clear();
  if (dirty) {
    ++st_.writebacks;
  } else {
    ++st_.clean_evictions;
    if (icache_) return;  // the directory does not track instruction fetches
  }
  // Off the requester's critical path: the write-back buffer drains it, but the home
  // bank and the memory still see the traffic.
  r.has_victim = true;
  r.victim_dirty = dirty;
  r.victim_line = line;
  r.victim_at = t;
}

void L1Cache::start_of_simulation() {
  // Line requests go as direct calls when the crossbar offers them (see LineChannel).
  channel_ = query_line_channel(mem);
}

Picos L1Cache::send_line_tlm(LineRequest& r) {
  if (r.has_victim) {
    send_down(MemOp::Writeback, r.victim_line, r.victim_at, r.victim_dirty);
    r.has_victim = false;
  }
  r.done = send_down(r.op, r.line, r.at, r.dirty);
  r.grant_exclusive = down_.ext.grant_exclusive;
  r.served_by = down_.ext.served_by;
  return r.done;
}

Picos L1Cache::send_down(MemOp op, uint64_t line, Picos t, bool dirty) {
  down_.ext.op = op;
  down_.ext.requester = id_;
  down_.ext.instruction = icache_;
  down_.ext.timing_only = true;
  down_.ext.grant_exclusive = false;
  down_.ext.served_by = MemRequest::Level::None;
  down_.ext.dirty = dirty;
  tlm::tlm_command cmd = tlm::TLM_READ_COMMAND;
  if (op == MemOp::Writeback) cmd = dirty ? tlm::TLM_WRITE_COMMAND : tlm::TLM_IGNORE_COMMAND;
  down_.gp.set_command(cmd);
  down_.gp.set_address(line << line_shift_);
  down_.gp.set_data_ptr(scratch_);
  down_.gp.set_data_length(p_.line_bytes);
  down_.gp.set_streaming_width(p_.line_bytes);
  down_.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const Picos base = kernel_ps();
  sc_time d = from_ps(t - base);
  mem->b_transport(down_.gp, d);
  if (down_.gp.is_response_error())
    SC_REPORT_ERROR(name(), ("line request failed: " + down_.gp.get_response_string()).c_str());
  return base + d.value();
}

Picos L1Cache::uncached_access(tlm::tlm_generic_payload& trans, Picos t) {
  tlm::tlm_response_status status;
  t = uncached_piece(trans.get_command(), trans.get_address(), trans.get_data_ptr(),
                     trans.get_data_length(), t, status);
  trans.set_response_status(status);
  return t;
}

Picos L1Cache::uncached_piece(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len,
                              Picos t, tlm::tlm_response_status& status) {
  ++st_.uncached;
  down_.ext.op = MemOp::Uncached;
  down_.ext.requester = id_;
  down_.ext.instruction = icache_;
  down_.ext.timing_only = false;
  down_.gp.set_command(cmd);
  down_.gp.set_address(addr);
  down_.gp.set_data_ptr(data);
  down_.gp.set_data_length(len);
  down_.gp.set_streaming_width(len);
  down_.gp.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
  const Picos base = kernel_ps();
  sc_time d = from_ps(t - base);
  mem->b_transport(down_.gp, d);
  status = down_.gp.get_response_status();
  return base + d.value();
}

Picos L1Cache::burst_uncached(tlm::tlm_generic_payload& trans, MemRequest& ext, Picos t) {
  // Uncached ranges are walked as separate doubleword accesses, each waiting for the
  // previous (uncached loads block; the core issues no more than one at a time).
  if (ext.burst == BurstKind::Copy || ext.burst == BurstKind::Compare) {
    trans.set_response_status(tlm::TLM_COMMAND_ERROR_RESPONSE);  // the core splits these
    return t;
  }
  const uint64_t a = trans.get_address();
  const uint64_t n = trans.get_data_length();
  uint8_t fill[8];
  std::memset(fill, ext.fill_value, sizeof fill);
  const tlm::tlm_command cmd = ext.burst == BurstKind::Read ? tlm::TLM_READ_COMMAND : tlm::TLM_WRITE_COMMAND;
  const Picos per_dword = ext.issue_interval.value();  // the loop's own work per doubleword
  for (uint64_t done = 0; done < n;) {
    const uint64_t addr = a + done;
    const unsigned piece = unsigned(std::min<uint64_t>(8 - (addr & 7), n - done));
    tlm::tlm_response_status status;
    uint8_t* data = ext.burst == BurstKind::Fill ? fill : trans.get_data_ptr() + done;
    t = uncached_piece(cmd, addr, data, piece, t, status) + per_dword;
    if (status != tlm::TLM_OK_RESPONSE) {
      trans.set_response_status(status);
      return t;
    }
    done += piece;
  }
  return t;
}

Picos L1Cache::burst(tlm::tlm_generic_payload& trans, MemRequest& ext, Picos t) {
  const uint64_t a = trans.get_address();
  const uint64_t n = trans.get_data_length();
  if (n == 0) return t;
  ++st_.bursts;

  const bool two_ranges = ext.burst == BurstKind::Copy || ext.burst == BurstKind::Compare;
  if (map_.any_uncached(a, n) || (two_ranges && map_.any_uncached(ext.src, n)))
    return burst_uncached(trans, ext, t);

  // Cached: walk the lines, overlapping up to max_outstanding misses. A line issues no
  // earlier than the copy loop reaches it (issue_interval per doubleword) and no
  // earlier than a miss buffer is free.
  const unsigned k = std::max(1u, ext.max_outstanding);
  if (window_.size() < k) window_.resize(k);
  Picos* const window = window_.data();  // a local pointer: the tag stores cannot alias it
  std::fill(window, window + k, Picos(0));
  const Picos interval = ext.issue_interval.value() * (p_.line_bytes / 8);
  Picos issue = t, end = t;
  unsigned slot = 0;
  const bool four_ways = tags_.ways() == 4;  // Godson-3A's L1: an unrolled set scan
  auto touch = [&](uint64_t line, bool write) __attribute__((always_inline)) {
    Line* way;
    Line* l = four_ways ? tags_.template find_fixed_ways<4>(line, way) : tags_.find(line, way);
    if (l && (!write || l->state != Mesi::S)) {  // a hit: no miss buffer needed
      end = std::max(end, access_present(l, write, issue));
      return;
    }
    const Picos at = std::max(issue, window[slot]);
    const Picos done = l ? access_present(l, write, at) : access_missing(line, way, write, at);
    window[slot] = done;
    slot = slot + 1 == k ? 0 : slot + 1;
    end = std::max(end, done);
  };

  const uint64_t first = a >> line_shift_, last = (a + n - 1) >> line_shift_;
  const bool write = ext.burst == BurstKind::Write || ext.burst == BurstKind::Copy || ext.burst == BurstKind::Fill;
  uint64_t lines = last - first + 1;
  if (two_ranges) {
    const uint64_t s = ext.src;
    const uint64_t line_mask = (uint64_t(1) << line_shift_) - 1;
    if (((s ^ a) & line_mask) == 0) {
      // Source and destination at the same offset within a line (the usual copy): each
      // destination line is fed by exactly the source line DELTA lines away, which the
      // general walk below would also touch just before it.
      const uint64_t delta = (s >> line_shift_) - first;  // modulo 2^64, as the lines are
      for (uint64_t line = first; line <= last; ++line) {
        touch(line + delta, false);
        touch(line, write);
        issue += interval;
      }
      lines *= 2;
    } else {
      const uint64_t src_first = s >> line_shift_;
      uint64_t src_next = src_first;
      for (uint64_t line = first; line <= last; ++line) {
        // Source bytes that feed this destination line.
        const uint64_t past = std::min((line + 1) << line_shift_, a + n) - a;
        const uint64_t src_last = (s + past - 1) >> line_shift_;
        while (src_next <= src_last) touch(src_next++, false);
        touch(line, write);
        issue += interval;
      }
      lines += src_next - src_first;
    }
  } else {
    for (uint64_t line = first; line <= last; ++line) {
      touch(line, write);
      issue += interval;
    }
  }
  st_.burst_lines += lines;
  end = std::max(end, issue);

  switch (ext.burst) {
    case BurstKind::Read: memory_.read(a, trans.get_data_ptr(), n); break;
    case BurstKind::Write: memory_.write(a, trans.get_data_ptr(), n); break;
    case BurstKind::Copy: memory_.copy(a, ext.src, n); break;
    case BurstKind::Fill: memory_.fill(a, ext.fill_value, n); break;
    case BurstKind::Compare: {
      uint8_t other[128];
      int result = 0;
      for (uint64_t off = 0; off < n && result == 0; off += sizeof other) {
        const uint64_t c = std::min<uint64_t>(sizeof other, n - off);
        memory_.read(ext.src + off, other, c);
        memory_.read(a + off, scratch_, c);
        result = std::memcmp(scratch_, other, c);
      }
      ext.compare_result = result;
      break;
    }
  }
  return end;
}

// Inlined into both snoop transports: a snoop is a few tag compares, less than a call.
inline __attribute__((always_inline)) bool L1Cache::snoop_line(MemOp op, uint64_t line) {
  bool dirty = false;
  if (Line* l = tags_.find(line)) {
    dirty = l->state == Mesi::M;
    if (op == MemOp::Invalidate) {
      l->clear();
      ++st_.invalidations;
      if (link_valid_ && link_line_ == line) {
        link_valid_ = false;  // another agent is writing the linked line
        ++st_.link_breaks;
      }
    } else {
      l->state = Mesi::S;
      ++st_.downgrades;
    }
  }
  return dirty;
}

void L1Cache::snoop_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  MemRequest* ext = trans.get_extension<MemRequest>();
  ext->dirty = snoop_line(ext->op, trans.get_address() >> line_shift_);
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
  delay += from_ps(snoop_ps_);
}

unsigned L1Cache::snoop_dbg(tlm::tlm_generic_payload& trans) {
  if (auto* q = trans.get_extension<SnoopChannelQuery>()) q->channel = this;
  return 0;
}

bool L1Cache::snoop_request(SnoopRequest& s) {
  s.dirty = snoop_line(s.op, s.line);
  s.done = s.at + snoop_ps_;
  return true;
}

void L1Cache::register_stats(StatsRegistry& s) const {
  const std::string n = name();
  s.counter(n + ".read_hits", st_.read_hits, "loads that hit");
  s.counter(n + ".read_misses", st_.read_misses, "loads that missed");
  s.counter(n + ".write_hits", st_.write_hits, "stores that hit (upgrades included)");
  s.counter(n + ".write_misses", st_.write_misses, "stores that missed (read-for-ownership)");
  s.counter(n + ".upgrades", st_.upgrades, "S->M upgrades sent to the directory");
  s.counter(n + ".writebacks", st_.writebacks, "dirty lines written back on eviction");
  s.counter(n + ".clean_evictions", st_.clean_evictions, "clean lines evicted");
  s.counter(n + ".invalidations", st_.invalidations, "lines invalidated by the directory");
  s.counter(n + ".downgrades", st_.downgrades, "lines downgraded to S by the directory");
  s.counter(n + ".ll", st_.ll, "load-linked operations");
  s.counter(n + ".sc_success", st_.sc_ok, "store-conditionals that stored");
  s.counter(n + ".sc_failure", st_.sc_fail, "store-conditionals that failed");
  s.counter(n + ".link_breaks", st_.link_breaks, "ll links broken by invalidation or eviction");
  s.counter(n + ".uncached_accesses", st_.uncached, "accesses that bypassed the cache");
  s.counter(n + ".bursts", st_.bursts, "range operations (copy, fill, compare, block read/write)");
  s.counter(n + ".burst_lines", st_.burst_lines, "lines walked by range operations");
  const Stats* st = &st_;
  s.formula(n + ".miss_rate", [st] {
    uint64_t acc = st->read_hits + st->read_misses + st->write_hits + st->write_misses;
    return acc ? double(st->read_misses + st->write_misses) / double(acc) : 0.0;
  }, "misses per access");
}

}  // namespace smvn
