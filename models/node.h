// One Godson-3A-like node: 4 cores, each with private L1 I and D caches, joined by a
// crossbar to 4 line-interleaved L2 banks (with the directory), a second crossbar to the
// DDR2-400 controller, and 256 MB of local memory in the global address map.
#pragma once

#include <memory>
#include <vector>

#include <systemc>

#include "address_map.h"
#include "core.h"
#include "crossbar.h"
#include "ddr2_controller.h"
#include "interrupt_controller.h"
#include "io_window.h"
#include "l1_cache.h"
#include "l2_bank.h"
#include "physical_memory.h"

namespace smvn {

class ConfigNode;
class StatsRegistry;

struct NodeParams {
  unsigned cores = 4;
  uint64_t memory_bytes = 256ull << 20;
  CoreParams core;
  L1Params l1d, l1i;
  L2Params l2;
  CrossbarParams crossbar;
  CrossbarParams memory_crossbar{4};  // the second crossbar adds a clock crossing (calibration)
  Ddr2Params ddr2;
  std::vector<AddressRange> uncached;  // node-relative ranges that bypass the caches
  static NodeParams from_config(const ConfigNode& c);
};

class Node : public sc_core::sc_module {
 public:
  Node(sc_core::sc_module_name name, const NodeParams& p, unsigned node_id, unsigned total_cores,
       PhysicalMemory& memory, const AddressMap& map);

  unsigned id() const { return id_; }
  unsigned cores() const { return unsigned(cores_.size()); }
  Core& core(unsigned i) { return *cores_.at(i); }
  L1Cache& l1d(unsigned i) { return *l1d_.at(i); }
  L2Bank& bank(unsigned i) { return *banks_.at(i); }
  L2Bank& home_bank(uint64_t addr) { return *banks_[(addr / p_.l2.line_bytes) % banks_.size()]; }
  Ddr2Controller& memory_controller() { return *ddr_; }
  InterruptController& interrupt_controller() { return *ipi_; }
  // The register window: where a device model attaches its registers.
  IoWindow& io_window() { return *io_; }
  // The crossbar's remote_out/remote_in sockets join the node to the HT fabric.
  NodeCrossbar& crossbar() { return *xbar_; }
  const NodeParams& params() const { return p_; }

  void register_stats(StatsRegistry& s) const;

 private:
  NodeParams p_;
  unsigned id_;
  std::vector<std::unique_ptr<Core>> cores_;
  std::vector<std::unique_ptr<L1Cache>> l1d_, l1i_;
  std::unique_ptr<NodeCrossbar> xbar_;
  std::vector<std::unique_ptr<L2Bank>> banks_;
  std::unique_ptr<MemoryCrossbar> mem_xbar_;
  std::unique_ptr<Ddr2Controller> ddr_;
  std::unique_ptr<InterruptController> ipi_;
  std::unique_ptr<IoWindow> io_;
};

}  // namespace smvn
