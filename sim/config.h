// Strict YAML configuration. Every key a file holds must be read by the model that owns
// it; unknown keys, wrong types and out-of-range values are errors that name the file,
// the line and the dotted key. Every value read (defaults included) is recorded so the
// fully resolved configuration can be written beside a run's results.
#pragma once

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace smvn {

class ConfigError : public std::runtime_error {
 public:
  // what() reads "FILE:LINE: KEY: MESSAGE" (LINE 1-based; omitted when unknown).
  ConfigError(const std::string& file, int line, const std::string& key, const std::string& message);
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& key() const { return key_; }

 private:
  std::string file_;
  int line_;
  std::string key_;
};

// A view of one YAML mapping. Copies share the bookkeeping of which keys were read.
class ConfigNode {
 public:
  ConfigNode(const ConfigNode&) = default;
  // YAML::Node's own assignment writes through to the node it refers to (it would splice
  // one config subtree into another), so assignment rebinds the views instead.
  ConfigNode& operator=(const ConfigNode& other);

  // Parse a file or a string; a YAML syntax error or a top level that is not a mapping
  // is a ConfigError naming file and line.
  static ConfigNode parse_file(const std::string& path);
  static ConfigNode parse_string(const std::string& text, const std::string& source_name = "<string>");
  // An empty mapping, for optional sections that are absent.
  static ConfigNode empty(const std::string& source_name, const std::string& key_path);

  bool has(const std::string& key) const;
  // The keys of this mapping in file order, for sections whose keys are data rather
  // than names a model knows (a case's `set:` map of dotted keys, a `paper:` map).
  std::vector<std::string> keys() const;
  // KEY's value as YAML, unconverted, with KEY and everything under it marked used: for
  // values that are checked elsewhere (an override's value is checked by the model that
  // reads the key it overrides). Undefined if absent.
  YAML::Node raw(const std::string& key) const;

  // Scalars. Supported T: bool, int, int64_t, uint32_t, uint64_t, double, std::string.
  // Integers accept decimal or 0x-hex. Required form: missing key is an error.
  template <typename T> T get(const std::string& key) const;
  // Optional form: the fallback is used (and recorded as resolved) when the key is absent.
  template <typename T> T get(const std::string& key, const T& fallback) const;
  // Optional form with an inclusive range check.
  template <typename T> T get(const std::string& key, const T& fallback, const T& lo, const T& hi) const;

  // A byte size: an integer, or a string with a binary unit "64KiB", "4MiB", "256MiB", "1GiB".
  uint64_t get_bytes(const std::string& key, uint64_t fallback) const;
  uint64_t get_bytes(const std::string& key) const;

  // Sequences of scalars.
  template <typename T> std::vector<T> get_list(const std::string& key, const std::vector<T>& fallback) const;

  // Sub-mappings and sequences of mappings.
  ConfigNode child(const std::string& key) const;          // required
  ConfigNode child_or_empty(const std::string& key) const; // absent -> empty mapping
  std::vector<ConfigNode> children(const std::string& key) const;  // sequence of mappings; absent -> {}

  // Throws ConfigError for the first key (depth first, in file order) that no model read.
  void check_all_used() const;

  // The configuration as it was used: every key read, with defaults filled in.
  YAML::Node resolved() const;

  const std::string& file() const;
  const std::string& key_path() const;  // dotted path of this mapping ("" at the top)
  int line() const;                      // 1-based line of this mapping, 0 if synthetic
  // Error helper for models' own semantic checks: names file, line of KEY (or of this
  // mapping when KEY is absent) and the dotted key.
  [[noreturn]] void fail(const std::string& key, const std::string& message) const;

  // Hooks for sim/config_override.h, which edits a parsed tree before any model reads
  // it. tree() is the YAML mapping under this view (edits show in every view of it);
  // note_origin() says that errors about KEY_PATH and anything under it come from
  // FILE:LINE (LINE 0: none), e.g. "--set node.core.ipc=0.5", not from this file.
  YAML::Node tree() const;
  void note_origin(const std::string& key_path, const std::string& file, int line) const;

  struct State;  // shared bookkeeping (implementation detail)
 private:
  ConfigNode(std::shared_ptr<State> state, YAML::Node node, std::string key_path, YAML::Node resolved);
  ConfigNode(std::shared_ptr<State> state, YAML::Node node, std::string key_path, YAML::Node resolved,
             int line);
  // The key NAME in this mapping: its key node and value node (both undefined if absent).
  std::pair<YAML::Node, YAML::Node> find(const std::string& name) const;
  int key_line(const std::string& name) const;  // line of NAME, else of this mapping
  std::string key_path_of(const std::string& name) const;
  // Marks NAME as read and returns its slot in the resolved tree.
  YAML::Node record(const std::string& name) const;
  std::shared_ptr<State> state_;
  YAML::Node node_;
  std::string path_;
  YAML::Node resolved_;
  int line_ = 0;  // 1-based line of the key that introduced this mapping (0: synthetic)
};

}  // namespace smvn
