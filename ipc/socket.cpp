// The patterns, built once above any transport (fabric.h): which list a role sends to
// and receives from, reply routing, pending messages, and the process guard.
#include <cstdlib>
#include <cstring>

#include "ipc/fabric.h"
#include "ipc/ipc.h"
#include "ipc/process.h"

namespace smvn::ipc {

namespace {
void free_heap(void* data, void*) { std::free(data); }
const char* role_name(Role r) {
  switch (r) {
    case Role::Server: return "server";
    case Role::Client: return "client";
    case Role::Producer: return "producer";
    case Role::Consumer: return "consumer";
  }
  return "?";
}
}  // namespace

// --- Buffer ---------------------------------------------------------------------------

Buffer::Buffer(Buffer&& o) noexcept { *this = std::move(o); }
Buffer& Buffer::operator=(Buffer&& o) noexcept {
  if (this != &o) {
    reset();
    fabric_ = std::move(o.fabric_);
    data_ = o.data_, size_ = o.size_, capacity_ = o.capacity_, pooled_ = o.pooled_;
    o.data_ = nullptr, o.size_ = o.capacity_ = 0;
  }
  return *this;
}
Buffer::~Buffer() { reset(); }
void Buffer::reset() {
  if (!data_) return;
  if (pooled_)
    fabric_->free_allocated(data_);
  else
    std::free(data_);
  data_ = nullptr;
}
void Buffer::resize(size_t n) {
  if (n > capacity_)
    throw Error(Errc::Unsupported, "smvn-ipc: a buffer of " + std::to_string(capacity_) + " bytes cannot grow to " +
                                       std::to_string(n));
  size_ = n;
}

// --- Socket ---------------------------------------------------------------------------

Socket::Socket(Channel& ch, Role role, const std::string& name, Semantics sem, Deallocator dealloc, void* hint)
    : fabric_(ch.fabric()), channel_(ch.name()), name_(name), role_(role), semantics_(sem), dealloc_(dealloc),
      hint_(hint) {
  if (sem == Semantics::Move && !dealloc)
    throw Error(Errc::Unsupported, "smvn-ipc: channel '" + channel_ + "': move semantics need a deallocator");
  pid_ = self_pid();
  ep_ = fabric_->attach(role, name);
}

Socket::~Socket() {
  pending_.release();
  // A forked child that inherited this object must not detach its parent's endpoint.
  if (pid_ == self_pid()) fabric_->detach(ep_);
}

void Socket::check_process() const {
  if (pid_ != self_pid())
    throw Error(Errc::WrongProcess, "smvn-ipc: channel '" + channel_ + "': this " + role_name(role_) +
                                        " socket was made by process " + std::to_string(pid_) +
                                        "; make sockets after fork, in the process that uses them");
}

unsigned Socket::my_list() const {
  switch (role_) {
    case Role::Client: return ep_;
    case Role::Server:
    case Role::Consumer: return 0;
    case Role::Producer: break;
  }
  throw Error(Errc::Unsupported, "smvn-ipc: channel '" + channel_ + "': a producer socket does not receive");
}

uint64_t Socket::send_to(unsigned list, const void* data, size_t size) {
  check_process();
  Outgoing o;
  o.data = data;
  o.size = size;
  if (semantics_ == Semantics::Move) o.dealloc = dealloc_, o.hint = hint_;
  return fabric_->send(ep_, list, o, kNever);
}

uint64_t Socket::send_to(unsigned list, Buffer&& buf) {
  check_process();
  Outgoing o;
  o.data = buf.data_;
  o.size = buf.size_;
  o.pooled = buf.pooled_;
  if (!buf.pooled_) o.dealloc = free_heap;  // a heap buffer is handed over (threads read it in place)
  const uint64_t seq = fabric_->send(ep_, list, o, kNever);
  buf.data_ = nullptr;  // sent: it belongs to the receiver now
  return seq;
}

Buffer Socket::allocate(size_t size) {
  check_process();
  Buffer b;
  b.fabric_ = fabric_;
  b.data_ = fabric_->allocate(ep_, size, kNever);
  b.pooled_ = b.data_ != nullptr;
  if (!b.data_) {
    if (size > fabric_->max_message())
      throw Error(Errc::MessageTooLarge, "smvn-ipc: channel '" + channel_ + "': a buffer of " + std::to_string(size) +
                                             " bytes is larger than max_message " +
                                             std::to_string(fabric_->max_message()));
    b.data_ = std::malloc(size ? size : 1);
    if (!b.data_) throw Error(Errc::System, "smvn-ipc: out of memory for a " + std::to_string(size) + "-byte buffer");
  }
  b.size_ = b.capacity_ = size;
  return b;
}

Message Socket::receive_message(std::optional<std::chrono::milliseconds> timeout) {
  auto m = try_receive(timeout ? *timeout : std::chrono::milliseconds::max());
  if (!m) throw Error(Errc::Timeout, "smvn-ipc: channel '" + channel_ + "': nothing arrived in time");
  return std::move(*m);
}

std::optional<Message> Socket::try_receive(std::chrono::milliseconds timeout) {
  check_process();
  if (!pending_.empty()) return std::move(pending_);
  Message m;
  const Nanos deadline = timeout == std::chrono::milliseconds::max() ? kNever : deadline_after(timeout);
  if (!fabric_->receive(ep_, my_list(), deadline, m)) return std::nullopt;
  last_from_ = m.peer();
  return m;
}

size_t Socket::receive(void* buf, size_t capacity) {
  Message m = receive_message(std::nullopt);
  return deliver(std::move(m), buf, capacity);
}

size_t Socket::try_receive(void* buf, size_t capacity, std::chrono::milliseconds timeout) {
  Message m = receive_message(timeout);
  return deliver(std::move(m), buf, capacity);
}

size_t Socket::deliver(Message&& m, void* buf, size_t capacity) {
  if (m.size() > capacity) {
    const size_t n = m.size();
    pending_ = std::move(m);  // not lost: the next receive with room for it gets it
    throw Error(Errc::MessageTooLarge, "smvn-ipc: channel '" + channel_ + "': a message of " + std::to_string(n) +
                                           " bytes does not fit the " + std::to_string(capacity) + "-byte buffer");
  }
  std::memcpy(buf, m.data(), m.size());
  return m.size();
}

// --- the patterns ---------------------------------------------------------------------

ServerSocket::ServerSocket(Channel& ch, Semantics sem, Deallocator d, void* hint)
    : Socket(ch, Role::Server, "server", sem, d, hint) {}

unsigned ServerSocket::last_peer() const {
  if (!last_from_)
    throw Error(Errc::Unsupported, "smvn-ipc: channel '" + channel_ + "': a server replies only after a request");
  return last_from_;
}

uint64_t ServerSocket::send_to(const std::string& client, const void* data, size_t size) {
  const unsigned ep = fabric_->find_peer(client);
  if (!ep) throw Error(Errc::PeerDied, "smvn-ipc: channel '" + channel_ + "': no client named '" + client + "'");
  return Socket::send_to(ep, data, size);
}

std::string ServerSocket::peer_name(unsigned ep) const { return fabric_->peer_name(ep); }

ClientSocket::ClientSocket(Channel& ch, const std::string& name, Semantics sem, Deallocator d, void* hint)
    : Socket(ch, Role::Client, name, sem, d, hint) {}

ProducerSocket::ProducerSocket(Channel& ch, Semantics sem, Deallocator d, void* hint)
    : Socket(ch, Role::Producer, "producer", sem, d, hint) {}

ConsumerSocket::ConsumerSocket(Channel& ch) : Socket(ch, Role::Consumer, "consumer", Semantics::Copy, nullptr, nullptr) {}

}  // namespace smvn::ipc
