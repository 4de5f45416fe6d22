/* Built from two objects compiled separately with -c, -I and -D, linked with -lm. */
#include <stdlib.h>
#include <mpi.h>
#include "multi_util.h"

#if MPI_VERSION < 3
#error "OMB needs MPI_VERSION >= 3"
#endif

int main(int argc, char **argv) {
  if (argc < 3) return -1;
  return (int)(hypotenuse(atof(argv[1]), atof(argv[2])) * SCALE);
}
