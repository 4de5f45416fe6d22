#include "ipc/thread_fabric.h"

#include <atomic>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <sched.h>
#include <vector>

#include "ipc/bell.h"
#include "ipc/errors.h"
#include "ipc/ipc.h"
#include "ipc/mpmc_queue.h"

namespace smvn::ipc {

namespace {

struct Envelope {
  void* data = nullptr;
  size_t size = 0;
  unsigned from = 0;
  uint64_t seq = 0;
  Deallocator dealloc = nullptr;
  void* hint = nullptr;
};

void free_heap(void* data, void*) { std::free(data); }
void release_envelope(void* data, void* ctx, uint64_t hint) {
  if (ctx) reinterpret_cast<Deallocator>(ctx)(data, reinterpret_cast<void*>(hint));
}

enum State : uint32_t { kFree = 0, kAttached, kGone };

struct Endpoint {
  std::atomic<uint32_t> state{kFree};
  Role role{};
  std::string name;
  std::atomic<uint64_t> next_seq{1};
};

struct List {
  explicit List(size_t cap) : queue(cap) {}
  MpmcQueue<Envelope> queue;
  Bell bell;
};

class ThreadFabric final : public Fabric {
 public:
  ThreadFabric(const std::string& channel, const ChannelOptions& o)
      : channel_(channel), one_to_one_(o.topology == Topology::OneToOne), max_message_(o.max_message),
        endpoints_(o.max_endpoints + 1) {
    for (unsigned i = 0; i <= o.max_endpoints; ++i) lists_.emplace_back(std::make_unique<List>(o.asynchrony));
  }
  ~ThreadFabric() override {
    for (auto& l : lists_) drain(*l);
  }

  const char* transport_name() const override { return "lock-free-queue"; }
  size_t max_message() const override { return max_message_; }

  unsigned attach(Role role, const std::string& name) override {
    std::lock_guard<std::mutex> g(attach_mu_);  // attaching is rare; the data path takes no lock
    if (one_to_one_ && role_count(role, true) > 0)
      throw Error(Errc::ChannelFull, "channel '" + channel_ + "' is one-to-one and already has that end");
    for (unsigned i = 1; i < endpoints_.size(); ++i) {
      Endpoint& e = endpoints_[i];
      if (e.state.load(std::memory_order_relaxed) != kFree) continue;
      e.role = role;
      e.name = name;
      e.state.store(kAttached, std::memory_order_release);
      ever_[unsigned(role)].store(true, std::memory_order_release);
      return i;
    }
    throw Error(Errc::ChannelFull, "channel '" + channel_ + "': all " + std::to_string(endpoints_.size() - 1) +
                                       " endpoints are attached (ChannelOptions::max_endpoints)");
  }

  void detach(unsigned ep) override {
    endpoints_[ep].state.store(kGone, std::memory_order_release);
    drain(*lists_[ep]);
    // Whoever waits on this endpoint (a client's server, a consumer's producers) looks again.
    for (auto& l : lists_) bell_ring(l->bell, false, 1 << 30);
  }

  uint64_t send(unsigned from, unsigned to, const Outgoing& m, Nanos deadline) override {
    if (m.size > max_message_)
      throw Error(Errc::MessageTooLarge, "channel '" + channel_ + "': a message of " + std::to_string(m.size) +
                                             " bytes is larger than max_message " + std::to_string(max_message_));
    if (to != 0 && endpoints_[to].state.load(std::memory_order_acquire) != kAttached)
      throw PeerDied("channel '" + channel_ + "': endpoint " + std::to_string(to) + " is gone", endpoint_name(to), {});
    Envelope e;
    e.from = from;
    e.size = m.size;
    e.seq = endpoints_[from].next_seq.fetch_add(1, std::memory_order_relaxed);
    if (m.dealloc) {  // move: hand the pointer over, the receiver reads it in place
      e.data = const_cast<void*>(m.data);
      e.dealloc = m.dealloc;
      e.hint = m.hint;
    } else {
      e.data = std::malloc(m.size ? m.size : 1);
      if (!e.data) throw Error(Errc::System, "smvn-ipc: out of memory for a " + std::to_string(m.size) + "-byte copy");
      if (m.size) std::memcpy(e.data, m.data, m.size);
      e.dealloc = free_heap;
    }
    List& l = *lists_[to];
    // Back-pressure: the queue's capacity is the asynchrony bound. A full queue is rare
    // and short, so the sender spins and then yields instead of keeping a second doorbell.
    for (unsigned turn = 0; !l.queue.try_push(e); ++turn) {
      if (turn > 64) sched_yield(); else cpu_relax();
      if ((turn & 255) == 255 && monotonic_now() >= deadline) {
        if (!m.dealloc) std::free(e.data);
        throw Error(Errc::Timeout, "channel '" + channel_ + "': send timed out, the receiver's queue stayed full");
      }
    }
    bell_ring(l.bell, false);
    return e.seq;
  }

