#include "node.h"

#include <string>

#include "sim/config.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

NodeParams NodeParams::from_config(const ConfigNode& c) {
  NodeParams p;
  p.cores = c.get<uint32_t>("cores", p.cores, 1u, 64u);
  p.memory_bytes = c.get_bytes("memory_size", p.memory_bytes);
  if (p.memory_bytes < (1u << 20) || p.memory_bytes % PhysicalMemory::kPageSize)
    c.fail("memory_size", "must be at least 1MiB and a multiple of 64KiB");
  p.core = CoreParams::from_config(c.child_or_empty("core"));
  p.l1d = L1Params::from_config(c.child_or_empty("l1d"));
  p.l1i = L1Params::from_config(c.child_or_empty("l1i"));
  p.l2 = L2Params::from_config(c.child_or_empty("l2"));
  if (p.l1d.line_bytes != p.l2.line_bytes || p.l1i.line_bytes != p.l2.line_bytes)
    c.fail("l2", "L1 and L2 line sizes must be equal (the directory tracks L2 lines)");
  p.crossbar = CrossbarParams::from_config(c.child_or_empty("crossbar"), p.crossbar);
  p.memory_crossbar = CrossbarParams::from_config(c.child_or_empty("memory_crossbar"), p.memory_crossbar);
  p.ddr2 = Ddr2Params::from_config(c.child_or_empty("ddr2"));
  for (const ConfigNode& r : c.children("uncached")) {
    AddressRange range{r.get<uint64_t>("base"), r.get_bytes("size")};
    if (range.size == 0 || range.base >= p.memory_bytes || range.size > p.memory_bytes - range.base)
      r.fail("size", "uncached range must lie inside the node's memory");
    p.uncached.push_back(range);
  }
  return p;
}

Node::Node(sc_module_name name, const NodeParams& p, unsigned node_id, unsigned total_cores,
           PhysicalMemory& memory, const AddressMap& map)
    : sc_module(name), p_(p), id_(node_id) {
  const Clock core_clock(p.core.clock_mhz);
  const int first = int(node_id * p.cores);
  xbar_ = std::make_unique<NodeCrossbar>("xbar", p.crossbar, core_clock, node_id, first, p.l2.banks,
                                         p.l2.line_bytes, map);
  for (unsigned i = 0; i < p.cores; ++i) {
    const std::string idx = std::to_string(i);
    cores_.push_back(std::make_unique<Core>(("core" + idx).c_str(), p.core, first + int(i)));
    l1d_.push_back(std::make_unique<L1Cache>(("core" + idx + "_l1d").c_str(), p.l1d, core_clock, first + int(i),
                                             false, memory, map));
    l1i_.push_back(std::make_unique<L1Cache>(("core" + idx + "_l1i").c_str(), p.l1i, core_clock, first + int(i),
                                             true, memory, map));
    cores_[i]->set_address_map(&map);
    cores_[i]->data.bind(l1d_[i]->cpu);
    cores_[i]->inst.bind(l1i_[i]->cpu);
    l1d_[i]->mem.bind(xbar_->cpu_side);
    l1i_[i]->mem.bind(xbar_->cpu_side);
    xbar_->snoop_out.bind(l1d_[i]->snoop);
  }
  // Instruction caches are not kept coherent by hardware (MIPS software uses synci); their
  // snoop sockets are bound after the data caches' so that snoop_out[i] is core i's L1D.
  for (unsigned i = 0; i < p.cores; ++i) xbar_->snoop_out.bind(l1i_[i]->snoop);
  mem_xbar_ = std::make_unique<MemoryCrossbar>("mem_xbar", p.memory_crossbar, core_clock);
  for (unsigned b = 0; b < p.l2.banks; ++b) {
    banks_.push_back(std::make_unique<L2Bank>(("l2_bank" + std::to_string(b)).c_str(), p.l2, core_clock, b,
                                              total_cores));
    xbar_->bank_side.bind(banks_[b]->target);
    banks_[b]->snoop.bind(xbar_->snoop_in);
    banks_[b]->mem.bind(mem_xbar_->bank_side);
  }
  ddr_ = std::make_unique<Ddr2Controller>("ddr2", p.ddr2, memory, map.node_base(node_id), p.memory_bytes);
  mem_xbar_->memory.bind(ddr_->target);
  std::vector<Core*> cores;
  for (auto& c : cores_) cores.push_back(c.get());
  ipi_ = std::make_unique<InterruptController>("ipi", node_id, map, std::move(cores), core_clock);
  io_ = std::make_unique<IoWindow>("io", node_id, map);
  xbar_->io_side.bind(io_->target);
  io_->ipi.bind(ipi_->target);
}

void Node::register_stats(StatsRegistry& s) const {
  for (auto& c : cores_) c->register_stats(s);
  for (auto& c : l1d_) c->register_stats(s);
  for (auto& c : l1i_) c->register_stats(s);
  for (auto& b : banks_) b->register_stats(s);
  ddr_->register_stats(s);
  ipi_->register_stats(s);
}

}  // namespace smvn
