/* Ends its rank in the way argv[1] names. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <mpi.h>

static int cleanups;
int cleanups_run(void) { return cleanups; }
static void count_cleanup(int *p) { (void)p; ++cleanups; }

/* Called through a pointer the compiler cannot see through, so it may throw (glibc
 * declares exit() itself nothrow, and frames that call it directly get no landing
 * pads): the cleanups below must run while the rank's exit unwinds. */
void (*volatile exit_via)(int) = exit;

__attribute__((noinline)) static int leave_deep(int depth, int code) {
  int guard __attribute__((cleanup(count_cleanup))) = depth;
  if (depth == 0) {
    exit_via(code);
    return -1; /* not reached */
  }
  return leave_deep(depth - 1, code) + guard;
}

static int cmp_then_exit(const void *a, const void *b) {
  (void)a; (void)b;
  exit(8);
}

int main(int argc, char **argv) {
  const char *how = argc > 1 ? argv[1] : "return";
  if (strcmp(how, "exit") == 0) exit(3);
  if (strcmp(how, "_exit") == 0) _exit(4);
  if (strcmp(how, "_Exit") == 0) _Exit(5);
  if (strcmp(how, "quick_exit") == 0) quick_exit(6);
  if (strcmp(how, "abort") == 0) abort();
  if (strcmp(how, "deep") == 0) return leave_deep(3, 9);
  if (strcmp(how, "qsort") == 0) {  /* exit from a callback, through libc's frames */
    int v[4] = {3, 1, 2, 0};
    qsort(v, 4, sizeof v[0], cmp_then_exit);
  }
  return 7;
}
