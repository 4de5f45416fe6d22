// The MPI library's C++ face for whoever runs an MPI job (mpirun, tests): one World per
// job, one SystemC thread per rank, each bound to its RankTransport.
//
// Use:
//   smvn::mpi::World world(nranks, options);         // before the rank threads start
//   // in rank r's SystemC thread (sc_spawn), before the program's main():
//   world.bind(r, transport_of_rank_r);
//   try { code = program.run(r, argc, argv); }        // RankProgram (program_loader.h)
//   catch (const smvn::mpi::RankAbort& e) { ...; sc_core::sc_stop(); }   // whole job ends
//   if (world.ended(r, code)) sc_core::sc_stop();     // main returned / exit(): stop the job
//                                                     // if it left without MPI_Finalize
// After the simulation: world.exit_status(), world.problems() (one line per rank that did
// not end cleanly), world.abort_info(), world.finalized(r).
//
// Only one World exists at a time (the MPI_* entry points find it through a process-wide
// pointer, as a real MPI library finds its own state); constructing a second one while the
// first lives is an error. The library code and its design are described in
// mpi_shim/mpi_internal.h.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "mpi_shim/rank_transport.h"

namespace smvn::mpi {

// What the library charges, in instructions on the calling rank's core (transport.compute);
// the `mpi.costs` keys of an experiment file (mpi_params.cpp). The system calls the
// library makes (writev, read, poll in MPICH2's ch3:sock) are charged by the socket layer
// (net.costs), not here. No public source gives MPICH2's own per-call path lengths, on a
// Godson-3A or elsewhere; these are guesses, sized so that the library's own work per
// message (call + request + envelope, ~330) stays an order of magnitude below one trip
// through the TCP/IP stack (~9,000, net.costs), as a user-level library that only fills a
// header and walks a short queue must. SimGrid SMPI charges about 10 ns per MPI_Wtime;
// 20 instructions is that order at 525 MHz.
struct CallCosts {
  uint64_t call = 100;          // entry of any communicating call (argument checks, lookups)
  uint64_t wtime = 20;          // MPI_Wtime / MPI_Wtick
  uint64_t test = 20;           // MPI_Test*, MPI_Iprobe: so polling loops advance time
  uint64_t envelope = 150;      // parsing and matching one incoming envelope
  uint64_t per_request = 80;    // creating and completing one request
  // Host-side copies the library itself makes (an unexpected message into the user's
  // buffer, a self-message, a reduction's operands): instructions per 8 bytes (one 64-bit
  // load and one store).
  uint64_t copy_per_8_bytes = 2;
  // Applying a reduction operation: instructions per element.
  uint64_t reduce_per_element = 3;
};

// The rank's own computation between MPI calls (mpi_shim/compute_clock.h): the `mpi.compute`
// keys of an experiment file.
struct ComputeOptions {
  // Off: only the MPI library's own work and communication cost time (sleep() returns at
  // once), as before computation was counted.
  bool enabled = true;
  // Simulated instructions per counted host instruction: the program's host (x86-64)
  // instruction count stands for the GS464's (MIPS64) by default.
  double scale = 1.0;
};

struct WorldOptions {
  // Largest message sent eagerly; larger ones use rendezvous (RTS / CTS / DATA).
  // 256 KiB: MPICH2 ch3:sock's default (REFERENCE.md "MPI over sockets").
  std::size_t eager_limit = 256 * 1024;
  CallCosts costs;
  ComputeOptions compute;
  // MPI_Get_processor_name of rank r: this prefix and r (mpirun may set node names later).
  std::string processor_name_prefix = "smvn-rank";
};

// Why the job stopped early: MPI_Abort, abort(), or an MPI error under
// MPI_ERRORS_ARE_FATAL.
struct AbortInfo {
  int rank = -1;
  int exit_code = 1;     // MPI_Abort's errorcode, or the error class of a fatal error
  std::string message;   // names the function, the rank and the problem
};

class World {
 public:
  explicit World(int nranks, WorldOptions options = {});
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  int size() const;
  const WorldOptions& options() const;

  // Called from rank `rank`'s SystemC thread before it runs the program: from then on,
  // MPI calls made by that thread act as that rank over `transport` (which must outlive
  // the rank's run). Throws std::logic_error on a bad rank, a rank bound twice, or a call
  // from outside a SystemC thread.
  void bind(int rank, RankTransport& transport);

  // Rank RANK's executed-instruction counter (ComputeClock::counter), read at each of its
  // MPI calls: what it grew by since the previous call is charged to the rank's core.
  // nullptr (the default): the rank's computation costs nothing.
  void set_compute_counter(int rank, const volatile uint64_t* counter);
  // Charges the computation counted since the rank's last MPI call now (its main has
  // returned, or it is about to sleep or read the clock). From the rank's own thread.
  void settle_compute(int rank);

  // The runner reports that a rank's main returned or it called exit(code). Returns true
  // when the job must stop now (sc_core::sc_stop()), as mpirun ends a job when a process
  // leaves without MPI_Finalize after MPI_Init: the others could wait for it forever.
  bool ended(int rank, int exit_code);

  bool initialized(int rank) const;
  bool finalized(int rank) const;
  // Exit status given to ended(), if it was called.
  std::optional<int> exit_code(int rank) const;
  // The first abort (MPI_Abort, abort(), fatal MPI error), if any.
  std::optional<AbortInfo> abort_info() const;
  // Records an abort that did not come through the library (abort() in the program): the
  // runner calls this with RankAbort's message. The first abort recorded wins.
  void record_abort(int rank, int exit_code, const std::string& message);

  // The job's exit status, as mpirun gives it: an abort's code; else the status of the
  // first rank that exited non-zero; else 1 if a rank never ended (deadlock); else 0.
  int exit_status() const;

  // One line per rank that did not end cleanly (not finalized, or non-zero status), e.g.
  // "rank 1 exited with status 3 without calling MPI_Finalize"; empty when all is well.
  std::vector<std::string> problems() const;

  // One line per rank that has not ended, naming the MPI call it entered last, e.g.
  // "rank 1 (core 4) waits in MPI_Recv" (CORES: where each rank runs); for a deadlock.
  std::vector<std::string> waiting(const std::vector<unsigned>& cores) const;

  // The World of the job in progress (nullptr if none): the C entry points use this.
  static World* current();

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace smvn::mpi
