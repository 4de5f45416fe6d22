#include "ipc/shm_fabric.h"

#include <algorithm>
#include <atomic>
#include <climits>
#include <cstring>
#include <mutex>
#include <sys/mman.h>
#include <vector>

#include "ipc/bell.h"
#include "ipc/errors.h"
#include "ipc/host_memory.h"
#include "ipc/ipc.h"
#include "ipc/spin.h"
#include "smvn_pool/lists.h"

namespace smvn::ipc {

namespace {

using pool::PoolLayout;
using Lists = pool::Lists<HostMemory>;

enum State : uint32_t { kFree = 0, kAttached, kReclaiming, kGone, kDead };
constexpr unsigned kReports = 64;
constexpr unsigned kNameBytes = 48;

// Slot fields inside the 14 bytes the driver gives the Ethernet header (the payload then
// starts on a 32-byte boundary, as the driver's frame payload does).
constexpr uint64_t kHolder = PoolLayout::kSlotFrame + 2;  // u32: endpoint holding it, kInList, or 0 (free)
constexpr uint64_t kSeq = PoolLayout::kSlotFrame + 6;     // u64: the sender's sequence number
constexpr uint64_t kPayload = PoolLayout::kSlotFrame + PoolLayout::kEthHeader;
constexpr uint32_t kInList = 0xffffffffu;
static_assert(kHolder % 4 == 0 && kSeq % 8 == 0 && kPayload % 32 == 0, "slot fields must stay aligned");

struct alignas(64) ShmEndpoint {
  uint32_t state;
  uint32_t role;
  int32_t pid;
  uint32_t report_count;  // written by the reclaimer before the state turns kGone / kDead
  Bell bell;              // this list's doorbell (endpoint 0: the service list)
  uint32_t space;         // rung when slots return to a FreeList this endpoint waited on
  uint64_t next_seq;      // the owner's alone
  char name[kNameBytes];
  struct {
    uint32_t source;
    uint64_t seq;
  } report[kReports];  // messages from SOURCE it never released
};

struct ShmControl {
  uint32_t attach_lock;
  uint32_t ever[8];  // a role was ever attached
};

uint64_t round_up(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }

class ShmFabric final : public Fabric {
 public:
  ShmFabric(const std::string& channel, const ChannelOptions& o)
      : channel_(channel), one_to_one_(o.topology == Topology::OneToOne), max_message_(o.max_message),
        n_(o.max_endpoints), spin_ns_(o.spin.count()), watch_(o.max_endpoints + 1), seen_(o.max_endpoints + 1, false) {
    if (o.max_message > (1ull << 30))
      throw Error(Errc::Unsupported, "channel '" + channel + "': max_message above 1 GiB is not supported");
    const uint64_t control = round_up(round_up(sizeof(ShmControl), 64) + (n_ + 1) * sizeof(ShmEndpoint), 4096);
    const unsigned lists = n_ + 1;
    const uint64_t slots = uint64_t(o.asynchrony) + n_;  // every endpoint may hold one besides the bound
    const unsigned mtu = unsigned(round_up(o.max_message, 64));
    const uint64_t pool = PoolLayout::bytes_for(lists, slots, mtu, true, 1);
    bytes_ = control + pool;
    // Anonymous and shared: inherited by fork, never a name in /dev/shm, freed with the
    // last mapping. NORESERVE: slots cost memory only once touched.
    void* p = mmap(nullptr, bytes_, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) throw_errno("mmap of a " + std::to_string(bytes_) + "-byte channel pool");
    base_ = static_cast<char*>(p);
    ctl_ = new (base_) ShmControl{};
    eps_ = reinterpret_cast<ShmEndpoint*>(base_ + round_up(sizeof(ShmControl), 64));
    for (unsigned i = 0; i <= n_; ++i) new (&eps_[i]) ShmEndpoint{};
    pool::PoolConfig pc;
    pc.segments = {{uint64_t(reinterpret_cast<uintptr_t>(base_ + control)), pool}};
    pc.nodes = lists;
    pc.cores_per_node = 1;  // waiter ids are endpoint numbers
    pc.mtu = mtu;
    lists_ = std::make_unique<Lists>(PoolLayout(pc));
    HostMemory m(&channel_);
    lists_->init(m);
  }
  ~ShmFabric() override { munmap(base_, bytes_); }

