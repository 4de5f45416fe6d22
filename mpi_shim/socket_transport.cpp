#include "mpi_shim/socket_transport.h"

#include <stdexcept>
#include <string>

#include "models/core.h"

namespace smvn::mpi {

int SocketTransport::socket(int peer) const {
  if (peer < 0 || std::size_t(peer) >= sockets_.size() || sockets_[std::size_t(peer)] < 0)
    throw std::out_of_range("socket transport: no connection to rank " + std::to_string(peer));
  return sockets_[std::size_t(peer)];
}

std::size_t SocketTransport::write_some(int peer, const void* buf, std::size_t n, Memory m) {
  core_.poll_interrupts();
  return stack_.send(core_, socket(peer), buf, n, m == Memory::Library);
}

std::size_t SocketTransport::read_some(int peer, void* buf, std::size_t n, Memory m) {
  core_.poll_interrupts();
  return stack_.recv(core_, socket(peer), buf, n, m == Memory::Library);
}

std::size_t SocketTransport::readable(int peer) const { return stack_.readable(socket(peer)); }

void SocketTransport::wait() { stack_.wait(core_); }

double SocketTransport::now() const { return core_.now().to_seconds(); }

void SocketTransport::compute(uint64_t instructions) {
  core_.exec(instructions);
  core_.poll_interrupts();
}

void SocketTransport::sleep_for(double seconds) {
  if (!(seconds > 0)) return;
  const sc_core::sc_time deadline = core_.now() + sc_core::sc_time(seconds, sc_core::SC_SEC);
  // Each true return took (and served) an interrupt before the deadline; sleep on.
  while (core_.wait_for_interrupt_until(deadline)) {
  }
}

std::vector<std::vector<int>> connect_all(net::NetStack& stack, const std::vector<unsigned>& cores) {
  const std::size_t n = cores.size();
  std::vector<std::vector<int>> table(n, std::vector<int>(n, -1));
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      const auto [sa, sb] = stack.connect(cores[a], cores[b]);
      table[a][b] = sa;
      table[b][a] = sb;
    }
  return table;
}

}  // namespace smvn::mpi
