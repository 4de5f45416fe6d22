// How a run ended, written into every run's stats.txt, stats.json and host.txt, so that a
// run stopped early never looks complete: completed, time_limit, interrupted, mpi_error,
// rank_fault, deadlock or error, the exit status the command gave, and a line of detail
// (which rank, which signal, which calls the ranks wait in).
#pragma once

#include <string>

namespace smvn {

enum class StopReason { Completed, TimeLimit, Interrupted, MpiError, RankFault, Deadlock, Error };

struct StopRecord {
  StopReason reason = StopReason::Completed;
  int exit_status = 0;
  std::string detail;  // empty for a completed run
};

// "completed", "time_limit", ... (the word the stats files use).
const char* stop_reason_name(StopReason r);

}  // namespace smvn
