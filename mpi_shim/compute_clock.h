// What a rank's own computation costs: the instructions it executed between MPI calls,
// counted by the program itself and charged to its core by the MPI library.
//
// Method. smvn-mpicc compiles rank programs with -fsanitize-coverage=trace-pc (a call at
// the start of every basic block of the optimised code) and links in a counter
// (runtime/smvn_block_counter.c) that adds the length of the block being entered to the
// copy's `smvn_rank_instructions`; the lengths come from the program's .smvn_blocks
// section, which smvn-mpicc writes after linking by disassembling the program. The count
// is the instructions the host's optimised code executes (the program's own code, not
// libc's), so it is deterministic: the same program and input give the same count in
// every run. The MPI library adds the count accrued since the previous call to the next
// charge on the rank's core (scaled by mpi.compute.scale, for a target whose instruction
// count per unit of work differs), timed at the core's configured IPC.
//
// This class binds each loaded copy to the table: it reads the section once from the
// program file and gives every copy the table, its own load address, and a pointer to its
// counter for the library.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smvn::mpi {

class RankProgram;

class ComputeClock {
 public:
  // Reads PROGRAM's block table and binds every rank's copy. A program built without the
  // counter (SMVN_MPICC_COUNT=0, or by hand) has no counters: counter() is nullptr.
  explicit ComputeClock(const RankProgram& program);

  // Rank R's executed-instruction counter (its copy's global), or nullptr.
  const volatile uint64_t* counter(unsigned rank) const;
  // Instrumented blocks the table knows (0: no table; the counter then adds a fixed
  // smvn_block_default_instructions per block).
  std::size_t blocks() const { return blocks_; }

  // The table of FILE's .smvn_blocks section: entry [offset] is the length + 1 of the
  // block whose trace call returns to load address + offset, 0 where there is none.
  // Empty when the file has no such section. Throws std::runtime_error on a malformed one.
  static std::vector<uint8_t> read_block_table(const std::string& file, std::size_t* blocks = nullptr);

 private:
  std::vector<uint8_t> table_;
  std::size_t blocks_ = 0;
  std::vector<const volatile uint64_t*> counters_;
};

}  // namespace smvn::mpi
