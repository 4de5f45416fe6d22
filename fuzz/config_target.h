// What the fuzzer drives: the YAML config loader (sim/config.h) and everything that turns
// a config into a machine description without building it (ClusterParams::from_config:
// node, caches, memory, the topology and its routes; the --set override parser). Any
// input must end in a value or a ConfigError (or std::invalid_argument for a bad --set):
// a crash, a sanitizer report, a hang or another exception is a finding.
#pragma once

#include <cstddef>
#include <cstdint>

namespace smvn::fuzz {

// Runs one input; returns normally for accepted and for cleanly refused input, and
// throws (or crashes) only on a finding.
void run_config_input(const uint8_t* data, std::size_t size);

}  // namespace smvn::fuzz
