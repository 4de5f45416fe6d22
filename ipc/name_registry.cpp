#include "ipc/name_registry.h"

#include <cerrno>
#include <cstring>
#include <mutex>
#include <set>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ipc/errors.h"

namespace smvn::ipc {

namespace {
std::mutex g_mu;
std::set<std::string>& thread_names() {
  static std::set<std::string> names;
  return names;
}
}  // namespace

void claim_thread_name(const std::string& name) {
  std::lock_guard<std::mutex> g(g_mu);
  if (!thread_names().insert(name).second)
    throw Error(Errc::NameTaken, "smvn-ipc: a thread channel named '" + name + "' exists in this process");
}

void release_thread_name(const std::string& name) {
  std::lock_guard<std::mutex> g(g_mu);
  thread_names().erase(name);
}

int claim_local_name(const std::string& name) {
  const std::string key = "smvn-ipc/" + std::to_string(getuid()) + "/" + name;
  sockaddr_un a{};
  a.sun_family = AF_UNIX;
  if (key.size() + 1 > sizeof a.sun_path)
    throw Error(Errc::Unsupported, "smvn-ipc: channel name '" + name + "' is too long (at most " +
                                       std::to_string(sizeof a.sun_path - key.size() + name.size() - 1) + " bytes)");
  std::memcpy(a.sun_path + 1, key.data(), key.size());  // sun_path[0] = 0: the abstract namespace
  const int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw_errno("socket for the channel name");
  if (bind(fd, reinterpret_cast<sockaddr*>(&a), socklen_t(offsetof(sockaddr_un, sun_path) + 1 + key.size())) < 0) {
    const int e = errno;
    close(fd);
    if (e == EADDRINUSE)
      throw Error(Errc::NameTaken, "smvn-ipc: a local channel named '" + name + "' exists on this machine");
    errno = e;
    throw_errno("binding the channel name '" + name + "'");
  }
  return fd;
}

}  // namespace smvn::ipc
