/* Defines a function that the test executable also defines and exports (as a profiling
 * wrapper defines MPI_Send while the simulator exports MPI_Send): the program's own
 * calls must reach its own definition (smvn-mpicc links with -Bsymbolic). */
int smvn_test_shadowed(void) { return 2; }

int smvn_test_from_host(void);  /* defined only by the test executable */

int main(void) { return 10 * smvn_test_shadowed() + smvn_test_from_host(); }
