// RankTransport (the MPI library's view of the network) over the simulated sockets: one
// connected TCP socket from each rank to every other rank, as MPICH2's ch3:sock channel
// keeps them. The calls run on the rank's core; a rank that polls takes the interrupts
// pending for its core at each call, where a real core would have been interrupted.
#pragma once

#include <vector>

#include "mpi_shim/net_stack.h"
#include "mpi_shim/rank_transport.h"

namespace smvn::mpi {

class SocketTransport : public RankTransport {
 public:
  // SOCKETS[peer] is this rank's socket to PEER (-1 for itself).
  SocketTransport(net::NetStack& stack, Core& core, std::vector<int> sockets)
      : stack_(stack), core_(core), sockets_(std::move(sockets)) {}

  std::size_t write_some(int peer, const void* buf, std::size_t n, Memory m = Memory::Program) override;
  std::size_t read_some(int peer, void* buf, std::size_t n, Memory m = Memory::Program) override;
  std::size_t readable(int peer) const override;
  void wait() override;
  double now() const override;
  void compute(uint64_t instructions) override;
  void sleep_for(double seconds) override;

  Core& core() { return core_; }

 private:
  int socket(int peer) const;
  net::NetStack& stack_;
  Core& core_;
  std::vector<int> sockets_;
};

// Connects every pair of ranks (CORES[r] is rank r's global core) and returns each
// rank's socket table for SocketTransport. Set-up time, before the simulation.
std::vector<std::vector<int>> connect_all(net::NetStack& stack, const std::vector<unsigned>& cores);

}  // namespace smvn::mpi
