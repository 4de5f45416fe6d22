#include "apps/host_escape.h"

#include <signal.h>
#include <ucontext.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/core.h>

#if defined(__SANITIZE_ADDRESS__)
#define SMVN_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SMVN_UNDER_ASAN 1
#endif
#endif

namespace smvn::host_escape {
namespace {

#ifdef SMVN_UNDER_ASAN
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif

// The signals whose default action ends the process and that a program may cause or
// raise (SIGINT and SIGTERM are the run monitor's; SIGPIPE is ignored: a closed pipe is
// an EPIPE, and SIGUSR2 is the watchdog's).
constexpr int kFaultSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGSYS,
                                 SIGQUIT, SIGHUP, SIGUSR1, SIGALRM, SIGXCPU, SIGXFSZ};
constexpr int kWatchdogSignal = SIGUSR2;

sigjmp_buf g_jump;
volatile sig_atomic_t g_armed = 0;
volatile sig_atomic_t g_watch_reason = 0;  // the signal that asked for the stop (SIGINT, SIGALRM for the limit)
volatile sig_atomic_t g_watch_force = 0;
HostEscapeInfo g_info;  // written only by a handler that then jumps, read after the jump

// Rank code ranges, fixed-size so a handler can read them without locks or allocation.
struct Range {
  uintptr_t begin, end;
};
constexpr int kMaxRanges = 8192;
Range g_ranges[kMaxRanges];
volatile sig_atomic_t g_range_count = 0;

bool in_rank_code(uintptr_t pc) {
  for (int i = 0; i < g_range_count; ++i)
    if (pc >= g_ranges[i].begin && pc < g_ranges[i].end) return true;
  return false;
}

void fill(HostEscapeInfo& info, const siginfo_t* si, const void* context) {
  info.code = si ? si->si_code : 0;
  info.address = si ? reinterpret_cast<uintptr_t>(si->si_addr) : 0;
  const auto* uc = static_cast<const ucontext_t*>(context);
#if defined(__x86_64__)
  info.pc = uintptr_t(uc->uc_mcontext.gregs[REG_RIP]);
  info.sp = uintptr_t(uc->uc_mcontext.gregs[REG_RSP]);
#elif defined(__aarch64__)
  info.pc = uintptr_t(uc->uc_mcontext.pc);
  info.sp = uintptr_t(uc->uc_mcontext.sp);
#else
  (void)uc;
#endif
  info.in_rank_code = in_rank_code(info.pc);
}

void on_fault(int sig, siginfo_t* si, void* context) {
  if (!g_armed) {
    // Not inside a run: the default action, as if no handler had been installed (the
    // signal is blocked in here, so the raise is delivered as this handler returns; a
    // hardware fault would also recur at its instruction).
    struct sigaction dfl {};
    dfl.sa_handler = SIG_DFL;
    sigemptyset(&dfl.sa_mask);
    sigaction(sig, &dfl, nullptr);
    raise(sig);
    return;
  }
  g_armed = 0;
  HostEscapeInfo info;
  info.kind = HostEscapeInfo::Kind::Fault;
  info.signal = sig;
  fill(info, si, context);
  g_info = info;
  siglongjmp(g_jump, 1);
}

void on_watchdog(int, siginfo_t* si, void* context) {
  if (!g_armed || g_watch_reason == 0) return;
  HostEscapeInfo info;
  info.kind = HostEscapeInfo::Kind::Watchdog;
  info.signal = g_watch_reason;
  fill(info, si, context);
  if (!info.in_rank_code && !g_watch_force) return;  // the watchdog tries again shortly
  g_armed = 0;
  g_info = info;
  siglongjmp(g_jump, 1);
}

}  // namespace

