// Linked into every executable of the sanitizer build (SMVN_SANITIZE): completes the fiber
// annotations of Debian's SystemC for its main coroutine and for the switch away from a
// thread that has ended.
//
// libsystemc's QuickThreads switch calls __sanitizer_start_switch_fiber(save, bottom,
// size) with the next coroutine's stack, but its main coroutine (sc_main's own stack)
// has no recorded stack: it passes bottom 0 and size 0. ASan then knows no bounds for the
// main stack after the first switch back to it, and every exception, longjmp or noreturn
// call there ("ASan is ignoring requested __asan_handle_no_return ... False positive
// error reports may follow") leaves stale redzones. This definition, found before
// libasan's because the executable comes first in symbol lookup (libsystemc refers to
// the function weakly), passes the main thread's real stack instead and forwards to ASan.
//
// A thread that ends leaves through sc_cor_pkg_qt::abort, which switches stacks with no
// annotation at all, so ASan went on believing it ran on the dead thread's stack. The
// two definitions at the end wrap that switch (the executable exports them, see
// CMakeLists.txt, so libsystemc's vtable and its helper pointer bind to them): the
// start of the switch with the next coroutine's stack, its finish on the other side in
// QuickThreads' abort helper. The stack of a SystemC coroutine is read at the offsets of
// SystemC 2.3.4's sc_cor_qt (m_stack_size at 8, m_stack at 16; its yield reads them there).
#include <dlfcn.h>
#include <pthread.h>

#include <cstddef>

namespace {

using StartSwitch = void (*)(void**, const void*, std::size_t);

const void* g_main_bottom = nullptr;
std::size_t g_main_size = 0;

// At load, on the main thread: its stack as glibc sees it (down to the rlimit).
__attribute__((constructor)) void find_main_stack() {
  pthread_attr_t attr;
  if (pthread_getattr_np(pthread_self(), &attr) != 0) return;
  void* addr = nullptr;
  std::size_t size = 0;
  if (pthread_attr_getstack(&attr, &addr, &size) == 0) {
    g_main_bottom = addr;
    g_main_size = size;
  }
  pthread_attr_destroy(&attr);
}

}  // namespace

extern "C" void __sanitizer_start_switch_fiber(void** fake_stack_save, const void* bottom, std::size_t size) {
  static const StartSwitch real = reinterpret_cast<StartSwitch>(dlsym(RTLD_NEXT, "__sanitizer_start_switch_fiber"));
  if (bottom == nullptr && size == 0) {  // to SystemC's main coroutine
    bottom = g_main_bottom;
    size = g_main_size;
  }
  if (real) real(fake_stack_save, bottom, size);
}

namespace {

struct QtCoroutineView {  // the head of SystemC 2.3.4's sc_cor_qt
  void* vtable;
  std::size_t stack_size;
  void* stack;
};

}  // namespace

extern "C" void __sanitizer_finish_switch_fiber(void* fake_stack_save, const void** bottom_old, std::size_t* size_old);

// sc_core::sc_cor_pkg_qt::abort(sc_core::sc_cor*)
extern "C" void smvn_sc_cor_pkg_qt_abort(void* self, void* next) __asm__("_ZN7sc_core13sc_cor_pkg_qt5abortEPNS_6sc_corE");
extern "C" void smvn_sc_cor_pkg_qt_abort(void* self, void* next) {
  using Abort = void (*)(void*, void*);
  static const Abort real = reinterpret_cast<Abort>(dlsym(RTLD_NEXT, "_ZN7sc_core13sc_cor_pkg_qt5abortEPNS_6sc_corE"));
  const auto* view = static_cast<const QtCoroutineView*>(next);
  // The ending thread's fake stack goes with it (no save).
  __sanitizer_start_switch_fiber(nullptr, view->stack, view->stack_size);
  real(self, next);
}

// QuickThreads calls it on the next coroutine's stack, right after the switch.
extern "C" void* sc_cor_qt_aborthelp(void*, void*, void*) {
  __sanitizer_finish_switch_fiber(nullptr, nullptr, nullptr);
  return nullptr;
}
