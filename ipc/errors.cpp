#include "ipc/errors.h"

#include <cerrno>
#include <cstring>

namespace smvn::ipc {

void throw_errno(const std::string& what) {
  const int e = errno;
  throw Error(Errc::System, "smvn-ipc: " + what + ": " + std::strerror(e));
}

}  // namespace smvn::ipc
