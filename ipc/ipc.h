// smvn-ipc: message passing between threads and processes with channels and sockets (the
// model of "Inter-process communication on steroids", ATLAS 2012). A channel has a name,
// a context (threads of one process, processes of one machine, processes anywhere), a
// topology and a bound on buffered messages; each end attaches a socket of a pattern:
//
//   client / server       request and reply; a server serves many clients and replies
//                         to the one it heard from, or to a named client
//   producer / consumer   push and pull, load-balanced across consumers
//
// Made for fork: a local-process channel lives in anonymous shared memory (or inherited
// descriptors) created by the constructor, so a channel made before fork() works in the
// children and nothing is left in /dev/shm or /tmp, even after a crash. The library
// starts no threads. A socket belongs to the process that made it: make sockets after
// fork, in the process that uses them.
//
// Errors are ipc::Error (errors.h) with a code: Timeout, PeerDied (with the messages the
// peer never acknowledged), NameTaken, MessageTooLarge, ChannelFull, Unsupported,
// WrongProcess, System.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ipc/errors.h"
#include "ipc/message.h"

namespace smvn::ipc {

class Fabric;
enum class Role : uint32_t;

enum class Context { Thread, LocalProcess, DistributedProcess };
enum class Topology { OneToOne, ManyToMany };
// Auto: threads get the lock-free queue; local processes the SMVN lists in shared memory
// (the fastest here at every size up to 1 MB: ./smvn ipc-bench --sizes), except one-to-one
// channels whose max_message exceeds 64 MiB, which take CrossMemory (no slots of that size
// to reserve); distributed processes TCP.
// Vmsplice and CrossMemory are pipes that carry messages of 64 KiB and more with one
// copy (bulk_move.h); both are one-to-one, like Pipe and UnixSocket.
enum class Transport { Auto, LockFreeQueue, SharedMemory, Pipe, UnixSocket, Tcp, Vmsplice, CrossMemory };
enum class Semantics { Copy, Move };

struct ChannelOptions {
  Topology topology = Topology::ManyToMany;
  unsigned asynchrony = 16;        // messages buffered before a sender blocks (k)
  size_t max_message = 1 << 20;    // largest message (the shared-memory slot size)
  unsigned max_endpoints = 16;     // sockets attached at once (shared memory)
  Transport transport = Transport::Auto;
  std::string address;             // distributed: "host:port" (the server binds it)
  // How long a receiver with nothing to take busy-waits before it sleeps on its futex
  // (shared memory; ipc/spin.h says why it is short). 0: sleep at once.
  std::chrono::nanoseconds spin = std::chrono::microseconds(10);
};

class Channel {
 public:
  // NameTaken when NAME is in use: within this process (threads), on this machine (local
  // processes: an abstract AF_UNIX name, which vanishes with its last descriptor), or its
  // TCP port (distributed).
  Channel(const std::string& name, Context context, ChannelOptions options = {});
  ~Channel();
  Channel(const Channel&) = delete;
  Channel& operator=(const Channel&) = delete;

  const std::string& name() const { return name_; }
  Context context() const { return context_; }
  const ChannelOptions& options() const { return options_; }
  const char* transport() const;

  std::shared_ptr<Fabric> fabric() const { return fabric_; }

 private:
  std::string name_;
  Context context_;
  ChannelOptions options_;
  std::shared_ptr<Fabric> fabric_;
  int name_fd_ = -1;  // holds the name (abstract socket), inherited by children
};

// A buffer in the channel's own memory, for zero-copy sends (shared memory: a pool slot,
// which the receiver reads in place). Move-only; returned to the pool unless sent.
class Buffer {
 public:
  Buffer() = default;
  Buffer(Buffer&& o) noexcept;
  Buffer& operator=(Buffer&& o) noexcept;
  ~Buffer();
  void* data() { return data_; }
  size_t size() const { return size_; }
  void resize(size_t n);  // within the allocation (Unsupported beyond it)