  bool receive(unsigned ep, unsigned list, Nanos deadline, Message& out) override {
    List& l = *lists_[list];
    Envelope e;
    const bool once = deadline == 0;  // one look (wait_any)
    for (;;) {
      for (unsigned spin = 0; spin < (once ? 1u : 2000u); ++spin) {
        if (l.queue.try_pop(e)) return deliver(e, out);
        cpu_relax();
      }
      if (peers_gone(ep)) {
        // Whatever they sent before leaving is still delivered; then the error.
        if (l.queue.try_pop(e)) return deliver(e, out);
        throw_alone(ep);
      }
      const Nanos now = monotonic_now();
      if (once || now >= deadline) return false;
      const uint32_t seen = bell_prepare(l.bell);
      if (l.queue.try_pop(e)) {
        bell_cancel(l.bell);
        return deliver(e, out);
      }
      bell_sleep(l.bell, seen, std::min(deadline, now + 20'000'000), false);
    }
  }

  std::string peer_name(unsigned ep) const override { return endpoint_name(ep); }
  unsigned find_peer(const std::string& name) const override {
    for (unsigned i = 1; i < endpoints_.size(); ++i)
      if (endpoints_[i].state.load(std::memory_order_acquire) == kAttached && endpoints_[i].name == name) return i;
    return 0;
  }
  WaitHandle wait_handle(unsigned list) override { return {&lists_[list]->bell, false, -1}; }

 private:
  bool deliver(Envelope& e, Message& out) {
    out = Message(e.data, e.size, e.from, e.seq, release_envelope, reinterpret_cast<void*>(e.dealloc),
                  reinterpret_cast<uint64_t>(e.hint));
    return true;
  }
  void drain(List& l) {
    Envelope e;
    while (l.queue.try_pop(e))
      if (e.dealloc) e.dealloc(e.data, e.hint);
  }
  unsigned role_count(Role r, bool) const {
    unsigned n = 0;
    for (unsigned i = 1; i < endpoints_.size(); ++i)
      if (endpoints_[i].state.load(std::memory_order_acquire) == kAttached && endpoints_[i].role == r) ++n;
    return n;
  }
  // A waiting client whose servers all left, or a consumer whose producers all left,
  // would wait forever: that is PeerDied, not a hang.
  static Role depends_on(Role mine) {
    return mine == Role::Client ? Role::Server : mine == Role::Consumer ? Role::Producer : Role{};
  }
  bool peers_gone(unsigned ep) const {
    const Role other = depends_on(endpoints_[ep].role);
    return other != Role{} && ever_[unsigned(other)].load(std::memory_order_acquire) && role_count(other, true) == 0;
  }
  [[noreturn]] void throw_alone(unsigned ep) const {
    const bool server = depends_on(endpoints_[ep].role) == Role::Server;
    throw PeerDied("channel '" + channel_ + "': every " + (server ? "server" : "producer") +
                       " has left and nothing is queued",
                   server ? "server" : "producer", {});
  }
  std::string endpoint_name(unsigned ep) const { return ep < endpoints_.size() ? endpoints_[ep].name : "?"; }

  std::string channel_;
  bool one_to_one_;
  size_t max_message_;
  std::vector<Endpoint> endpoints_;
  std::vector<std::unique_ptr<List>> lists_;
  std::atomic<bool> ever_[5]{};
  std::mutex attach_mu_;
};

}  // namespace

std::shared_ptr<Fabric> make_thread_fabric(const std::string& channel, const ChannelOptions& opts) {
  return std::make_shared<ThreadFabric>(channel, opts);
}

}  // namespace smvn::ipc
