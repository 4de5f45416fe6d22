// Shared helpers for the node-level tests (tests/models/test_node_*.cpp): the shipped
// Godson-3A node configuration with edits, expected latencies derived from its
// parameters, and a way to run a whole simulation in a child process (SystemC elaborates
// once per process, so a test that compares two runs forks one child per run).
#pragma once

#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>

#include <yaml-cpp/yaml.h>

#include "apps/simulation.h"
#include "models/cluster.h"
#include "models/core.h"
#include "models/node.h"
#include "models/timing.h"
#include "sim/config.h"

namespace smvn::testing_node {

inline std::string node_config_path() { return std::string(SMVN_SOURCE_DIR) + "/configs/godson3a-node.yaml"; }

inline std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The configuration file at PATH, optionally edited (EDIT gets the YAML tree), as a
// ConfigNode ready for Simulation. Errors still name PATH.
inline ConfigNode edited_config(const std::string& path, const std::function<void(YAML::Node&)>& edit) {
  if (!edit) return ConfigNode::parse_file(path);
  YAML::Node root = YAML::Load(read_text(path));
  edit(root);
  YAML::Emitter out;
  out << root;
  return ConfigNode::parse_string(out.c_str(), path);
}

// The shipped node configuration, optionally edited.
inline ConfigNode node_config(const std::function<void(YAML::Node&)>& edit = {}) {
  return edited_config(node_config_path(), edit);
}

// configs/paper-cluster.yaml (4 nodes, topologies/mesh-2x2.yaml), optionally edited.
inline ConfigNode cluster_config(const std::function<void(YAML::Node&)>& edit = {}) {
  return edited_config(std::string(SMVN_SOURCE_DIR) + "/configs/paper-cluster.yaml", edit);
}

// Expected unloaded latencies of one 8-byte load by a core of node 0, derived from the
// configured parameters (every on-chip component runs on the core clock).
struct NodeTiming {
  Picos core_cycle;   // one core cycle in ps (525 MHz -> 1905 ps after rounding)
  Picos l1_hit;       // hit_cycles
  Picos l2_hit;       // L1 lookup + crossbar hop + L2 hit_cycles + crossbar hop
  Picos dram_base;    // the on-chip part of a fill: l2_hit + 2 memory-crossbar hops
  Picos ddr_clk;      // one DDR2 clock
  Picos ddr_row_hit;  // controller part: frontend + CL + burst
  Picos ddr_row_miss; // closed bank: + tRCD
  Picos ddr_row_conflict;  // other row open (tRAS long past): + tRP + tRCD

  explicit NodeTiming(const NodeParams& p) {
    const Clock core(p.core.clock_mhz);
    core_cycle = core.period();
    l1_hit = core.cycles(p.l1d.hit_cycles);
    l2_hit = core.cycles(p.l1d.hit_cycles + p.crossbar.hop_cycles + p.l2.hit_cycles + p.crossbar.hop_cycles);
    dram_base = l2_hit + core.cycles(2 * p.memory_crossbar.hop_cycles);
    ddr_clk = Picos(std::llround(1e6 / p.ddr2.clock_mhz));
    const Picos beats = (p.l2.line_bytes + p.ddr2.bus_bits / 8 - 1) / (p.ddr2.bus_bits / 8);
    const Picos burst = beats * ddr_clk / 2;
    ddr_row_hit = ddr_clk * (p.ddr2.frontend_cycles + p.ddr2.t_cl) + burst;
    ddr_row_miss = ddr_row_hit + ddr_clk * p.ddr2.t_rcd;
    ddr_row_conflict = ddr_row_miss + ddr_clk * p.ddr2.t_rp;
  }
  Picos dram_row_hit() const { return dram_base + ddr_row_hit; }
  Picos dram_row_miss() const { return dram_base + ddr_row_miss; }
  Picos dram_row_conflict() const { return dram_base + ddr_row_conflict; }
};

// Runs BODY in a forked child process (which may build and run its own Simulation) and
// returns what BODY returned. The parent must not have elaborated SystemC itself. An
// exception in the child, or a child that dies, becomes a std::runtime_error here.
inline std::string run_in_child(const std::function<std::string()>& body) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe failed");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    close(fds[0]);
    std::string out;
    int code = 0;
    try {
      out = body();
    } catch (const std::exception& e) {
      out = std::string("exception: ") + e.what();
      code = 3;
    } catch (...) {
      out = "unknown exception";
      code = 3;
    }
    const char* p = out.data();
    size_t left = out.size();
    while (left > 0) {
      const ssize_t w = write(fds[1], p, left);
      if (w <= 0) break;
      p += w;
      left -= size_t(w);
    }
    close(fds[1]);
    std::fflush(nullptr);
    _exit(code);  // no gtest teardown, no static destructors in the child
  }
  close(fds[1]);
  std::string result;
  char buf[4096];
  for (;;) {
    const ssize_t r = read(fds[0], buf, sizeof buf);
    if (r <= 0) break;
    result.append(buf, size_t(r));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    throw std::runtime_error("child run failed (status " + std::to_string(status) + "): " + result);
  return result;
}

// Runs SIM and returns the message of the exception that ends it ("" when none does).
inline std::string run_expecting_error(Simulation& sim) {
  try {
    sim.run();
  } catch (const std::exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace smvn::testing_node