void install() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  // Under AddressSanitizer its own handlers report a fault, with the stack, which is
  // what a sanitizer build is for; only the watchdog's signal is ours.
  constexpr bool kCatchFaults = !kUnderAsan;
  // The alternate stack: a handler for an overflowed stack cannot run on that stack.
  static std::vector<char> alt(std::size_t(SIGSTKSZ) * 8 + 65536);
  stack_t ss{};
  ss.ss_sp = alt.data();
  ss.ss_size = alt.size();
  if (kCatchFaults) sigaltstack(&ss, nullptr);

  struct sigaction sa {};
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sa.sa_sigaction = on_fault;
  if (kCatchFaults)
    for (int s : kFaultSignals) sigaction(s, &sa, nullptr);
  sa.sa_sigaction = on_watchdog;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
  sigaction(kWatchdogSignal, &sa, nullptr);
}

sigjmp_buf& buffer() { return g_jump; }
void arm() {
  g_info = HostEscapeInfo{};
  g_watch_reason = 0;
  g_watch_force = 0;
  g_armed = 1;
}
void disarm() { g_armed = 0; }
bool armed() { return g_armed != 0; }
HostEscapeInfo last() { return g_info; }

void add_rank_code(uintptr_t begin, uintptr_t end) {
  const int n = g_range_count;
  if (n >= kMaxRanges) return;  // beyond: such a rank is stopped only by force
  g_ranges[n] = Range{begin, end};
  g_range_count = n + 1;
}
void clear_rank_code() { g_range_count = 0; }

void request_watchdog_escape(int reason_signal, bool force) {
  g_watch_force = force ? 1 : 0;
  g_watch_reason = reason_signal;
}
int watchdog_signal() { return kWatchdogSignal; }

std::string describe_signal(int sig) {
  switch (sig) {
    case SIGSEGV: return "SIGSEGV (invalid memory access)";
    case SIGBUS: return "SIGBUS (bus error)";
    case SIGFPE: return "SIGFPE (arithmetic exception)";
    case SIGILL: return "SIGILL (illegal instruction)";
    case SIGABRT: return "SIGABRT (abort)";
    case SIGTRAP: return "SIGTRAP (trap)";
    case SIGSYS: return "SIGSYS (bad system call)";
    case SIGINT: return "SIGINT (interrupt)";
    case SIGTERM: return "SIGTERM (termination request)";
    case SIGUSR1: return "SIGUSR1 (user signal 1)";
    case SIGQUIT: return "SIGQUIT (quit)";
    case SIGHUP: return "SIGHUP (hangup)";
    default: return fmt::format("signal {} ({})", sig, strsignal(sig));
  }
}

std::string describe_fault(const HostEscapeInfo& info, uint64_t stack_bytes) {
  const std::string where =
      fmt::format("pc 0x{:x}{}", info.pc, info.in_rank_code ? " in the rank's program" : " outside the rank's program "
                                                                                          "(in the simulator or a library)");
  // abort() raises SIGABRT itself, so it reads as sent by the program: said first.
  if (info.signal == SIGABRT) return fmt::format("abort (a failed assert(), or abort() called from a library); {}", where);
  const bool user_sent = info.code == SI_USER || info.code == SI_TKILL || info.code == SI_QUEUE;
  if (user_sent) return fmt::format("{} raised by the program (raise or kill); {}", describe_signal(info.signal), where);
  switch (info.signal) {
    case SIGSEGV:
    case SIGBUS: {
      // A guard-page hit is just below (or at) the stack pointer; the compiler's stack
      // clash probes (smvn-mpicc) make even a huge frame touch the guard first.
      const bool near_sp = info.address <= info.sp + 4096 && info.sp - info.address <= (uintptr_t(1) << 20);
      if (near_sp)
        return fmt::format("stack overflow at address 0x{:x}: the rank used all of its {}-byte stack "
                           "(sim.stack_size) and hit the guard page below it; {}",
                           info.address, stack_bytes, where);
      if (info.address < 65536)
        return fmt::format("invalid memory access at address 0x{:x} (a null pointer); {}", info.address, where);
      return fmt::format("invalid memory access at address 0x{:x}; {}", info.address, where);
    }
    case SIGFPE:
      return fmt::format("arithmetic exception at 0x{:x}{}; {}", info.address,
                         info.code == FPE_INTDIV ? " (integer division by zero)" : "", where);
    default:
      return fmt::format("{} at address 0x{:x}; {}", describe_signal(info.signal), info.address, where);
  }
}

}  // namespace smvn::host_escape
