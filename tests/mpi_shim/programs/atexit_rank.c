/* Registers an atexit handler that reports this rank's value to the test. */
#include <stdlib.h>
#include <mpi.h>

void smvn_test_atexit_ran(int value);  /* defined by the test executable */

static int my_value;
static void report(void) { smvn_test_atexit_ran(my_value); }

int main(int argc, char **argv) {
  my_value = argc > 1 ? atoi(argv[1]) : 0;
  atexit(report);
  if (my_value == 3) exit(3);
  return 0;
}
