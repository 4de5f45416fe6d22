#include "timing.h"

#include <stdexcept>

namespace smvn {

void require_picosecond_resolution() {
  if (sc_core::sc_get_time_resolution() != sc_core::sc_time(1, sc_core::SC_PS))
    throw std::logic_error("smvn models require the SystemC time resolution to be 1 ps");
}

}  // namespace smvn
