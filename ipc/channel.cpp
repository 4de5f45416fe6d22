#include <unistd.h>

#include "ipc/fabric.h"
#include "ipc/ipc.h"
#include "ipc/name_registry.h"
#include "ipc/shm_fabric.h"
#include "ipc/stream_fabric.h"
#include "ipc/thread_fabric.h"

namespace smvn::ipc {

namespace {

const char* transport_label(Transport t) {
  switch (t) {
    case Transport::Auto: return "auto";
    case Transport::LockFreeQueue: return "lock-free-queue";
    case Transport::SharedMemory: return "shared-memory";
    case Transport::Pipe: return "pipe";
    case Transport::UnixSocket: return "unix-socket";
    case Transport::Tcp: return "tcp";
    case Transport::Vmsplice: return "pipe-vmsplice";
    case Transport::CrossMemory: return "pipe-cma";
  }
  return "?";
}

void validate(const std::string& name, const ChannelOptions& o) {
  if (name.empty()) throw Error(Errc::Unsupported, "smvn-ipc: a channel needs a name");
  if (o.asynchrony < 1) throw Error(Errc::Unsupported, "smvn-ipc: channel '" + name + "': asynchrony must be at least 1");
  if (o.max_endpoints < 1 || o.max_endpoints > 1024)
    throw Error(Errc::Unsupported, "smvn-ipc: channel '" + name + "': max_endpoints must be in [1, 1024]");
}

// The local transport for a channel that did not name one, by its message size. Shared
// memory is the fastest at every size up to 1 MB (./smvn ipc-bench --sizes: no other
// transport's curve crosses it), but every slot is max_message bytes and there are
// asynchrony + max_endpoints of them: beyond kLargestSlot a one-to-one channel takes the
// cross-memory-attach pipe instead (one copy, no slot memory; a pipe when ptrace is not
// permitted). Many-to-many channels need the shared queue whatever the size.
constexpr size_t kLargestSlot = 64u << 20;
Transport auto_local(const ChannelOptions& o) {
  if (o.topology == Topology::OneToOne && o.max_message > kLargestSlot) return Transport::CrossMemory;
  return Transport::SharedMemory;
}

}  // namespace

Channel::Channel(const std::string& name, Context context, ChannelOptions options)
    : name_(name), context_(context), options_(std::move(options)) {
  validate(name_, options_);
  Transport t = options_.transport;
  auto refuse = [&](const char* why) {
    throw Error(Errc::Unsupported, "smvn-ipc: channel '" + name_ + "': transport " + transport_label(t) + " " + why);
  };
  switch (context_) {
    case Context::Thread:
      if (t != Transport::Auto && t != Transport::LockFreeQueue) refuse("is not a thread transport");
      claim_thread_name(name_);
      fabric_ = make_thread_fabric(name_, options_);
      break;
    case Context::LocalProcess:
      if (t == Transport::Auto) t = auto_local(options_);
      if (t == Transport::LockFreeQueue) refuse("works between threads only");
      name_fd_ = claim_local_name(name_);
      try {
        if (t == Transport::SharedMemory)
          fabric_ = make_shm_fabric(name_, options_);
        else
          fabric_ = make_stream_fabric(name_, options_, t);
      } catch (...) {
        close(name_fd_);
        throw;
      }
      break;
    case Context::DistributedProcess:
      if (t == Transport::Auto) t = Transport::Tcp;
      if (t != Transport::Tcp) refuse("does not reach other machines");
      fabric_ = make_stream_fabric(name_, options_, t);
      break;
  }
}

Channel::~Channel() {
  if (context_ == Context::Thread) release_thread_name(name_);
  if (name_fd_ >= 0) close(name_fd_);
}

const char* Channel::transport() const { return fabric_->transport_name(); }

}  // namespace smvn::ipc