  const char* transport_name() const override { return "shm-smvn"; }
  size_t max_message() const override { return max_message_; }

  unsigned attach(Role role, const std::string& name) override {
    HostMemory m(&channel_);
    pool::SpinlockStats st;
    const uint64_t lock = uint64_t(reinterpret_cast<uintptr_t>(&ctl_->attach_lock));
    pool::spin_lock(m, lock, st);
    unsigned found = 0;
    bool full_side = false;
    if (one_to_one_)
      for (unsigned i = 1; i <= n_; ++i)
        if (load(eps_[i].state) == kAttached && eps_[i].role == uint32_t(role)) full_side = true;
    for (unsigned i = 1; i <= n_ && !found && !full_side; ++i) {
      ShmEndpoint& e = eps_[i];
      if (load(e.state) != kFree) continue;
      e.role = uint32_t(role);
      e.pid = self_pid();
      e.report_count = 0;
      e.next_seq = 1;
      std::memset(e.name, 0, kNameBytes);
      std::memcpy(e.name, name.data(), std::min<size_t>(name.size(), kNameBytes - 1));
      __atomic_store_n(&e.state, kAttached, __ATOMIC_RELEASE);
      __atomic_store_n(&ctl_->ever[unsigned(role)], 1, __ATOMIC_RELEASE);
      found = i;
    }
    pool::spin_unlock(m, lock);
    if (full_side) throw Error(Errc::ChannelFull, "channel '" + channel_ + "' is one-to-one and already has that end");
    if (!found)
      throw Error(Errc::ChannelFull, "channel '" + channel_ + "': all " + std::to_string(n_) +
                                         " endpoints have been used (ChannelOptions::max_endpoints)");
    return found;
  }

  void detach(unsigned ep) override { reclaim(ep, false); }

  uint64_t send(unsigned from, unsigned to, const Outgoing& m, Nanos deadline) override {
    if (m.size > max_message_)
      throw Error(Errc::MessageTooLarge, "channel '" + channel_ + "': a message of " + std::to_string(m.size) +
                                             " bytes is larger than max_message " + std::to_string(max_message_));
    if (to != 0 && load(eps_[to].state) != kAttached)
      throw PeerDied("channel '" + channel_ + "': '" + eps_[to].name + "' is gone", eps_[to].name, {});
    HostMemory mem(&channel_);
    uint64_t slot;
    if (m.pooled) {
      slot = uint64_t(reinterpret_cast<uintptr_t>(m.data)) - kPayload;  // zero-copy: it is already there
    } else {
      slot = take_free_slot(from, deadline);
      if (m.size) std::memcpy(reinterpret_cast<void*>(slot + kPayload), m.data, m.size);
      if (m.dealloc) m.dealloc(const_cast<void*>(m.data), m.hint);  // move onto a copying path: done with it
    }
    ShmEndpoint& me = eps_[from];
    const uint64_t seq = me.next_seq++;
    mem.store<uint32_t>(slot + PoolLayout::kSlotLength, uint32_t(m.size));
    mem.store<uint32_t>(slot + PoolLayout::kSlotSource, from);
    mem.store<uint64_t>(slot + kSeq, seq);
    set_holder(slot, kInList);
    if (lists_->append_input(mem, to, slot, scratch())) bell_ring(eps_[to].bell, true);
    return seq;
  }

