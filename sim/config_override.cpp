// Overrides of configuration values (see config_override.h).
#include "sim/config_override.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace smvn {

namespace {

struct Step {
  std::string name;
  long index = -1;  // `name[N]`: element N of the list NAME
};

[[noreturn]] void fail(const ConfigOverride& o, const std::string& message) {
  throw ConfigError(o.origin_file, o.origin_line, o.key, message);
}

std::vector<Step> split_key(const ConfigOverride& o) {
  std::vector<Step> steps;
  if (o.key.empty()) fail(o, "an override needs a key (a dotted path such as smvn.zero_copy)");
  std::size_t start = 0;
  while (start <= o.key.size()) {
    std::size_t dot = o.key.find('.', start);
    if (dot == std::string::npos) dot = o.key.size();
    std::string part = o.key.substr(start, dot - start);
    Step s;
    const std::size_t bracket = part.find('[');
    if (bracket != std::string::npos) {
      const std::string digits = part.substr(bracket + 1, part.size() - bracket - 2);
      const bool digits_ok =
          part.back() == ']' && !digits.empty() && digits.size() < 9 &&
          std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
      if (!digits_ok) fail(o, fmt::format("'{}' is not NAME or NAME[INDEX]", part));
      s.index = std::stol(digits);
      part = part.substr(0, bracket);
    }
    const bool name_ok = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) {
      return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '@' || c == '/';
    });
    if (!name_ok) fail(o, fmt::format("'{}' is not a dotted path of names (e.g. smvn.pool.cacheable)", o.key));
    s.name = part;
    steps.push_back(s);
    start = dot + 1;
  }
  return steps;
}

// The value under NAME in mapping M (undefined if absent), found by walking the pairs so
// that a lookup never inserts anything.
YAML::Node lookup(const YAML::Node& m, const std::string& name) {
  for (auto it = m.begin(); it != m.end(); ++it)
    if (it->first.Scalar() == name) return it->second;
  return YAML::Node(YAML::NodeType::Undefined);
}

const char* what_is(const YAML::Node& n) {
  if (n.IsSequence()) return "a list";
  if (n.IsScalar()) return "a single value";
  return "empty";
}

// Puts VALUE under NAME in mapping M, merging mappings into mappings.
void put(YAML::Node m, const std::string& name, const YAML::Node& value) {
  YAML::Node existing = lookup(m, name);
  if (value.IsMap() && existing.IsDefined() && existing.IsMap()) {
    for (auto it = value.begin(); it != value.end(); ++it) put(existing, it->first.Scalar(), it->second);
    return;
  }
  m[name] = YAML::Clone(value);
}

}  // namespace

void check_override_key(const ConfigOverride& o) { split_key(o); }

ConfigOverride parse_set_option(const std::string& text) {
  ConfigOverride o;
  o.origin_file = "--set " + text;
  const std::size_t eq = text.find('=');
  if (eq == std::string::npos) fail(o, "expected KEY=VALUE (e.g. --set smvn.zero_copy=true)");
  o.key = text.substr(0, eq);
  check_override_key(o);
  // The value is read as the YAML of a one-key mapping, so that it is validated like the
  // file (duplicate keys in a flow mapping, syntax) and errors name the --set.
  const ConfigNode holder = ConfigNode::parse_string("value: " + text.substr(eq + 1), o.origin_file);
  o.value = YAML::Clone(holder.raw("value"));
  return o;
}

void apply_override(const ConfigNode& root, const ConfigOverride& o) {
  const std::vector<Step> steps = split_key(o);
  YAML::Node cur = root.tree();
  std::string walked;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const Step& s = steps[i];
    const bool last = i + 1 == steps.size();
    walked += (walked.empty() ? "" : ".") + s.name;
    if (!cur.IsMap()) fail(o, fmt::format("cannot set it: the value above '{}' is {}, not a mapping", s.name, what_is(cur)));
    if (last && s.index < 0) {
      put(cur, s.name, o.value);
      break;
    }
    YAML::Node next = lookup(cur, s.name);
    if (!next.IsDefined() || next.IsNull()) {
      if (s.index >= 0) fail(o, fmt::format("'{}' is not a list in this configuration", walked));
      // The rest of the path does not exist: build it as one value and put it in place
      // (a handle on a freshly inserted empty mapping does not survive in yaml-cpp 0.7).
      for (std::size_t k = i + 1; k < steps.size(); ++k)
        if (steps[k].index >= 0) fail(o, fmt::format("'{}' is not a list in this configuration", steps[k].name));
      YAML::Node v = YAML::Clone(o.value);
      for (std::size_t k = steps.size() - 1; k > i; --k) {
        YAML::Node m(YAML::NodeType::Map);
        m[steps[k].name] = v;
        v.reset(m);
      }
      cur[s.name] = v;
      // Errors about the sections it made (an unknown one, say) point at the override too.
      root.note_origin(walked, o.origin_file, o.origin_line);
      break;
    }
    if (s.index >= 0) {
      if (!next.IsSequence()) fail(o, fmt::format("'{}' is {}, not a list", walked, what_is(next)));
      if (std::size_t(s.index) >= next.size())
        fail(o, fmt::format("'{}' has {} elements, so there is no [{}]", walked, next.size(), s.index));
      walked += fmt::format("[{}]", s.index);
      if (last) {
        YAML::Node element = next[std::size_t(s.index)];
        if (o.value.IsMap() && element.IsMap()) {
          for (auto it = o.value.begin(); it != o.value.end(); ++it) put(element, it->first.Scalar(), it->second);
        } else {
          next[std::size_t(s.index)] = YAML::Clone(o.value);
        }
        break;
      }
      next.reset(next[std::size_t(s.index)]);
    }
    if (!next.IsMap()) fail(o, fmt::format("cannot set it: '{}' is {}, not a mapping", walked, what_is(next)));
    cur.reset(next);
  }
  root.note_origin(o.key, o.origin_file, o.origin_line);
}

void apply_overrides(const ConfigNode& root, const std::vector<ConfigOverride>& overrides) {
  for (const ConfigOverride& o : overrides) apply_override(root, o);
}

void remove_section(const ConfigNode& root, const std::string& key) {
  YAML::Node t = root.tree();
  if (lookup(t, key).IsDefined()) t.remove(key);
}

}  // namespace smvn
