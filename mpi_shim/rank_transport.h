// What the MPI library needs from the layer below it: for each rank, an ordered, reliable
// byte stream to every other rank, the way MPICH2's ch3:sock channel uses TCP sockets.
// The simulated socket layer (the net stack over SMVN and the loopback device) implements
// it; tests may implement it over host memory.
//
// Every call is made from the calling rank's own SystemC thread, charges simulated time
// on that rank's core, and never blocks except wait(). A rank's messages to itself never
// reach the transport: the MPI library handles them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace smvn::mpi {

// Whose memory a buffer is: the program's own (its send and receive buffers), or the MPI
// library's (headers, small-message staging, unexpected-message buffers). The socket layer
// times copies of the program's buffers from where they are, and the library's, which are
// small, reused at once and laid out by the heap, from a small window per core.
enum class Memory { Program, Library };

class RankTransport {
 public:
  virtual ~RankTransport() = default;

  // Queues up to N bytes of BUF for PEER, in order after everything queued before;
  // returns how many it accepted (0 when the send buffer is full; wait() until space is
  // freed). The bytes are copied before the call returns.
  virtual std::size_t write_some(int peer, const void* buf, std::size_t n, Memory m = Memory::Program) = 0;
  // Moves up to N bytes that have arrived from PEER, in order, into BUF; returns how many.
  virtual std::size_t read_some(int peer, void* buf, std::size_t n, Memory m = Memory::Program) = 0;
  // Bytes from PEER that read_some would return now.
  virtual std::size_t readable(int peer) const = 0;
  // Blocks until something of this rank's connections may have changed (bytes arrived,
  // send space freed), like poll(2) on all its sockets. Spurious returns are allowed.
  virtual void wait() = 0;

  // Simulated time on this rank's core, in seconds.
  virtual double now() const = 0;
  // Charges N instructions of the MPI library's own computation to this rank's core.
  virtual void compute(uint64_t instructions) = 0;
  // The rank sleeps (sleep(3), nanosleep(2)) for SECONDS of simulated time: its core
  // executes nothing but still serves interrupts, as an idle core under a kernel does.
  // Transports without a clock of their own (tests over host memory) cannot.
  virtual void sleep_for(double seconds) {
    (void)seconds;
    throw std::logic_error("this rank transport has no simulated clock to sleep on");
  }
};

}  // namespace smvn::mpi