  bool receive(unsigned ep, unsigned list, Nanos deadline, Message& out) override {
    Bell& bell = eps_[list].bell;
    const bool once = deadline == 0;  // one look (wait_any)
    for (unsigned round = 0;; ++round) {
      // Spin only before the first sleep (after a slice of sleeping the peer is slow),
      // for an adaptive budget: halved each time the spin ran out, doubled (up to
      // ChannelOptions::spin) each time it caught the message. Where the peer answers
      // fast (a quiet machine) it stays at the full budget; where the two share a core
      // with others, spinning only delays the peer, and the budget shrinks to a few
      // hundred ns.
      if (!once && round == 0) {
        const Nanos budget = spin_now_.load(std::memory_order_relaxed);
        const bool caught = spin_for(budget, [&] { return take(ep, list, out); });
        spin_now_.store(caught ? std::min(spin_ns_, 2 * budget + 100) : std::max(spin_ns_ / 32, budget / 2),
                        std::memory_order_relaxed);
        if (caught) return true;
      } else if (take(ep, list, out)) {
        return true;
      }
      const bool alone = check_peers(ep);
      if (take(ep, list, out)) return true;
      if (alone) throw_alone(ep);
      const Nanos now = monotonic_now();
      if (once || now >= deadline) return false;
      const uint32_t seen = bell_prepare(bell);
      if (take(ep, list, out)) {
        bell_cancel(bell);
        return true;
      }
      bell_sleep(bell, seen, std::min(deadline, now + 20'000'000), true);  // a slice: peers are checked between
    }
  }

  void* allocate(unsigned ep, size_t size, Nanos deadline) override {
    if (size > max_message_)
      throw Error(Errc::MessageTooLarge, "channel '" + channel_ + "': a buffer of " + std::to_string(size) +
                                             " bytes is larger than max_message " + std::to_string(max_message_));
    return reinterpret_cast<void*>(take_free_slot(ep, deadline) + kPayload);
  }
  void free_allocated(void* data) override { free_slot(uint64_t(reinterpret_cast<uintptr_t>(data)) - kPayload); }

  std::string peer_name(unsigned ep) const override { return ep <= n_ ? eps_[ep].name : "?"; }
  unsigned find_peer(const std::string& name) const override {
    for (unsigned i = 1; i <= n_; ++i)
      if (load(eps_[i].state) == kAttached && name == eps_[i].name) return i;
    return 0;
  }
  WaitHandle wait_handle(unsigned list) override { return {&eps_[list].bell, true, -1}; }

 private:
  static uint32_t load(const uint32_t& w) { return __atomic_load_n(&w, __ATOMIC_ACQUIRE); }
  static void set_holder(uint64_t slot, uint32_t who) {
    __atomic_store_n(reinterpret_cast<uint32_t*>(slot + kHolder), who, __ATOMIC_RELAXED);
  }
  static uint32_t holder(uint64_t slot) {
    return __atomic_load_n(reinterpret_cast<uint32_t*>(slot + kHolder), __ATOMIC_RELAXED);
  }

  // List statistics are not kept on the host; each thread counts into its own scratch.
  static HostListStats& scratch() {
    thread_local HostListStats s;
    return s;
  }

  static void release_slot(void*, void* ctx, uint64_t slot) { static_cast<ShmFabric*>(ctx)->free_slot(slot); }

  bool take(unsigned ep, unsigned list, Message& out) {
    HostMemory mem(&channel_);
    // An empty list is seen without its lock: a spinning receiver then only reads the
    // head's cache line, instead of taking the lock line from the sender on every look.
    // Safe for the doorbell: an InputList is armed whenever it is empty (unlink_input
    // arms it as it takes the last slot), so the next append rings without our help.
    if (mem.load<uint64_t>(lists_->layout().input_head(list)) == 0) return false;
    const pool::SlotChain c = lists_->unlink_input(mem, list, 1, scratch());
    if (!c.count) return false;
    const uint64_t slot = c.first;
    set_holder(slot, ep);
    // Another server or consumer may sleep on the shared list while more is queued.
    if (list == 0 && bell_has_sleepers(eps_[0].bell)) bell_ring(eps_[0].bell, true);
    out = Message(reinterpret_cast<void*>(slot + kPayload), mem.load<uint32_t>(slot + PoolLayout::kSlotLength),
                  mem.load<uint32_t>(slot + PoolLayout::kSlotSource), mem.load<uint64_t>(slot + kSeq), release_slot,
                  this, slot);
    return true;
  }

