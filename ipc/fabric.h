// What every transport provides to the sockets (socket.cpp): numbered endpoints and
// message lists between them. List 0 is the channel's service list, shared by its
// servers or consumers (load balancing: whoever is free takes the next message); every
// other endpoint owns the list of its own number (a client's replies). Patterns are
// built above this, once; transports differ only here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "ipc/deadline.h"
#include "ipc/message.h"

namespace smvn::ipc {

enum class Role : uint32_t { Server = 1, Client, Producer, Consumer };

// One message to send: the caller's bytes, to be copied, or handed over (DEALLOC set:
// called when the receiver is done, or at once where the transport copied), or a buffer
// the fabric itself allocated (POOLED: zero-copy, the receiver reads it in place).
struct Outgoing {
  const void* data = nullptr;
  size_t size = 0;
  Deallocator dealloc = nullptr;
  void* hint = nullptr;
  bool pooled = false;
};

struct Bell;
// How wait_any sleeps on a list: a doorbell (bell.h) rung when a message arrives, or a
// descriptor that polls readable.
struct WaitHandle {
  Bell* bell = nullptr;
  bool shared = false;
  int fd = -1;
};

class Fabric {
 public:
  virtual ~Fabric() = default;
  virtual const char* transport_name() const = 0;
  virtual size_t max_message() const = 0;

  // Joins as ROLE under NAME; returns the endpoint number (>= 1). ChannelFull when a
  // one-to-one channel already has that side, or no endpoint is free.
  virtual unsigned attach(Role role, const std::string& name) = 0;
  // Leaves cleanly: peers see it gone; what was queued for it is reclaimed.
  virtual void detach(unsigned ep) = 0;

  // Sends from FROM to list TO; blocks while the channel's bound is reached (back-
  // pressure), until DEADLINE (Timeout). Returns the message's sequence number.
  virtual uint64_t send(unsigned from, unsigned to, const Outgoing& m, Nanos deadline) = 0;
  // Takes the next message of LIST for EP; false at DEADLINE. PeerDied when the peers
  // this endpoint depends on are gone (names what it had sent them unacknowledged).
  virtual bool receive(unsigned ep, unsigned list, Nanos deadline, Message& out) = 0;

  // A buffer in the transport's own memory that a send can hand over without a copy;
  // nullptr where the transport has none (the socket then uses the heap).
  virtual void* allocate(unsigned ep, size_t size, Nanos deadline) { return nullptr; }
  virtual void free_allocated(void* data) {}

  virtual std::string peer_name(unsigned ep) const = 0;
  // The endpoint attached under NAME, 0 if none.
  virtual unsigned find_peer(const std::string& name) const = 0;
  virtual WaitHandle wait_handle(unsigned list) = 0;
};

}  // namespace smvn::ipc
