// The MPI library's configuration: the `mpi:` section of an experiment file (eager limit
// and the library's own instruction counts, mpi.costs), strict like every section.
#pragma once

#include "mpi_shim/mpi_world.h"

namespace smvn {
class ConfigNode;
}

namespace smvn::mpi {

// Reads SECTION (the `mpi:` node; absent keys keep WorldOptions' defaults). A wrong type or
// an out-of-range value throws ConfigError naming file, line and key.
WorldOptions world_options_from_config(const ConfigNode& section);

}  // namespace smvn::mpi