  // A FreeList slot for EP; sleeps as a waiter (the driver's waiters bitmap) while the
  // pool is empty: whoever returns a slot rings this endpoint's space word.
  uint64_t take_free_slot(unsigned ep, Nanos deadline) {
    HostMemory mem(&channel_);
    for (;;) {
      const uint32_t seen = __atomic_load_n(&eps_[ep].space, __ATOMIC_SEQ_CST);
      const uint64_t slot = lists_->pop_free(mem, scratch(), int(ep));
      if (slot) {
        // Off the FreeList its next word still points into it; an InputList append
        // expects a slot that ends a chain (the driver's netdev clears it the same way).
        mem.store<uint64_t>(slot + PoolLayout::kSlotNext, 0);
        set_holder(slot, ep);
        return slot;
      }
      const bool alone = check_peers(ep);
      const Nanos now = monotonic_now();
      if (alone) throw_alone(ep);
      if (now >= deadline)
        throw Error(Errc::Timeout, "channel '" + channel_ + "': send timed out, all slots stayed in use (asynchrony)");
      futex_wait(&eps_[ep].space, seen, std::min(deadline, now + 20'000'000), true);
    }
  }

  void free_slot(uint64_t slot) {
    HostMemory mem(&channel_);
    set_holder(slot, 0);
    thread_local std::vector<unsigned> woken;
    woken.clear();
    lists_->push_free(mem, pool::SlotChain{slot, slot, 1}, scratch(), woken);
    for (unsigned w : woken) {
      __atomic_fetch_add(&eps_[w].space, 1, __ATOMIC_SEQ_CST);
      futex_wake(&eps_[w].space, 1, true);
    }
  }

  // Looks for dead peers (reclaiming what they held) and for deaths this endpoint has not
  // been told of: throws PeerDied for a client that died or left something unreleased
  // (to its server), or for a peer that left messages of ours unreleased. Returns true
  // when every peer this endpoint depends on is gone (the caller looks once more for a
  // message, then throws).
  bool check_peers(unsigned ep) {
    std::lock_guard<std::mutex> g(check_mu_);  // the watches and SEEN are this process's, shared by its threads
    for (unsigned i = 1; i <= n_; ++i)
      if (i != ep && load(eps_[i].state) == kAttached && eps_[i].pid != self_pid() && !watch_[i].alive(eps_[i].pid))
        reclaim(i, true);
    const Role mine = Role(eps_[ep].role);
    for (unsigned i = 1; i <= n_; ++i) {
      const uint32_t st = load(eps_[i].state);
      if ((st != kGone && st != kDead) || seen_[i] || i == ep) continue;
      seen_[i] = true;
      std::vector<uint64_t> unacked;
      for (unsigned r = 0; r < std::min(eps_[i].report_count, kReports); ++r)
        if (eps_[i].report[r].source == ep) unacked.push_back(eps_[i].report[r].seq);
      const bool client_of_mine = mine == Role::Server && Role(eps_[i].role) == Role::Client;
      if ((client_of_mine && st == kDead) || !unacked.empty())
        throw PeerDied("channel '" + channel_ + "': '" + eps_[i].name + "' " + (st == kDead ? "died" : "left") +
                           " with " + std::to_string(unacked.size()) + " of our messages unacknowledged",
                       eps_[i].name, std::move(unacked));
    }
    const Role other = mine == Role::Client     ? Role::Server
                       : mine == Role::Consumer ? Role::Producer
                       : mine == Role::Producer ? Role::Consumer
                                                : Role{};
    if (other == Role{} || !load(ctl_->ever[unsigned(other)])) return false;
    for (unsigned i = 1; i <= n_; ++i)
      if (load(eps_[i].state) == kAttached && Role(eps_[i].role) == other) return false;
    return true;
  }

