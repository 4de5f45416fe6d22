/* Linked into every rank program by smvn-mpicc, and compiled without the instrumentation
 * it serves: the instruction counter that makes a rank's own computation cost simulated
 * time (mpi_shim/compute_clock.h).
 *
 * smvn-mpicc compiles the program with -fsanitize-coverage=trace-pc, so GCC (or clang)
 * puts a call to __sanitizer_cov_trace_pc() at the start of every basic block of the
 * optimised code. The call's return address identifies the block; after linking,
 * smvn-mpicc counts each block's machine instructions (objdump) and stores the table in
 * the program's .smvn_blocks section. The simulator reads that table once, and points
 * every rank's copy at it with its own load address, so the counter adds the block's real
 * length and not a guessed mean (block lengths range from 1 to dozens of instructions).
 *
 * Every name here is a global of the program, so each rank's copy (its own globals) has
 * its own count; -Bsymbolic binds the program's calls here, within its own copy. */
#include <stdint.h>

/* Instructions executed by this copy so far: read by the MPI library at every MPI call. */
uint64_t smvn_rank_instructions;
/* Set by the simulator before main(): instructions of the block whose trace call returns
 * to (load address + offset) plus one, for offsets below smvn_block_table_size; 0 = no
 * block there (a block of no instructions of its own is stored as 1). */
const uint8_t* smvn_block_table;
uint64_t smvn_block_table_size;
uintptr_t smvn_block_load_base;
/* For a block the table does not know (no table: a program linked by hand). */
uint64_t smvn_block_default_instructions = 4;

void __sanitizer_cov_trace_pc(void) {
  const uintptr_t at = (uintptr_t)__builtin_return_address(0) - smvn_block_load_base;
  const uint8_t w = at < smvn_block_table_size ? smvn_block_table[at] : 0;
  smvn_rank_instructions += w ? (uint64_t)(w - 1u) : smvn_block_default_instructions;
}
