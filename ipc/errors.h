// The library's errors: one exception type with a code, so C++ callers can catch what
// they expect and the C API can map each to a return value. Every message names the
// channel and, where there is one, the peer.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace smvn::ipc {

enum class Errc {
  Timeout,          // nothing arrived before the deadline
  PeerDied,         // the other side went away (crashed, exited, or closed its socket)
  NameTaken,        // a channel of that name exists (in this process tree, machine or port)
  MessageTooLarge,  // larger than the receiver's buffer or the channel's max_message
  ChannelFull,      // a one-to-one channel already has both ends, or no endpoint is free
  Unsupported,      // the transport cannot do what was asked (says which and why)
  WrongProcess,     // a socket used in a process other than the one that made it (after fork)
  System,           // a system call failed (errno in the message)
};

class Error : public std::runtime_error {
 public:
  Error(Errc code, const std::string& what) : std::runtime_error(what), code_(code) {}
  Errc code() const { return code_; }

 private:
  Errc code_;
};

// A peer went away. UNACKNOWLEDGED are the sequence numbers of the messages this socket
// had sent to it that it never released (still queued for it, or held by it when it
// died): the caller may reissue them; the library has already reclaimed their memory.
class PeerDied : public Error {
 public:
  PeerDied(const std::string& what, std::string peer, std::vector<uint64_t> unacknowledged)
      : Error(Errc::PeerDied, what), peer_(std::move(peer)), unacked_(std::move(unacknowledged)) {}
  const std::string& peer() const { return peer_; }
  const std::vector<uint64_t>& unacknowledged() const { return unacked_; }

 private:
  std::string peer_;
  std::vector<uint64_t> unacked_;
};

[[noreturn]] void throw_errno(const std::string& what);

}  // namespace smvn::ipc