 private:
  friend class Socket;
  void reset();  // gives the bytes back (pool slot or heap)
  std::shared_ptr<Fabric> fabric_;
  void* data_ = nullptr;
  size_t size_ = 0, capacity_ = 0;
  bool pooled_ = false;
};

class Socket {
 public:
  virtual ~Socket();
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  const std::string& name() const { return name_; }
  unsigned endpoint() const { return ep_; }

  // A buffer to fill and send without a copy where the transport allows it.
  Buffer allocate(size_t size);
  // Waits up to TIMEOUT for a message; nullopt on timeout. PeerDied when the peers it
  // depends on went away.
  std::optional<Message> try_receive(std::chrono::milliseconds timeout);
  // Copies the next message into BUF; MessageTooLarge (the message stays queued for a
  // larger buffer) when it does not fit. Returns its size.
  size_t receive(void* buf, size_t capacity);
  size_t try_receive(void* buf, size_t capacity, std::chrono::milliseconds timeout);  // Timeout error

 protected:
  Socket(Channel& ch, Role role, const std::string& name, Semantics sem, Deallocator dealloc, void* hint);
  uint64_t send_to(unsigned list, const void* data, size_t size);
  uint64_t send_to(unsigned list, Buffer&& buf);
  Message receive_message(std::optional<std::chrono::milliseconds> timeout);
  size_t deliver(Message&& m, void* buf, size_t capacity);
  unsigned my_list() const;
  void check_process() const;

  friend int wait_any(const std::vector<Socket*>&, std::chrono::milliseconds);
  std::shared_ptr<Fabric> fabric_;
  std::string channel_, name_;
  Role role_;
  Semantics semantics_;
  Deallocator dealloc_;
  void* hint_;
  unsigned ep_ = 0;
  int pid_ = 0;
  unsigned last_from_ = 0;  // the endpoint the last message came from (a server's reply goes there)
  Message pending_;  // a message taken but not yet handed out (too large; wait_any)
};

class ServerSocket : public Socket {
 public:
  ServerSocket(Channel& ch, Semantics sem = Semantics::Copy, Deallocator d = nullptr, void* hint = nullptr);
  Message receive() { return receive_message(std::nullopt); }
  using Socket::receive;
  using Socket::try_receive;
  // To the client the last request came from.
  uint64_t reply(const void* data, size_t size) { return Socket::send_to(last_peer(), data, size); }
  uint64_t reply(Buffer&& b) { return Socket::send_to(last_peer(), std::move(b)); }
  uint64_t send_to(unsigned client, Buffer&& b) { return Socket::send_to(client, std::move(b)); }
  // To a client by its name (Unsupported naming it when no such client is attached).
  uint64_t send_to(const std::string& client, const void* data, size_t size);
  uint64_t send_to(unsigned client, const void* data, size_t size) { return Socket::send_to(client, data, size); }
  std::string peer_name(unsigned ep) const;

 private:
  unsigned last_peer() const;
};

class ClientSocket : public Socket {
 public:
  ClientSocket(Channel& ch, const std::string& name, Semantics sem = Semantics::Copy, Deallocator d = nullptr,
               void* hint = nullptr);
  uint64_t send(const void* data, size_t size) { return send_to(0, data, size); }
  uint64_t send(Buffer&& b) { return send_to(0, std::move(b)); }
  Message receive() { return receive_message(std::nullopt); }
  using Socket::receive;
  using Socket::try_receive;
};

class ProducerSocket : public Socket {
 public:
  explicit ProducerSocket(Channel& ch, Semantics sem = Semantics::Copy, Deallocator d = nullptr, void* hint = nullptr);
  uint64_t send(const void* data, size_t size) { return send_to(0, data, size); }
  uint64_t send(Buffer&& b) { return send_to(0, std::move(b)); }
};

class ConsumerSocket : public Socket {
 public:
  explicit ConsumerSocket(Channel& ch);
  Message receive() { return receive_message(std::nullopt); }
  using Socket::receive;
  using Socket::try_receive;
};

// Waits until one of SOCKETS has a message; returns its index (the next receive on it
// returns that message at once), or -1 at TIMEOUT.
int wait_any(const std::vector<Socket*>& sockets, std::chrono::milliseconds timeout);

}  // namespace smvn::ipc
