/* Four ranks in SystemC threads that switch to each other at every step (the test
 * fixture's smvn_test_yield waits 1 ns, as an MPI call would). argv[1] is the step. */
#include <stdlib.h>
#include <mpi.h>

void smvn_test_yield(void);  /* defined by the test executable */

int progress;
static int history[16];
int history_at(int i) { return history[i]; }

int main(int argc, char **argv) {
  int step = argc > 1 ? atoi(argv[1]) : 1;
  for (int i = 0; i < 16; ++i) {
    progress += step;
    history[i] = progress;
    smvn_test_yield();
    if (i == 7 && step == 2) exit(42);  /* mid-run, on a SystemC thread's stack */
  }
  return progress;
}
