// Overrides of configuration values, put into a parsed tree before any model reads it:
// `--set KEY=VALUE` on the command line, an evaluation case's `set:` map, a calibration's
// trial values. KEY is a dotted path from the top (`smvn.zero_copy`, `node.core.ipc`;
// `name[N]` steps into a list). VALUE is YAML (`true`, `0.5`, `4MiB`, `[60, 1514]`).
//
// Nothing is checked against a schema here, because there is none apart from the models:
// the model that reads the key checks it exactly as it checks the file's own values (an
// unknown key, a wrong type, a value out of range), and the error names the override
// instead of a line of the file, e.g.
//   --set smvn.zero_cpy=true: smvn.zero_cpy: unknown key 'zero_cpy' (not used by any model)
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/config.h"

namespace smvn {

struct ConfigOverride {
  std::string key;   // dotted path from the top of the file
  YAML::Node value;
  // Where errors about the key point: "--set KEY=VALUE" (line 0), or the file and line of
  // a `set:` entry.
  std::string origin_file;
  int origin_line = 0;
};

// The override that the text of one `--set KEY=VALUE` gives. A missing '=', a key that is
// not a dotted path of names, or a value that is not YAML is a ConfigError naming the --set.
ConfigOverride parse_set_option(const std::string& text);

// Checks that KEY is a dotted path of names (each `name` or `name[N]`); ConfigError at
// the override's origin otherwise. parse_set_option() and apply_override() call it.
void check_override_key(const ConfigOverride& o);

// Puts the override's value at its key in ROOT (the top-level view). A mapping value merges
// key by key into a mapping already there (so `set: {smvn: {zero_copy: true}}` changes one
// key, not the whole section); any other value replaces what is there, or is added. The
// path may create mappings that do not exist yet; it may not run through a value that is
// not a mapping, or an index beyond a list's end (ConfigError at the override's origin).
void apply_override(const ConfigNode& root, const ConfigOverride& o);
void apply_overrides(const ConfigNode& root, const std::vector<ConfigOverride>& overrides);

// Drops a top-level section (and its contents) before any model reads it: an evaluation
// case built from another experiment's file leaves that file's `workload:` unused.
void remove_section(const ConfigNode& root, const std::string& key);

}  // namespace smvn
