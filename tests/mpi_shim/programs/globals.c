/* Mutable globals of three kinds; every rank must see only its own. argv[1] is the
 * step this run adds. */
#include <stdlib.h>
#include <mpi.h>

int counter;          /* exported global */
static int table[8];  /* file-static array */

static int bump(void) {
  static int calls;   /* function-static */
  return ++calls;
}

int table_sum(void) {
  int s = 0;
  for (int i = 0; i < 8; ++i) s += table[i];
  return s;
}

int main(int argc, char **argv) {
  int step = argc > 1 ? atoi(argv[1]) : 1;
  int calls = 0;
  counter += step;
  for (int i = 0; i < 8; ++i) table[i] += step * i;
  for (int i = 0; i < step; ++i) calls = bump();
  return calls;
}
