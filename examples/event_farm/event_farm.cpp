#include "examples/event_farm/event_farm.h"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <deque>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace smvn::farm {

namespace {

using Clock = std::chrono::steady_clock;
enum : uint32_t { kReady = 1, kEvent = 2, kStop = 3 };

// Worker to reader: ready for the next event, with the result of the last one (if any).
struct Ready {
  uint32_t kind;
  uint32_t worker;
  int64_t done_event;  // -1: the first notification
  uint64_t checksum;
};
// Reader to worker: an event (its payload follows) or stop.
struct EventHeader {
  uint32_t kind;
  uint32_t bytes;
  int64_t id;
};

// An event's bytes are a function of its id, so the reader can check a worker's result.
void fill_event(int64_t id, unsigned char* p, size_t n) {
  uint64_t x = uint64_t(id) * 0x9e3779b97f4a7c15ull + 1;
  for (size_t i = 0; i < n; ++i) {
    x ^= x << 13, x ^= x >> 7, x ^= x << 17;
    p[i] = static_cast<unsigned char>(x);
  }
}

void busy_for(unsigned us) {
  if (!us) return;
  const auto end = Clock::now() + std::chrono::microseconds(us);
  while (Clock::now() < end) {
  }
}

[[noreturn]] void worker_main(ipc::Channel& ch, unsigned index, const FarmOptions& o) {
  alarm(o.timeout_s);  // a worker never outlives a stuck reader for long
  int rc = 0;
  try {
    ipc::ClientSocket s(ch, "w" + std::to_string(index));
    const unsigned work = int(index) == o.kill_worker ? o.victim_work_us : o.work_us;
    Ready r{kReady, index, -1, 0};
    for (;;) {
      s.send(&r, sizeof r);
      auto m = s.try_receive(std::chrono::seconds(o.timeout_s));
      if (!m) {
        rc = 3;
        break;
      }
      EventHeader h;
      std::memcpy(&h, m->data(), sizeof h);
      if (h.kind == kStop) break;
      r.checksum = event_checksum(static_cast<const unsigned char*>(m->data()) + sizeof h, h.bytes);
      r.done_event = h.id;
      m->release();  // the slot goes back before the work: the reader may reuse it
      busy_for(work);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "event-farm worker %u: %s\n", index, e.what());
    rc = 2;
  }
  std::fflush(nullptr);
  _exit(rc);
}

}  // namespace

uint64_t event_checksum(const void* payload, size_t bytes) {
  // FNV-1a: cheap, and every byte counts.
  uint64_t h = 0xcbf29ce484222325ull;
  const auto* p = static_cast<const unsigned char*>(payload);
  for (size_t i = 0; i < bytes; ++i) h = (h ^ p[i]) * 0x100000001b3ull;
  return h;
}

