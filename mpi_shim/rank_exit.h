// How a rank program ends without ending the simulator.
//
// smvn-mpicc links every rank program with -Wl,--wrap=SYMBOL for exit, _exit, _Exit,
// quick_exit and abort, so the program's calls to them become calls to __wrap_SYMBOL,
// left undefined in the program and resolved at load time to the definitions in
// program_loader.cpp (exported by the simulator executable). Those throw one of the
// exceptions below; the program is compiled with -fexceptions, so the exception unwinds
// through its C frames (running __attribute__((cleanup)) handlers) up to RankProgram::run.
//
//   exit(n), _exit(n), _Exit(n), quick_exit(n)  -> RankExit{n}: run() returns n; the
//                                                   other ranks go on.
//   abort()                                     -> RankAbort: run() lets it propagate,
//                                                   so the whole job stops, as mpirun
//                                                   stops a job when one process aborts.
//                                                   MPI_Abort should throw it too.
//
// What is not caught: exit() called from inside the C library itself (error(3) with a
// non-zero status, a failed assert(), which aborts inside libc): those end the simulator
// process. atexit() handlers of a rank are not run when the rank exits: atexit in a
// shared object registers with the object's __dso_handle, so glibc runs a rank copy's
// handlers when that copy is unloaded (RankProgram's destructor), once per copy that
// registered them, with that copy's globals. stdio buffers are the simulator's and are
// flushed when the simulator exits.
#pragma once

#include <stdexcept>
#include <string>

namespace smvn::mpi {

// Not derived from std::exception on purpose: simulator code between the rank program
// and RankProgram::run that catches std::exception must not swallow a rank's exit.
struct RankExit {
  int code;
};

class RankAbort : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace smvn::mpi