  [[noreturn]] void throw_alone(unsigned ep) {
    const Role mine = Role(eps_[ep].role);
    const char* who = mine == Role::Client ? "server" : mine == Role::Consumer ? "producer" : "consumer";
    throw PeerDied("channel '" + channel_ + "': every " + who + " has gone and nothing is queued", who, {});
  }

  // Takes back what endpoint D had: the messages queued for it (reported to their senders
  // as unacknowledged), and, when it died, the slots it held (a dead server's or
  // consumer's message goes back on the shared list for another; a dead client's is
  // reported). The first to change its state from kAttached does it; the others see
  // kReclaiming or the end state.
  void reclaim(unsigned d, bool died) {
    ShmEndpoint& e = eps_[d];
    uint32_t expected = kAttached;
    if (!__atomic_compare_exchange_n(&e.state, &expected, kReclaiming, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      return;
    HostMemory mem(&channel_);
    unsigned reports = 0;
    auto report = [&](uint64_t slot) {
      if (reports < kReports)
        e.report[reports] = {mem.load<uint32_t>(slot + PoolLayout::kSlotSource), mem.load<uint64_t>(slot + kSeq)};
      ++reports;
    };
    const pool::SlotChain queued = lists_->unlink_input(mem, d, UINT_MAX, scratch());
    std::vector<uint64_t> to_free;
    for (uint64_t s = queued.first, k = 0; k < queued.count; ++k) {
      const uint64_t next = mem.load<uint64_t>(s + PoolLayout::kSlotNext);
      report(s);
      to_free.push_back(s);
      s = next;
    }
    const Role role = Role(e.role);
    const bool serves = role == Role::Server || role == Role::Consumer;
    if (died)
      for (uint64_t i = 0; i < lists_->layout().slots(); ++i) {
        const uint64_t s = lists_->layout().slot(i);
        if (holder(s) != d) continue;
        if (mem.load<uint32_t>(s + PoolLayout::kSlotSource) != d && serves) {
          set_holder(s, kInList);  // another server or consumer takes it: not lost
          mem.store<uint64_t>(s + PoolLayout::kSlotNext, 0);
          if (lists_->append_input(mem, 0, s, scratch())) bell_ring(eps_[0].bell, true);
          continue;
        }
        if (mem.load<uint32_t>(s + PoolLayout::kSlotSource) != d) report(s);
        to_free.push_back(s);
      }
    e.report_count = reports;
    __atomic_store_n(&e.state, died ? kDead : kGone, __ATOMIC_RELEASE);
    for (uint64_t s : to_free) free_slot(s);
    for (unsigned i = 0; i <= n_; ++i) bell_ring(eps_[i].bell, true, INT_MAX);  // waiters look again
  }

  std::string channel_;
  bool one_to_one_;
  size_t max_message_;
  unsigned n_;
  Nanos spin_ns_;
  std::atomic<Nanos> spin_now_{spin_ns_};  // this process's adaptive spin budget
  uint64_t bytes_ = 0;
  char* base_ = nullptr;
  ShmControl* ctl_ = nullptr;
  ShmEndpoint* eps_ = nullptr;
  std::unique_ptr<Lists> lists_;
  std::mutex check_mu_;
  std::vector<PeerWatch> watch_;  // process-local pidfds of the peers
  std::vector<bool> seen_;        // process-local: deaths already reported here
};

}  // namespace

std::shared_ptr<Fabric> make_shm_fabric(const std::string& channel, const ChannelOptions& opts) {
  return std::make_shared<ShmFabric>(channel, opts);
}

}  // namespace smvn::ipc