FarmResult run_farm(const FarmOptions& o) {
  ipc::ChannelOptions co;
  co.topology = ipc::Topology::ManyToMany;
  co.max_endpoints = o.workers + 1;
  co.asynchrony = 2 * o.workers + 2;  // every worker's ready and event in flight at once
  co.max_message = sizeof(EventHeader) + o.event_bytes;
  ipc::Channel ch("event-farm-" + std::to_string(getpid()), ipc::Context::LocalProcess, co);

  std::vector<pid_t> pids;
  for (unsigned w = 0; w < o.workers; ++w) {
    const pid_t p = fork();
    if (p < 0) ipc::throw_errno("fork of an event-farm worker");
    if (p == 0) worker_main(ch, w, o);
    pids.push_back(p);
  }

  FarmResult res;
  res.per_worker.assign(o.workers, 0);
  ipc::ServerSocket reader(ch);
  res.transport = ch.transport();
  std::vector<char> done(o.events, 0);
  std::deque<int64_t> reissue;
  int64_t next_new = 0;
  std::vector<int64_t> in_flight(o.workers, -1);
  std::vector<unsigned> endpoint(o.workers, 0);
  std::vector<bool> dead(o.workers, false), stopped(o.workers, false), reaped(o.workers, false);
  std::vector<unsigned> parked;  // ready workers with nothing to do yet (events still in flight elsewhere)
  bool killed = false;
  std::vector<unsigned char> expect(o.event_bytes);

  auto mark_dead = [&](unsigned w, const std::string& why) {
    if (dead[w]) return;
    dead[w] = true;
    res.deaths.push_back("w" + std::to_string(w) + ": " + why);
    parked.erase(std::remove(parked.begin(), parked.end(), w), parked.end());
    if (in_flight[w] >= 0 && !done[size_t(in_flight[w])]) {
      reissue.push_back(in_flight[w]);
      ++res.reissued;
    }
    in_flight[w] = -1;
  };
  auto next_event = [&]() -> int64_t {
    while (!reissue.empty()) {
      const int64_t id = reissue.front();
      reissue.pop_front();
      if (!done[size_t(id)]) return id;
    }
    return next_new < int64_t(o.events) ? next_new++ : -1;
  };
  // Answers worker W's ready: an event, stop (when all are done), or nothing yet.
  auto hand_out = [&](unsigned w) {
    const bool all_done = res.done == o.events;
    const int64_t id = all_done ? -1 : next_event();
    if (!all_done && id < 0) {
      parked.push_back(w);  // another worker may still die and leave its event to this one
      return;
    }
    ipc::Buffer b = reader.allocate(sizeof(EventHeader) + (all_done ? 0 : o.event_bytes));
    const EventHeader h{all_done ? kStop : kEvent, uint32_t(all_done ? 0 : o.event_bytes), id};
    std::memcpy(b.data(), &h, sizeof h);
    if (!all_done) fill_event(id, static_cast<unsigned char*>(b.data()) + sizeof h, o.event_bytes);
    in_flight[w] = id;
    try {
      reader.send_to(endpoint[w], std::move(b));  // zero-copy: the worker reads the slot
    } catch (const ipc::PeerDied& e) {
      mark_dead(w, e.what());
      return;
    }
    if (all_done) stopped[w] = true;
    if (!all_done && int(w) == o.kill_worker && !killed && res.done >= o.kill_after) {
      kill(pids[w], SIGKILL);  // midway, with an event in its hands
      killed = true;
    }
  };
  auto index_of = [&](const std::string& name) -> int {
    for (unsigned w = 0; w < o.workers; ++w)
      if (name == "w" + std::to_string(w)) return int(w);
    return -1;
  };

  const auto t0 = Clock::now();
  const auto deadline = t0 + std::chrono::seconds(o.timeout_s);
  for (;;) {
    unsigned finished = 0;
    for (unsigned w = 0; w < o.workers; ++w) finished += stopped[w] || dead[w];
    if (finished == o.workers) break;
    if (Clock::now() > deadline)
      throw ipc::Error(ipc::Errc::Timeout, "event farm: not finished within " + std::to_string(o.timeout_s) + " s (" +
                                               std::to_string(res.done) + " of " + std::to_string(o.events) +
                                               " events done)");
    std::optional<ipc::Message> m;
    try {
      m = reader.try_receive(std::chrono::milliseconds(200));
    } catch (const ipc::PeerDied& e) {
      const int w = index_of(e.peer());
      if (w >= 0) mark_dead(unsigned(w), e.what());
    }
    if (!m) {
      // Quiet: a child that exited without being stopped died (a second way to learn it).
      for (unsigned w = 0; w < o.workers; ++w) {
        int st = 0;
        if (!reaped[w] && waitpid(pids[w], &st, WNOHANG) == pids[w]) {
          reaped[w] = true;
          if (!stopped[w]) mark_dead(w, "exited unstopped (reaped, status " + std::to_string(st) + ")");
        }
      }
    } else {
      Ready r;
      std::memcpy(&r, m->data(), sizeof r);
      const unsigned w = r.worker;
      endpoint[w] = m->peer();
      m->release();
      if (r.done_event >= 0) {
        const size_t id = size_t(r.done_event);
        fill_event(r.done_event, expect.data(), expect.size());
        if (done[id]) {
          ++res.duplicates_dropped;
        } else {
          if (r.checksum != event_checksum(expect.data(), expect.size())) ++res.bad_checksums;
          done[id] = 1;
          ++res.done;
          ++res.per_worker[w];
        }
        if (in_flight[w] == r.done_event) in_flight[w] = -1;
      }
      if (!dead[w]) hand_out(w);  // a late result from a dead worker is counted, not answered
    }
    // Parked workers take reissued events, or stop once everything is done.
    while (!parked.empty() && (res.done == o.events || !reissue.empty())) {
      const unsigned w = parked.back();
      parked.pop_back();
      hand_out(w);
    }
  }
  res.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  res.events_per_second = double(res.done) / res.seconds;
  for (unsigned w = 0; w < o.workers; ++w) {
    for (int i = 0; !reaped[w] && i < 2000; ++i) {  // bounded: 2 s per worker, then killed
      if (waitpid(pids[w], nullptr, WNOHANG) == pids[w]) reaped[w] = true;
      else std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (!reaped[w]) kill(pids[w], SIGKILL), waitpid(pids[w], nullptr, 0);
  }
  return res;
}

}  // namespace smvn::farm
