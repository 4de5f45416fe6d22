#include "apps/mpi_job.h"

#include "apps/run_record.h"

#include <filesystem>
#include <memory>
#include <stdexcept>

#include <fmt/core.h>

#include "apps/host_escape.h"
#include "driver/fe_network.h"
#include "driver/smvn_network.h"
#include "mpi_shim/compute_clock.h"
#include "mpi_shim/mpi_params.h"
#include "mpi_shim/mpi_world.h"
#include "mpi_shim/net_stack.h"
#include "mpi_shim/node_runtime.h"
#include "mpi_shim/program_loader.h"
#include "mpi_shim/rank_mapping.h"
#include "mpi_shim/socket_transport.h"

namespace smvn {

std::string resolve_mpi_program(const std::string& program) {
  if (std::filesystem::exists(program)) return program;
  const std::filesystem::path built = std::filesystem::path(SMVN_BINARY_DIR) / "omb" / program;
  if (program.find('/') == std::string::npos && std::filesystem::exists(built)) return built.string();
  throw std::invalid_argument("MPI program '" + program + "' not found (build one with ./smvn mpicc, or name an "
                              "OSU-method program: osu_latency, osu_bw, osu_bibw, osu_multi_lat)");
}

std::unique_ptr<driver::Network> make_network(const ConfigNode& root, Cluster& cl) {
  const std::string kind = root.get<std::string>("network", "smvn");
  if (kind == "fast_ethernet") return std::make_unique<driver::FeNetwork>(root.child_or_empty("fast_ethernet"), cl);
  if (kind != "smvn")
    root.fail("network", "must be 'smvn' (the shared-memory virtual network) or 'fast_ethernet' (NICs and a "
                         "switch), not '" + kind + "'");
  // SMVN moves frames through memory that every node reaches over HyperTransport.
  for (unsigned a = 0; a < cl.nodes(); ++a)
    for (unsigned b = 0; b < cl.nodes(); ++b)
      if (!cl.topology().connected(a, b))
        root.fail("network", "SMVN needs nodes that share memory over HyperTransport, but the '" +
                                 cl.topology().kind() + "' topology joins no links between node " + std::to_string(a) +
                                 " and node " + std::to_string(b) + " (use network: fast_ethernet, or a topology "
                                 "with links)");
  return std::make_unique<driver::SmvnNetwork>(root.child_or_empty("smvn"), cl);
}

MpiJobResult run_mpi_job(Simulation& sim, const ConfigNode& root, const MpiJobOptions& opt,
                         const std::string& out_dir) {
  Cluster& cl = sim.cluster();
  MpiJobResult result;
  result.cores = mpi::map_ranks(opt.map, opt.ranks, cl.topology(), cl.params().node.cores);
  if (opt.display_map) {
    const unsigned per_node = cl.params().node.cores;
    std::printf("# mpirun map: %u ranks; global core = node * %u + core\n", opt.ranks, per_node);
    for (unsigned r = 0; r < opt.ranks; ++r) {
      const unsigned node = result.cores[r] / per_node;
      const std::string name = node < opt.node_names.size() ? " (" + opt.node_names[node] + ")" : "";
      std::printf("rank %u: node %u%s core %u (global core %u)\n", r, node, name.c_str(), result.cores[r] % per_node,
                  result.cores[r]);
    }
    std::fflush(stdout);
  }

  std::unique_ptr<driver::Network> network_owner = make_network(root, cl);
  driver::Network& smvn = *network_owner;
  const ConfigNode net_section = root.child_or_empty("net");
  std::unique_ptr<net::NetStack> stack_owner;
  try {
    stack_owner = std::make_unique<net::NetStack>(net::NetParams::from_config(net_section), cl, smvn);
  } catch (const std::invalid_argument& e) {
    net_section.fail("kernel_bytes", e.what());  // buffers or windows that do not fit the node
  }
  net::NetStack& stack = *stack_owner;
  net::NodeRuntime runtime(cl, smvn);
  smvn.register_stats(sim.stats());
  stack.register_stats(sim.stats());

  const mpi::WorldOptions wo = mpi::world_options_from_config(root.child_or_empty("mpi"));
  mpi::World world(int(opt.ranks), wo);
  mpi::RankProgram program(resolve_mpi_program(opt.program), opt.ranks);
  const mpi::ComputeClock compute(program);

  const auto sockets = mpi::connect_all(stack, result.cores);
  std::vector<std::unique_ptr<mpi::SocketTransport>> transports;
  for (unsigned r = 0; r < opt.ranks; ++r)
    transports.push_back(std::make_unique<mpi::SocketTransport>(stack, cl.core(result.cores[r]), sockets[r]));

  std::vector<std::string> argv_text = {opt.program};
  argv_text.insert(argv_text.end(), opt.args.begin(), opt.args.end());
  for (unsigned r = 0; r < opt.ranks; ++r) {
    runtime.run_on(result.cores[r], [&, r](Core&) {
      world.bind(int(r), *transports[r]);
      world.set_compute_counter(int(r), compute.counter(r));
      std::vector<char*> argv;
      for (std::string& a : argv_text) argv.push_back(a.data());
      argv.push_back(nullptr);
      int code = 0;
      try {
        code = program.run(r, int(argv_text.size()), argv.data());
        world.settle_compute(int(r));  // what it computed after its last MPI call
      } catch (const mpi::RankAbort& e) {
        world.record_abort(int(r), 1, e.what());
        sim.stop(e.what());
        return;
      }
      if (world.ended(int(r), code)) sim.stop("rank " + std::to_string(r) + " ended without MPI_Finalize");
    });
  }
  runtime.install();
  // What made the run, beside its results.
  RunRecord record;
  record.job = "mpi";
  record.program = opt.program;
  record.args = opt.args;
  record.map = opt.map;
  const unsigned per_node = cl.params().node.cores;
  for (unsigned r = 0; r < opt.ranks; ++r)
    record.ranks.push_back({r, result.cores[r], result.cores[r] / per_node, result.cores[r] % per_node});
  if (opt.check_only) {
    root.check_all_used();
    sim.write_outputs(out_dir);
    write_run_record(out_dir, record);
    return result;
  }
  // Where each rank's code is, for the watchdog, and how a fault report names a core.
  host_escape::clear_rank_code();
  for (const auto& [b, e] : program.code_ranges()) host_escape::add_rank_code(b, e);
  std::vector<int> rank_on_core(cl.total_cores(), -1);
  for (unsigned r = 0; r < opt.ranks; ++r) rank_on_core[result.cores[r]] = int(r);
  sim.set_core_label([&](unsigned core) {
    const std::string name = cl.core(core).name();
    if (rank_on_core[core] < 0) return fmt::format("core {} ({}, running no rank)", core, name);
    return fmt::format("rank {} on core {} ({})", rank_on_core[core], core, name);
  });
  try {
    sim.run();
  } catch (const Deadlock& e) {
    // Which ranks wait, and in which MPI call: the record and the report say it.
    std::string detail = e.what();
    for (const std::string& w : world.waiting(result.cores)) detail += "; " + w;
    StopRecord rec = sim.stop_record();
    rec.detail = detail;
    sim.set_stop_record(rec);
  } catch (const std::exception&) {
    // The run's statistics so far, with the error as its stop record, while the driver
    // and socket statistics still exist; then the error goes on to the caller.
    std::fflush(stdout);
    try {
      sim.write_outputs(out_dir);
    } catch (const std::exception&) {
    }
    throw;
  }
  std::fflush(stdout);  // the ranks' output first
  StopRecord rec = sim.stop_record();
  if (rec.reason == StopReason::Completed || rec.reason == StopReason::MpiError) {
    rec.exit_status = world.exit_status();
    if (world.abort_info()) {
      rec.reason = StopReason::MpiError;
      rec.detail = world.abort_info()->message;
    }
  }
  sim.set_stop_record(rec);
  result.exit_status = rec.exit_status;
  if (rec.reason == StopReason::Deadlock || sim.escaped()) {
    result.problems.push_back(rec.detail);
  } else {
    result.problems = world.problems();
    if (const auto a = world.abort_info()) result.problems.insert(result.problems.begin(), a->message);
  }
  sim.write_outputs(out_dir);
  write_run_record(out_dir, record);
  if (sim.escaped()) {
    // Nothing of this run may be destroyed now (its objects may be mid-update, the
    // faulted rank's program must not run its destructors): the files go, the objects
    // stay, and the caller ends the process with std::_Exit.
    result.escaped = true;
    program.abandon();
    host_escape::clear_rank_code();
    network_owner.release();
    stack_owner.release();
    for (auto& t : transports) t.release();
  }
  return result;
}

}  // namespace smvn
