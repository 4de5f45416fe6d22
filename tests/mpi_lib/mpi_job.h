// Runs an MPI program built by smvn-mpicc as a job of N ranks over HostTransport, the way
// mpirun will run it over the simulated sockets: one sc_spawn'ed thread per rank, bound to
// the World, a RankAbort or an exit without MPI_Finalize stopping the whole job. Captures
// the program's stdout. One job per test process (sc_stop ends SystemC for good).
#pragma once

#define SC_INCLUDE_DYNAMIC_PROCESSES
#include <systemc>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "host_transport.h"
#include "mpi_shim/mpi_world.h"
#include "mpi_shim/program_loader.h"

namespace smvn::test {

inline std::string mpi_program(const std::string& name) {
  return std::string(SMVN_MPI_LIB_PROGRAM_DIR) + "/" + name + ".so";
}

struct JobResult {
  int status = -1;                       // World::exit_status()
  std::vector<std::optional<int>> codes;  // per rank: main's result / exit() status
  std::optional<mpi::AbortInfo> abort;
  std::vector<std::string> problems;
  std::string out;                        // the program's stdout
  double seconds = 0;                     // simulated time at the end
  uint64_t partial_writes = 0;
  uint64_t bytes = 0;
};

struct JobOptions {
  mpi::WorldOptions world;
  std::size_t pipe_capacity = 64 * 1024;
  sc_core::sc_time per_instruction{1, sc_core::SC_NS};
  sc_core::sc_time quantum{1, sc_core::SC_US};
};

inline JobResult run_job_with(const std::string& program, int ranks,
                              const std::vector<std::string>& args, const JobOptions& o) {
  mpi::RankProgram prog(mpi_program(program), static_cast<unsigned>(ranks));
  mpi::World world(ranks, o.world);
  HostFabric fabric(ranks, o.pipe_capacity, o.per_instruction, o.quantum);
  std::vector<std::unique_ptr<HostTransport>> transports;
  for (int r = 0; r < ranks; ++r) transports.push_back(std::make_unique<HostTransport>(fabric, r));

  static int job = 0;  // process names stay unique when a test runs several jobs
  ++job;
  for (int r = 0; r < ranks; ++r) {
    sc_core::sc_spawn_options opts;
    opts.set_stack_size(1 << 21);
    sc_core::sc_spawn(
        [&, r] {
          world.bind(r, *transports[static_cast<std::size_t>(r)]);
          std::vector<std::string> words{program};
          words.insert(words.end(), args.begin(), args.end());
          std::vector<char*> argv;
          for (auto& w : words) argv.push_back(w.data());
          argv.push_back(nullptr);
          try {
            const int code = prog.run(static_cast<unsigned>(r), static_cast<int>(words.size()),
                                      argv.data());
            if (world.ended(r, code)) sc_core::sc_stop();
          } catch (const mpi::RankAbort& e) {
            world.record_abort(r, 134, e.what());  // abort(): first abort recorded wins
            sc_core::sc_stop();
          }
        },
        ("job" + std::to_string(job) + "_rank" + std::to_string(r)).c_str(), &opts);
  }
  testing::internal::CaptureStdout();
  sc_core::sc_start();
  std::fflush(stdout);
  JobResult res;
  res.out = testing::internal::GetCapturedStdout();
  res.status = world.exit_status();
  for (int r = 0; r < ranks; ++r) res.codes.push_back(world.exit_code(r));
  res.abort = world.abort_info();
  res.problems = world.problems();
  res.seconds = sc_core::sc_time_stamp().to_seconds();
  res.partial_writes = fabric.partial_writes;
  res.bytes = fabric.bytes_written;
  return res;
}

inline JobResult run_job(const std::string& program, int ranks,
                         const std::vector<std::string>& args) {
  return run_job_with(program, ranks, args, JobOptions());
}

}  // namespace smvn::test
