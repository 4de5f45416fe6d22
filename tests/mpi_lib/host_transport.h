// A RankTransport over host memory, for the MPI library's tests only: one bounded byte
// pipe per ordered pair of ranks (small, so that writes are partial and the library's
// flow control is exercised), an sc_event per rank notified on every write to it and
// every read from it (space freed), and a loosely-timed clock: compute() adds to the
// rank's local time offset and syncs (sc_core::wait) once it exceeds a quantum, so
// polling loops cost little host time yet advance simulated time.
#pragma once

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

#include <systemc>

#include "mpi_shim/rank_transport.h"

namespace smvn::test {

class BytePipe {
 public:
  explicit BytePipe(std::size_t capacity) : buf_(capacity) {}
  std::size_t size() const { return size_; }
  std::size_t space() const { return buf_.size() - size_; }
  std::size_t put(const void* src, std::size_t n) {
    n = std::min(n, space());
    const char* p = static_cast<const char*>(src);
    for (std::size_t done = 0; done < n;) {
      const std::size_t at = (head_ + size_) % buf_.size();
      const std::size_t k = std::min(n - done, buf_.size() - at);
      std::memcpy(buf_.data() + at, p + done, k);
      size_ += k;
      done += k;
    }
    return n;
  }
  std::size_t get(void* dst, std::size_t n) {
    n = std::min(n, size_);
    char* p = static_cast<char*>(dst);
    for (std::size_t done = 0; done < n;) {
      const std::size_t k = std::min(n - done, buf_.size() - head_);
      std::memcpy(p + done, buf_.data() + head_, k);
      head_ = (head_ + k) % buf_.size();
      size_ -= k;
      done += k;
    }
    return n;
  }

 private:
  std::vector<char> buf_;
  std::size_t head_ = 0;
  std::size_t size_ = 0;
};

class HostFabric {
 public:
  HostFabric(int ranks, std::size_t pipe_capacity, sc_core::sc_time per_instruction,
             sc_core::sc_time quantum)
      : n_(ranks), per_instruction_(per_instruction), quantum_(quantum),
        changed_(static_cast<std::size_t>(ranks)), dirty_(static_cast<std::size_t>(ranks)) {
    for (int i = 0; i < ranks * ranks; ++i) pipes_.emplace_back(pipe_capacity);
    for (auto& e : changed_) e = std::make_unique<sc_core::sc_event>();
  }
  BytePipe& pipe(int from, int to) { return pipes_[static_cast<std::size_t>(from * n_ + to)]; }
  void notify(int rank) {
    dirty_[static_cast<std::size_t>(rank)] = true;
    changed_[static_cast<std::size_t>(rank)]->notify(sc_core::SC_ZERO_TIME);
  }
  sc_core::sc_event& changed(int rank) { return *changed_[static_cast<std::size_t>(rank)]; }
  bool take_dirty(int rank) {
    const bool d = dirty_[static_cast<std::size_t>(rank)];
    dirty_[static_cast<std::size_t>(rank)] = false;
    return d;
  }
  sc_core::sc_time per_instruction() const { return per_instruction_; }
  sc_core::sc_time quantum() const { return quantum_; }
  uint64_t bytes_written = 0;
  uint64_t partial_writes = 0;  // writes that the pipe accepted only in part

 private:
  int n_;
  sc_core::sc_time per_instruction_, quantum_;
  std::vector<BytePipe> pipes_;
  std::vector<std::unique_ptr<sc_core::sc_event>> changed_;
  std::vector<bool> dirty_;
};

class HostTransport : public mpi::RankTransport {
 public:
  HostTransport(HostFabric& fabric, int rank) : f_(fabric), me_(rank) {}

  std::size_t write_some(int peer, const void* buf, std::size_t n, mpi::Memory = mpi::Memory::Program) override {
    const std::size_t k = f_.pipe(me_, peer).put(buf, n);
    if (k < n) ++f_.partial_writes;
    if (k) {
      f_.bytes_written += k;
      f_.notify(peer);
    }
    return k;
  }
  std::size_t read_some(int peer, void* buf, std::size_t n, mpi::Memory = mpi::Memory::Program) override {
    const std::size_t k = f_.pipe(peer, me_).get(buf, n);
    if (k) f_.notify(peer);  // the writer may be waiting for space
    return k;
  }
  std::size_t readable(int peer) const override { return f_.pipe(peer, me_).size(); }
  void wait() override {
    sync();
    // A change that happened while this rank was not waiting still counts (spurious
    // returns are allowed; lost wake-ups are not).
    if (f_.take_dirty(me_)) return;
    sc_core::wait(f_.changed(me_));
    f_.take_dirty(me_);
  }
  double now() const override { return (sc_core::sc_time_stamp() + offset_).to_seconds(); }
  void compute(uint64_t instructions) override {
    offset_ += f_.per_instruction() * static_cast<double>(instructions);
    if (offset_ >= f_.quantum()) sync();
  }

 private:
  void sync() {
    if (offset_ > sc_core::SC_ZERO_TIME) {
      const sc_core::sc_time t = offset_;
      offset_ = sc_core::SC_ZERO_TIME;
      sc_core::wait(t);
    }
  }
  HostFabric& f_;
  int me_;
  sc_core::sc_time offset_ = sc_core::SC_ZERO_TIME;
};

}  // namespace smvn::test
