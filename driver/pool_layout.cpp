#include "driver/pool_layout.h"

#include <stdexcept>
#include <string>

namespace smvn::driver {

namespace {
uint64_t round_up(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }
}  // namespace

uint64_t PoolLayout::header_bytes_for(unsigned nodes, bool separate_lines) {
  const uint64_t per_list = separate_lines ? 2 : 1;
  return kLine /* ready flag */ + per_list * kLine * (1 /* FreeList */ + nodes);
}

uint64_t PoolLayout::slot_bytes_for(unsigned mtu) { return round_up(kSlotFrame + kEthHeader + mtu, kLine); }

uint64_t PoolLayout::bytes_for(unsigned nodes, uint64_t slots, unsigned mtu, bool separate_lines) {
  return header_bytes_for(nodes, separate_lines) + slots * slot_bytes_for(mtu);
}

PoolLayout::PoolLayout(const PoolConfig& cfg) : cfg_(cfg) {
  if (cfg.nodes == 0) throw std::invalid_argument("SMVN pool: nodes must be at least 1");
  if (cfg.mtu == 0) throw std::invalid_argument("SMVN pool: mtu must be at least 1");
  if (cfg.base % kLine != 0)
    throw std::invalid_argument("SMVN pool: base " + std::to_string(cfg.base) + " is not aligned to the " +
                                std::to_string(kLine) + "-byte line");
  header_bytes_ = header_bytes_for(cfg.nodes, cfg.locks_on_separate_lines);
  slot_bytes_ = slot_bytes_for(cfg.mtu);
  slots_ = cfg.bytes > header_bytes_ ? (cfg.bytes - header_bytes_) / slot_bytes_ : 0;
  // One slot per node at least: otherwise some node could never hold a frame in flight.
  if (slots_ < cfg.nodes)
    throw std::invalid_argument("SMVN pool: " + std::to_string(cfg.bytes) + " bytes hold " + std::to_string(slots_) +
                                " slots of " + std::to_string(slot_bytes_) + " bytes (MTU " + std::to_string(cfg.mtu) +
                                ") after a " + std::to_string(header_bytes_) + "-byte header; " +
                                std::to_string(cfg.nodes) + " nodes need at least " +
                                std::to_string(bytes_for(cfg.nodes, cfg.nodes, cfg.mtu, cfg.locks_on_separate_lines)) +
                                " bytes");
  const uint64_t lists = cfg.base + kLine;  // after the ready flag's line
  free_lock_ = lists;
  free_head_ = cfg.locks_on_separate_lines ? lists + kLine : lists + 8;
  lists_base_ = lists + lines_per_list() * kLine;
}

uint64_t PoolLayout::input_lock(unsigned node) const {
  if (node >= cfg_.nodes)
    throw std::out_of_range("SMVN pool: node " + std::to_string(node) + " of " + std::to_string(cfg_.nodes));
  return lists_base_ + node * lines_per_list() * kLine;
}

uint64_t PoolLayout::input_head(unsigned node) const {
  return cfg_.locks_on_separate_lines ? input_lock(node) + kLine : input_lock(node) + 8;
}

}  // namespace smvn::driver
