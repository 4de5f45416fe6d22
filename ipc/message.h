// A received message: a view of its bytes plus who owns them. Copy semantics give a heap
// buffer; move semantics give the sender's own buffer (thread context) or the pool slot
// the sender wrote into (shared memory), read in place. Destroying or releasing the
// message gives the bytes back (free, the sender's deallocator, or the slot to the
// FreeList): that is the acknowledgement the sender's peer-died report counts.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>

namespace smvn::ipc {

// The user's deallocator for move semantics: called once with the buffer and HINT when
// the receiver is done with it (or at once, if the transport had to copy).
using Deallocator = void (*)(void* data, void* hint);

class Message {
 public:
  using Release = void (*)(void* data, void* ctx, uint64_t token);

  Message() = default;
  Message(void* data, size_t size, unsigned peer, uint64_t seq, Release release, void* ctx, uint64_t token)
      : data_(data), size_(size), peer_(peer), seq_(seq), release_(release), ctx_(ctx), token_(token) {}
  Message(Message&& o) noexcept { *this = std::move(o); }
  Message& operator=(Message&& o) noexcept {
    if (this != &o) {
      release();
      data_ = o.data_, size_ = o.size_, peer_ = o.peer_, seq_ = o.seq_;
      release_ = o.release_, ctx_ = o.ctx_, token_ = o.token_;
      o.release_ = nullptr, o.data_ = nullptr, o.size_ = 0;
    }
    return *this;
  }
  Message(const Message&) = delete;
  Message& operator=(const Message&) = delete;
  ~Message() { release(); }

  const void* data() const { return data_; }
  void* data() { return data_; }
  size_t size() const { return size_; }
  // The endpoint it came from (a server replies to it) and its sequence number there.
  unsigned peer() const { return peer_; }
  uint64_t seq() const { return seq_; }
  bool empty() const { return data_ == nullptr && release_ == nullptr; }

  void release() {
    if (release_) release_(data_, ctx_, token_);
    release_ = nullptr, data_ = nullptr, size_ = 0;
  }

 private:
  void* data_ = nullptr;
  size_t size_ = 0;
  unsigned peer_ = 0;
  uint64_t seq_ = 0;
  Release release_ = nullptr;
  void* ctx_ = nullptr;
  uint64_t token_ = 0;
};

}  // namespace smvn::ipc
