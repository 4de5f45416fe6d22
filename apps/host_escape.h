// The way out of a simulation that can no longer continue on its own: a rank program
// that faults (a bad pointer, a stack overflow into the guard page SystemC puts below
// every thread's stack, a division by zero, abort() inside libc, raise()), or that loops
// in its own code and never comes back into the simulator when the host time limit or
// Ctrl-C asks the run to stop (apps/watchdog.h).
//
// Simulation::run arms the escape with sigsetjmp before sc_start; the handlers below run
// on an alternate signal stack (a stack overflow leaves none), record what happened in
// plain variables, and siglongjmp back to Simulation::run on the main stack. From there
// the kernel is never resumed: the run's statistics are written, its temporary files
// removed and the process ends with _Exit (the faulted rank's frames, its program's
// destructors and SystemC's own are never run). Outside an armed run the handlers give
// the signal its default action, so a simulator bug still dumps core as it would.
#pragma once

#include <csetjmp>
#include <cstdint>
#include <string>

namespace smvn {

struct HostEscapeInfo {
  enum class Kind { None, Fault, Watchdog } kind = Kind::None;
  int signal = 0;          // the fault's signal (SIGSEGV, ...), or the watchdog's reason signal
  int code = 0;            // siginfo si_code
  uintptr_t address = 0;   // the faulting address (si_addr)
  uintptr_t pc = 0;        // where the program was
  uintptr_t sp = 0;        // its stack pointer
  bool in_rank_code = false;  // pc lies in a loaded rank program's code
};

namespace host_escape {

// Installs the handlers (once per process; idempotent) and the alternate signal stack
// of the calling thread (the one that runs the SystemC kernel).
void install();

// The jump buffer Simulation::run fills with sigsetjmp(buffer(), 1) before sc_start.
sigjmp_buf& buffer();
// Between arm() and disarm() a fault or the watchdog's signal jumps to buffer().
void arm();
void disarm();
bool armed();

// What made the last escape (kind None if there was none).
HostEscapeInfo last();

// Code of a loaded rank program copy, [begin, end): the watchdog interrupts a runaway
// rank only while it is in its own code (never inside malloc or the simulator, whose
// locks and data would be left half-updated), and fault reports say where the pc was.
void add_rank_code(uintptr_t begin, uintptr_t end);
void clear_rank_code();

// The watchdog's request: jump out at the next signal that finds the program in rank
// code, or (FORCE) wherever it is. REASON_SIGNAL is recorded as HostEscapeInfo::signal.
void request_watchdog_escape(int reason_signal, bool force);
// The signal the watchdog sends to the simulation thread.
int watchdog_signal();

// "SIGSEGV (invalid memory access)" and the like.
std::string describe_signal(int sig);
// "address 0x0 (a null pointer)", "the stack's guard page at 0x...": a one-line account
// of INFO for a rank's fault report; STACK_BYTES is the size of the thread's stack.
std::string describe_fault(const HostEscapeInfo& info, uint64_t stack_bytes);

}  // namespace host_escape
}  // namespace smvn
