// The wire protocol and the progress engine: requests, matching, eager and rendezvous
// transfers over each peer's byte stream. See mpi_internal.h for the design.
#include <algorithm>
#include <cstring>

#include "mpi_shim/mpi_internal.h"

namespace smvn::mpi::detail {
namespace {

// Eager messages up to this size go out as one write of header and payload together, as
// MPICH's writev of the two would; larger payloads follow the header in their own writes.
constexpr std::size_t kCoalesceLimit = 16384;

const CallCosts& costs() { return World::current()->options().costs; }

// ---- the byte streams (the transport, or the rank's queue to itself) ----------------

std::size_t readable(RankState& rs, int peer) {
  if (peer == rs.rank) return rs.self_bytes.size() - rs.self_read;
  return rs.transport->readable(peer);
}

std::size_t read_bytes(RankState& rs, int peer, void* buf, std::size_t n, Memory m) {
  if (peer != rs.rank) return rs.transport->read_some(peer, buf, n, m);
  n = std::min(n, rs.self_bytes.size() - rs.self_read);
  std::memcpy(buf, rs.self_bytes.data() + rs.self_read, n);
  rs.self_read += n;
  if (rs.self_read == rs.self_bytes.size()) {
    rs.self_bytes.clear();
    rs.self_read = 0;
  } else if (rs.self_read > (std::size_t{1} << 20)) {
    rs.self_bytes.erase(rs.self_bytes.begin(),
                        rs.self_bytes.begin() + static_cast<std::ptrdiff_t>(rs.self_read));
    rs.self_read = 0;
  }
  return n;
}

std::size_t write_bytes(RankState& rs, int peer, const void* buf, std::size_t n, Memory m) {
  if (peer != rs.rank) return rs.transport->write_some(peer, buf, n, m);
  const char* p = static_cast<const char*>(buf);
  rs.self_bytes.insert(rs.self_bytes.end(), p, p + n);
  charge_copy(rs, n);
  return n;
}

[[noreturn]] void corrupt(RankState& rs, int peer, const std::string& what) {
  const std::string text = "MPI library: rank " + std::to_string(rs.rank) +
                           ": corrupt byte stream from rank " + std::to_string(peer) + ": " + what;
  World::current()->record_abort(rs.rank, MPI_ERR_INTERN, text);
  throw RankAbort(text);
}

// ---- requests -------------------------------------------------------------------------

void complete(RankState& rs, Req* r) {
  r->complete = true;
  rs.by_id.erase(r->id);
  if (r->user_freed) release_req(rs, r);
}

void maybe_complete_send(RankState& rs, Req* r) {
  if (r->written && (!r->need_ack || r->acked)) complete(rs, r);
}

bool matches(const Req* r, int context, int source, int tag) {
  return r->context == context && (r->source == MPI_ANY_SOURCE || r->source == source) &&
         (r->tag == MPI_ANY_TAG || r->tag == tag);
}

void set_truncated(Req* r, uint64_t length) {
  r->error = MPI_ERR_TRUNCATE;
  r->error_text = "a message of " + std::to_string(length) + " bytes from rank " +
                  std::to_string(r->status.MPI_SOURCE) + " with tag " +
                  std::to_string(r->status.MPI_TAG) + " does not fit the receive buffer of " +
                  std::to_string(r->capacity) + " bytes";
}

// Status of a receive that matched an envelope; the count is what fits.
void matched(Req* r, int source, int tag, uint64_t length) {
  r->status.MPI_SOURCE = source;
  r->status.MPI_TAG = tag;
  r->status.MPI_ERROR = MPI_SUCCESS;
  r->status.smvn_cancelled = 0;
  r->status.smvn_count_bytes = static_cast<MPI_Count>(std::min<uint64_t>(length, r->capacity));
  if (length > r->capacity) set_truncated(r, length);
}

void enqueue_control(RankState& rs, int peer, Kind kind, int context, uint64_t sender_req,
                     uint64_t receiver_req) {
  OutChunk c;
  c.header.kind = static_cast<uint32_t>(kind);
  c.header.context = context;
  c.header.sender_req = sender_req;
  c.header.receiver_req = receiver_req;
  rs.out[static_cast<std::size_t>(peer)].push_back(std::move(c));
}

// Copies a complete unexpected eager payload into the receive that matched it.
void deliver_copy(RankState& rs, Req* r, const Unexpected& ux) {
  const std::size_t n = std::min<std::size_t>(ux.data.size(), r->capacity);
  if (n) std::memcpy(r->buf, ux.data.data(), n);
  charge_copy(rs, n);
  complete(rs, r);
}

// A receive takes an unexpected message (it was queued before the receive was posted).
void take(RankState& rs, Req* r, const std::shared_ptr<Unexpected>& ux) {
  matched(r, ux->source, ux->tag, ux->length);
  switch (ux->kind) {
    case Kind::Rts:
      rs.by_id[r->id] = r;
      enqueue_control(rs, ux->peer, Kind::Cts, ux->context, ux->sender_req, r->id);
      break;
    case Kind::EagerSync:
      enqueue_control(rs, ux->peer, Kind::SyncAck, ux->context, ux->sender_req, 0);
      [[fallthrough]];
    default:
      if (ux->complete) deliver_copy(rs, r, *ux);
      else ux->claimed = r;
  }
}

// ---- the receive side -------------------------------------------------------------------

void finish_payload(RankState& rs, InStream& st) {
  st.in_payload = false;
  Req* r = st.req;
  std::shared_ptr<Unexpected> ux = std::move(st.ux);
  st.req = nullptr;
  st.ux.reset();
  if (r) complete(rs, r);
  if (ux) {
    ux->complete = true;
    if (ux->claimed) deliver_copy(rs, ux->claimed, *ux);
  }
}

void begin_payload(RankState& rs, InStream& st, char* dst, std::size_t room, uint64_t length,
                   Req* r, std::shared_ptr<Unexpected> ux) {
  st.dst = dst;
  st.dst_memory = ux ? Memory::Library : Memory::Program;  // an unexpected message's buffer is the library's
  st.room = room;
  st.got = 0;
  st.remaining = length;
  st.req = r;
  st.ux = std::move(ux);
  st.in_payload = true;
  if (length == 0) finish_payload(rs, st);
}

void on_header(RankState& rs, int peer, InStream& st) {
  const WireHeader& h = st.header;
  const Kind kind = static_cast<Kind>(h.kind);
  switch (kind) {
    case Kind::Eager:
    case Kind::EagerSync:
    case Kind::Rts: {
      charge(rs, costs().envelope);
      Req* r = nullptr;
      for (auto it = rs.posted.begin(); it != rs.posted.end(); ++it) {
        if (matches(*it, h.context, h.source, h.tag)) {
          r = *it;
          rs.posted.erase(it);
          break;
        }
      }
      if (r) {
        matched(r, h.source, h.tag, h.length);
        if (kind == Kind::Rts) {
          rs.by_id[r->id] = r;
          enqueue_control(rs, peer, Kind::Cts, h.context, h.sender_req, r->id);
        } else {
          if (kind == Kind::EagerSync)
            enqueue_control(rs, peer, Kind::SyncAck, h.context, h.sender_req, 0);
          begin_payload(rs, st, r->buf, r->capacity, h.length, r, nullptr);
        }
        return;
      }
      auto ux = std::make_shared<Unexpected>();
      ux->kind = kind;
      ux->context = h.context;
      ux->source = h.source;
      ux->tag = h.tag;
      ux->peer = peer;
      ux->length = h.length;
      ux->sender_req = h.sender_req;
      rs.unexpected.push_back(ux);
      if (kind == Kind::Rts) {
        ux->complete = true;
      } else {
        if (h.length > World::current()->options().eager_limit)
          corrupt(rs, peer, "eager message of " + std::to_string(h.length) +
                                " bytes, above the eager limit");
        ux->data.resize(h.length);
        begin_payload(rs, st, ux->data.data(), h.length, h.length, nullptr, ux);
      }
      return;
    }
    case Kind::Cts: {
      auto it = rs.by_id.find(h.sender_req);
      if (it == rs.by_id.end() || it->second->type != Req::Type::Send)
        corrupt(rs, peer, "CTS for unknown send request " + std::to_string(h.sender_req));
      Req* r = it->second;
      OutChunk c;
      c.header.kind = static_cast<uint32_t>(Kind::Data);
      c.header.context = r->context;
      c.header.length = r->length;
      c.header.sender_req = r->id;
      c.header.receiver_req = h.receiver_req;
      c.payload = r->sbuf;
      c.payload_len = r->length;
      c.done = r;
      rs.out[static_cast<std::size_t>(peer)].push_back(std::move(c));
      return;
    }
    case Kind::Data: {
      auto it = rs.by_id.find(h.receiver_req);
      if (it == rs.by_id.end() || it->second->type != Req::Type::Recv)
        corrupt(rs, peer, "DATA for unknown receive request " + std::to_string(h.receiver_req));
      Req* r = it->second;
      begin_payload(rs, st, r->buf, r->capacity, h.length, r, nullptr);
      return;
    }
    case Kind::SyncAck: {
      auto it = rs.by_id.find(h.sender_req);
      if (it == rs.by_id.end() || it->second->type != Req::Type::Send)
        corrupt(rs, peer, "SYNC-ACK for unknown send request " + std::to_string(h.sender_req));
      it->second->acked = true;
      maybe_complete_send(rs, it->second);
      return;
    }
  }
  corrupt(rs, peer, "unknown message kind " + std::to_string(h.kind));
}

bool pump_in(RankState& rs, int peer) {
  InStream& st = rs.in[static_cast<std::size_t>(peer)];
  bool moved = false;
  for (;;) {
    const std::size_t avail = readable(rs, peer);
    if (avail == 0) break;
    if (!st.in_payload) {
      const std::size_t n = read_bytes(rs, peer, st.header_bytes + st.header_got,
                                       sizeof(WireHeader) - st.header_got, Memory::Library);
      if (n == 0) break;
      moved = true;
      st.header_got += n;
      if (st.header_got == sizeof(WireHeader)) {
        st.header_got = 0;
        std::memcpy(&st.header, st.header_bytes, sizeof(WireHeader));
        on_header(rs, peer, st);
      }
      continue;
    }
    const std::size_t want = static_cast<std::size_t>(std::min<uint64_t>(st.remaining, avail));
    std::size_t n;
    if (st.got < st.room) {
      n = read_bytes(rs, peer, st.dst + st.got, std::min<std::size_t>(want, st.room - st.got), st.dst_memory);
    } else {  // past the end of the receive buffer: read and drop
      n = read_bytes(rs, peer, rs.scratch.data(), std::min(want, rs.scratch.size()), Memory::Library);
    }
    if (n == 0) break;
    moved = true;
    st.got += n;
    st.remaining -= n;
    if (st.remaining == 0) finish_payload(rs, st);
  }
  return moved;
}

// ---- the send side ------------------------------------------------------------------------

bool push_out(RankState& rs, int peer) {
  auto& q = rs.out[static_cast<std::size_t>(peer)];
  bool moved = false;
  while (!q.empty()) {
    OutChunk& c = q.front();
    if (!c.coalesced.empty()) {
      const std::size_t n = write_bytes(rs, peer, c.coalesced.data() + c.header_sent,
                                        c.coalesced.size() - c.header_sent, Memory::Library);
      if (n) moved = true;
      c.header_sent += n;
      if (c.header_sent < c.coalesced.size()) break;
    } else {
      if (c.header_sent < sizeof(WireHeader)) {
        const std::size_t n =
            write_bytes(rs, peer, reinterpret_cast<const char*>(&c.header) + c.header_sent,
                        sizeof(WireHeader) - c.header_sent, Memory::Library);
        if (n) moved = true;
        c.header_sent += n;
        if (c.header_sent < sizeof(WireHeader)) break;
      }
      if (c.payload_sent < c.payload_len) {
        const std::size_t n = write_bytes(rs, peer, c.payload + c.payload_sent,
                                          c.payload_len - c.payload_sent, Memory::Program);
        if (n) moved = true;
        c.payload_sent += n;
        if (c.payload_sent < c.payload_len) break;
      }
    }
    Req* done = c.done;
    q.pop_front();
    if (done) {
      done->written = true;
      maybe_complete_send(rs, done);
    }
  }
  return moved;
}

}  // namespace

void charge(RankState& rs, uint64_t instructions) {
  instructions += rs.deferred_charge;
  rs.deferred_charge = 0;
  if (instructions) rs.transport->compute(instructions);
}

void collect_compute(RankState& rs) {
  if (!rs.compute_counter) return;
  const uint64_t now = *rs.compute_counter;
  const uint64_t host = now - rs.compute_seen;
  if (host == 0) return;
  rs.compute_seen = now;
  const ComputeOptions& co = World::current()->options().compute;
  if (!co.enabled) return;
  // Scaled from the running total, so that rounding never accumulates: the same count
  // always gives the same charge, however it was split between calls.
  const auto total = static_cast<uint64_t>(static_cast<long double>(rs.compute_seen) * co.scale);
  if (total > rs.compute_charged) {
    rs.deferred_charge += total - rs.compute_charged;
    rs.compute_charged = total;
  }
}

void charge_copy(RankState& rs, std::size_t bytes) {
  charge(rs, (bytes + 7) / 8 * costs().copy_per_8_bytes);
}

Req* new_req(RankState& rs, Req::Type type) {
  int slot;
  if (!rs.free_req_slots.empty()) {
    slot = rs.free_req_slots.back();
    rs.free_req_slots.pop_back();
  } else {
    slot = static_cast<int>(rs.reqs.size());
    rs.reqs.emplace_back();
  }
  auto r = std::make_unique<Req>();
  r->type = type;
  r->slot = slot;
  r->id = rs.next_req_id++;
  rs.reqs[static_cast<std::size_t>(slot)] = std::move(r);
  charge(rs, costs().per_request);
  return rs.reqs[static_cast<std::size_t>(slot)].get();
}

void release_req(RankState& rs, Req* r) {
  rs.by_id.erase(r->id);
  const int slot = r->slot;
  rs.reqs[static_cast<std::size_t>(slot)].reset();
  rs.free_req_slots.push_back(slot);
}

Req* start_send(RankState& rs, Comm& c, int context, const void* buf, std::size_t bytes, int dest,
                int tag, bool sync) {
  Req* r = new_req(rs, Req::Type::Send);
  r->context = context;
  r->sbuf = static_cast<const char*>(buf);
  r->length = bytes;
  r->dest_world = c.shared->world_of[static_cast<std::size_t>(dest)];
  r->tag = tag;
  rs.by_id[r->id] = r;

  OutChunk chunk;
  chunk.header.context = context;
  chunk.header.source = c.rank;
  chunk.header.tag = tag;
  chunk.header.length = bytes;
  chunk.header.sender_req = r->id;
  if (bytes <= World::current()->options().eager_limit) {
    chunk.header.kind = static_cast<uint32_t>(sync ? Kind::EagerSync : Kind::Eager);
    r->need_ack = sync;
    chunk.done = r;
    if (bytes <= kCoalesceLimit) {
      chunk.coalesced.resize(sizeof(WireHeader) + bytes);
      std::memcpy(chunk.coalesced.data(), &chunk.header, sizeof(WireHeader));
      if (bytes) std::memcpy(chunk.coalesced.data() + sizeof(WireHeader), buf, bytes);
    } else {
      chunk.payload = r->sbuf;
      chunk.payload_len = bytes;
    }
  } else {
    // Rendezvous: the payload follows the receiver's CTS (see on_header).
    chunk.header.kind = static_cast<uint32_t>(Kind::Rts);
  }
  rs.out[static_cast<std::size_t>(r->dest_world)].push_back(std::move(chunk));
  push_out(rs, r->dest_world);
  return r;
}

Req* start_bsend(RankState& rs, Comm& c, const void* buf, std::size_t bytes, int dest, int tag) {
  // The payload is copied first, so the caller's buffer is free at once (buffered mode).
  std::vector<char> copy(static_cast<const char*>(buf), static_cast<const char*>(buf) + bytes);
  charge_copy(rs, bytes);
  // A moved vector keeps its heap block, so the queued message's pointer stays valid.
  Req* r = start_send(rs, c, c.shared->context, copy.data(), bytes, dest, tag, false);
  r->owned = std::move(copy);
  return r;
}

Req* start_recv(RankState& rs, Comm& c, int context, void* buf, std::size_t bytes, int source,
                int tag) {
  (void)c;
  Req* r = new_req(rs, Req::Type::Recv);
  r->context = context;
  r->buf = static_cast<char*>(buf);
  r->capacity = bytes;
  r->source = source;
  r->tag = tag;
  for (auto it = rs.unexpected.begin(); it != rs.unexpected.end(); ++it) {
    if (matches(r, (*it)->context, (*it)->source, (*it)->tag)) {
      std::shared_ptr<Unexpected> ux = *it;
      rs.unexpected.erase(it);
      take(rs, r, ux);
      return r;
    }
  }
  rs.posted.push_back(r);
  return r;
}

bool progress(RankState& rs) {
  bool moved = false;
  const int n = static_cast<int>(rs.in.size());
  for (int peer = 0; peer < n; ++peer) moved |= pump_in(rs, peer);
  for (int peer = 0; peer < n; ++peer)
    if (!rs.out[static_cast<std::size_t>(peer)].empty()) moved |= push_out(rs, peer);
  return moved;
}

void wait_for(RankState& rs, Req* r) {
  while (!r->complete) {
    if (!progress(rs)) rs.transport->wait();
  }
}

const Unexpected* find_unexpected(RankState& rs, int context, int source, int tag) {
  for (const auto& ux : rs.unexpected) {
    if (ux->context == context && (source == MPI_ANY_SOURCE || ux->source == source) &&
        (tag == MPI_ANY_TAG || ux->tag == tag))
      return ux.get();
  }
  return nullptr;
}

bool cancel_recv(RankState& rs, Req* r) {
  auto it = std::find(rs.posted.begin(), rs.posted.end(), r);
  if (it == rs.posted.end()) return false;
  rs.posted.erase(it);
  r->cancelled = true;
  r->status.smvn_cancelled = 1;
  r->status.MPI_SOURCE = MPI_ANY_SOURCE;
  r->status.MPI_TAG = MPI_ANY_TAG;
  r->status.smvn_count_bytes = 0;
  complete(rs, r);
  return true;
}

bool sends_drained(const RankState& rs) {
  for (const auto& q : rs.out)
    if (!q.empty()) return false;
  return rs.self_bytes.size() == rs.self_read;
}

}  // namespace smvn::mpi::detail
