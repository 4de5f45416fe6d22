#include "fuzz/config_target.h"

#include <stdexcept>
#include <string>

#include "models/cluster.h"
#include "sim/config.h"
#include "sim/config_override.h"

namespace smvn::fuzz {

void run_config_input(const uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The first line doubles as a --set option, so the override parser gets fuzzed too.
  const std::string first_line = text.substr(0, text.find('\n'));
  try {
    ConfigNode root = ConfigNode::parse_string(text, "<fuzz>");
    try {
      apply_overrides(root, {parse_set_option(first_line)});
    } catch (const std::invalid_argument&) {
      // a refused --set: a clean outcome
    }
    const ClusterParams p = ClusterParams::from_config(root);
    // The routes of every pair, as a run would compute them.
    for (unsigned a = 0; a < p.topology->nodes(); ++a)
      for (unsigned b = 0; b < p.topology->nodes(); ++b) (void)p.topology->hops(a, b);
  } catch (const ConfigError&) {
    // a refused config: the outcome the loader promises for bad input
  }
}

}  // namespace smvn::fuzz
