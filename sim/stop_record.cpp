#include "sim/stop_record.h"

namespace smvn {

const char* stop_reason_name(StopReason r) {
  switch (r) {
    case StopReason::Completed: return "completed";
    case StopReason::TimeLimit: return "time_limit";
    case StopReason::Interrupted: return "interrupted";
    case StopReason::MpiError: return "mpi_error";
    case StopReason::RankFault: return "rank_fault";
    case StopReason::Deadlock: return "deadlock";
    case StopReason::Error: return "error";
  }
  return "unknown";
}

}  // namespace smvn
