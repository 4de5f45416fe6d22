#include "mpi_shim/mpi_params.h"

#include "sim/config.h"

namespace smvn::mpi {

WorldOptions world_options_from_config(const ConfigNode& m) {
  WorldOptions wo;
  wo.eager_limit = m.get_bytes("eager_limit", wo.eager_limit);
  // The library's own instruction counts (mpi_world.h says where they come from).
  const ConfigNode k = m.child_or_empty("costs");
  auto insts = [&](const char* key, uint64_t& v) { v = k.get<uint64_t>(key, v, uint64_t{0}, uint64_t{10000000}); };
  insts("call_insts", wo.costs.call);
  insts("wtime_insts", wo.costs.wtime);
  insts("test_insts", wo.costs.test);
  insts("envelope_insts", wo.costs.envelope);
  insts("request_insts", wo.costs.per_request);
  insts("copy_insts_per_8_bytes", wo.costs.copy_per_8_bytes);
  insts("reduce_insts_per_element", wo.costs.reduce_per_element);
  // The program's own computation (mpi_shim/compute_clock.h): `enabled: false` gives
  // communication-only runs.
  const ConfigNode c = m.child_or_empty("compute");
  wo.compute.enabled = c.get<bool>("enabled", wo.compute.enabled);
  wo.compute.scale = c.get<double>("scale", wo.compute.scale, 0.0, 1000.0);
  return wo;
}

}  // namespace smvn::mpi
