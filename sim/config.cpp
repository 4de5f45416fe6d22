// Strict YAML configuration (see config.h).
//
// Bookkeeping: every key a model reads is remembered by its full dotted path in the
// shared State, and its value (or the default used) is written into a parallel
// "resolved" YAML tree at the same position. check_all_used() then walks the parsed
// tree and reports the first key whose path was never read.
//
// Scalars are converted here rather than with YAML::Node::as<T>(), which is lenient in
// ways a strict config must not be (it takes yes/on/y as booleans, wraps negative
// numbers into unsigned types on some paths, and its messages carry no key path).
#include "sim/config.h"

#include <yaml-cpp/eventhandler.h>

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

namespace smvn {

// ---------------------------------------------------------------------------------------
// ConfigError

namespace {

std::string format_error(const std::string& file, int line, const std::string& key,
                         const std::string& message) {
  std::string out = file;
  if (line > 0) out += fmt::format(":{}", line);
  out += ": ";
  if (!key.empty()) out += key + ": ";
  out += message;
  return out;
}

}  // namespace

ConfigError::ConfigError(const std::string& file, int line, const std::string& key,
                         const std::string& message)
    : std::runtime_error(format_error(file, line, key, message)), file_(file), line_(line), key_(key) {}

// ---------------------------------------------------------------------------------------
// Scalar conversion

struct ConfigNode::State {
  std::string file;
  std::set<std::string> used;  // dotted paths of every key a model read
  // Values put in place after parsing (sim/config_override.h): the dotted path each one
  // covers and where it came from, so that an error about it points there and not at a
  // line of the file that no longer holds it.
  struct Origin {
    std::string path, file;
    int line;
  };
  std::vector<Origin> origins;
};

namespace {

// The error for PATH: located at FILE:LINE, unless PATH is (or lies under) a value set
// after parsing, in which case at that value's origin (the innermost one if several).
ConfigError located(const ConfigNode::State& state, int line, const std::string& path, const std::string& message) {
  const ConfigNode::State::Origin* best = nullptr;
  for (const auto& o : state.origins) {
    const bool covers = path == o.path || (path.size() > o.path.size() && path.compare(0, o.path.size(), o.path) == 0 &&
                                           (path[o.path.size()] == '.' || path[o.path.size()] == '['));
    if (covers && (!best || o.path.size() >= best->path.size())) best = &o;
  }
  if (best) return ConfigError(best->file, best->line, path, message);
  return ConfigError(state.file, line, path, message);
}

// A value that does not convert; the caller adds file, line and key.
struct BadValue : std::runtime_error {
  using std::runtime_error::runtime_error;
};

int line_of(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  YAML::Mark m = n.Mark();
  return m.is_null() ? 0 : m.line + 1;
}

std::string join_path(const std::string& parent, const std::string& key) {
  return parent.empty() ? key : parent + "." + key;
}

std::string element_path(const std::string& seq_path, std::size_t index) {
  return fmt::format("{}[{}]", seq_path, index);
}

const char* kind_name(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return "a mapping";
    case YAML::NodeType::Sequence: return "a sequence";
    case YAML::NodeType::Null: return "an empty value";
    case YAML::NodeType::Scalar: return "a scalar";
    default: return "nothing";
  }
}

// "a mapping", or "'abc'" for a scalar, for "expected X, got Y" messages.
std::string describe(const YAML::Node& n) {
  if (n.IsScalar()) return "'" + n.Scalar() + "'";
  return kind_name(n);
}

// The scalar text of V, or BadValue when V is a collection or empty.
const std::string& scalar_text(const YAML::Node& v, const char* expected) {
  if (!v.IsScalar()) throw BadValue(fmt::format("expected {}, got {}", expected, describe(v)));
  return v.Scalar();
}

// An integer as written: sign and magnitude, decimal or 0x-hex.
struct ParsedInt {
  bool negative = false;
  uint64_t magnitude = 0;
  bool too_large = false;  // magnitude does not fit in 64 bits
};

std::optional<ParsedInt> parse_int(std::string_view s) {
  ParsedInt r;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    r.negative = s[0] == '-';
    s.remove_prefix(1);
  }
  int base = 10;
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    base = 16;
    s.remove_prefix(2);
  }
  if (s.empty()) return std::nullopt;
  const char* end = s.data() + s.size();
  auto [p, ec] = std::from_chars(s.data(), end, r.magnitude, base);
  if (ec == std::errc::result_out_of_range) {
    // from_chars stops at the end of the digits even on overflow.
    if (p != end) return std::nullopt;
    r.too_large = true;
    return r;
  }
  if (ec != std::errc() || p != end) return std::nullopt;
  return r;
}

template <typename T> struct Traits;

template <> struct Traits<bool> {
  static constexpr const char* expected = "a boolean (true or false)";
  static bool parse(const std::string& s) {
    if (s == "true") return true;
    if (s == "false") return false;
    throw BadValue(fmt::format("expected {}, got '{}'", expected, s));
  }
};

template <typename T> struct IntTraits {
  static constexpr const char* expected =
      std::is_signed_v<T> ? "an integer" : "an unsigned integer";
  static T parse(const std::string& s) {
    std::optional<ParsedInt> p = parse_int(s);
    if (!p) throw BadValue(fmt::format("expected {}, got '{}'", expected, s));
    if constexpr (std::is_unsigned_v<T>) {
      if (p->negative && p->magnitude != 0)
        throw BadValue(fmt::format("expected {}, got negative value '{}'", expected, s));
      if (p->negative) return T(0);  // "-0"
    }
    const uint64_t max_mag = p->negative ? uint64_t(std::numeric_limits<T>::max()) + 1
                                         : uint64_t(std::numeric_limits<T>::max());
    if (p->too_large || p->magnitude > max_mag)
      throw BadValue(fmt::format("value {} is outside [{}, {}]", s, std::numeric_limits<T>::min(),
                                 std::numeric_limits<T>::max()));
    if (!p->negative) return T(p->magnitude);
    // Negate in the unsigned domain so that the most negative value does not overflow.
    return T(~p->magnitude + 1);
  }
};
template <> struct Traits<int> : IntTraits<int> {};
template <> struct Traits<int64_t> : IntTraits<int64_t> {};
template <> struct Traits<uint32_t> : IntTraits<uint32_t> {};
template <> struct Traits<uint64_t> : IntTraits<uint64_t> {};

template <> struct Traits<double> {
  static constexpr const char* expected = "a number";
  static double parse(const std::string& text) {
    std::string_view s = text;
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    double v = 0;
    const char* end = s.data() + s.size();
    auto [p, ec] = std::from_chars(s.data(), end, v);
    if (ec != std::errc() || p != end || s.empty()) {
      // Hex integers are accepted wherever a number is.
      std::optional<ParsedInt> i = parse_int(text);
      if (!i || i->too_large) throw BadValue(fmt::format("expected {}, got '{}'", expected, text));
      v = i->negative ? -double(i->magnitude) : double(i->magnitude);
    }
    if (!std::isfinite(v)) throw BadValue(fmt::format("expected a finite number, got '{}'", text));
    return v;
  }
};

template <> struct Traits<std::string> {
  static constexpr const char* expected = "a string";
  static std::string parse(const std::string& s) { return s; }
};

template <typename T> T convert(const YAML::Node& v) {
  return Traits<T>::parse(scalar_text(v, Traits<T>::expected));
}

// Text recorded in the resolved tree. Formatting is done here (not by yaml-cpp's stream
// conversion) so doubles come out in shortest round-trip form: 0.1, not 0.10000000000000001.
template <typename T> std::string to_text(const T& v) {
  if constexpr (std::is_same_v<T, std::string>) {
    return v;
  } else {
    return fmt::format("{}", v);
  }
}

// Byte sizes -----------------------------------------------------------------------------

struct Unit {
  const char* name;
  uint64_t multiplier;
};
constexpr Unit kByteUnits[] = {
    {"B", 1}, {"KiB", 1ull << 10}, {"MiB", 1ull << 20}, {"GiB", 1ull << 30}, {"TiB", 1ull << 40}};

constexpr const char* kBytesExpected = "a byte size (an integer, or a number with a unit such as 64KiB)";

uint64_t parse_bytes(const YAML::Node& v) {
  const std::string& text = scalar_text(v, kBytesExpected);
  if (std::optional<ParsedInt> p = parse_int(text)) {
    if (p->negative && p->magnitude != 0)
      throw BadValue(fmt::format("expected {}, got negative value '{}'", kBytesExpected, text));
    if (p->too_large) throw BadValue(fmt::format("value {} does not fit in 64 bits", text));
    return p->magnitude;
  }
  // DIGITS [spaces] UNIT
  std::size_t i = 0;
  while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
  const std::string digits = text.substr(0, i);
  while (i < text.size() && text[i] == ' ') ++i;
  const std::string unit = text.substr(i);
  if (!digits.empty() && i < text.size() && text[i] == '.')
    throw BadValue(fmt::format("'{}' is not a whole number of units: write it in a smaller unit (e.g. 1536KiB, "
                               "not 1.5MiB)",
                               text));
  if (digits.empty() || unit.empty())
    throw BadValue(fmt::format("expected {}, got '{}'", kBytesExpected, text));
  for (const Unit& u : kByteUnits) {
    if (unit != u.name) continue;
    std::optional<ParsedInt> n = parse_int(digits);
    if (!n || n->too_large || n->magnitude > std::numeric_limits<uint64_t>::max() / u.multiplier)
      throw BadValue(fmt::format("value {} does not fit in 64 bits", text));
    return n->magnitude * u.multiplier;
  }
  // KB, MB, kB, M, ... mean 1000 to some readers and 1024 to others; insist on the
  // binary IEC units so a size is never off by 2.4% (or 7% at GiB).
  const char lead = char(std::toupper(static_cast<unsigned char>(unit[0])));
  if (lead == 'K' || lead == 'M' || lead == 'G' || lead == 'T')
    throw BadValue(fmt::format("ambiguous unit '{}' in '{}': write '{}{}iB' (binary units: B, KiB, "
                               "MiB, GiB, TiB)",
                               unit, text, digits, lead));
  throw BadValue(fmt::format("unknown unit '{}' in '{}' (use B, KiB, MiB, GiB or TiB)", unit, text));
}

// Parse-time validation ------------------------------------------------------------------

// Rejects duplicate and non-scalar mapping keys anywhere under N. yaml-cpp keeps both
// copies of a duplicated key and lookups silently return the first, so this has to be
// found by walking the pairs.
void validate_keys(const YAML::Node& n, const std::string& path, const std::string& file) {
  if (n.IsMap()) {
    std::map<std::string, int> seen;  // key -> line of first occurrence
    for (auto it = n.begin(); it != n.end(); ++it) {
      const YAML::Node k = it->first;  // a copy: it-> is a temporary proxy
      if (!k.IsScalar())
        throw ConfigError(file, line_of(k), path, fmt::format("mapping keys must be scalars, got {}", kind_name(k)));
      const std::string child = join_path(path, k.Scalar());
      auto [pos, inserted] = seen.emplace(k.Scalar(), line_of(k));
      if (!inserted)
        throw ConfigError(file, line_of(k), child,
                          fmt::format("duplicate key '{}' (first given on line {})", k.Scalar(), pos->second));
      validate_keys(it->second, child, file);
    }
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) validate_keys(n[i], element_path(path, i), file);
  }
}

// Reports the first key under mapping N (path PATH) that is not in USED.
void check_used(const YAML::Node& n, const std::string& path, const ConfigNode::State& state) {
  if (!n.IsMap()) return;
  for (auto it = n.begin(); it != n.end(); ++it) {
    const std::string name = it->first.Scalar();  // copies: it-> is a temporary proxy
    const std::string child = join_path(path, name);
    if (!state.used.count(child))
      throw located(state, line_of(it->first), child,
                        fmt::format("unknown key '{}' (not used by any model)", name));
    const YAML::Node v = it->second;
    if (v.IsMap()) {
      check_used(v, child, state);
    } else if (v.IsSequence()) {
      // Mappings in a sequence were read through children(); lists of scalars via get_list.
      for (std::size_t i = 0; i < v.size(); ++i) check_used(v[i], element_path(child, i), state);
    }
  }
}

YAML::Node new_map() { return YAML::Node(YAML::NodeType::Map); }

}  // namespace

// ---------------------------------------------------------------------------------------
// ConfigNode: construction

ConfigNode::ConfigNode(std::shared_ptr<State> state, YAML::Node node, std::string key_path, YAML::Node resolved)
    : ConfigNode(std::move(state), node, std::move(key_path), resolved, line_of(node)) {}

ConfigNode::ConfigNode(std::shared_ptr<State> state, YAML::Node node, std::string key_path, YAML::Node resolved,
                       int line)
    : state_(std::move(state)), node_(node), path_(std::move(key_path)), resolved_(resolved), line_(line) {}

ConfigNode& ConfigNode::operator=(const ConfigNode& other) {
  state_ = other.state_;
  node_.reset(other.node_);
  path_ = other.path_;
  resolved_.reset(other.resolved_);
  line_ = other.line_;
  return *this;
}

namespace {

// Counts the documents of a YAML stream, and where the second starts, without building
// them. yaml-cpp 0.7's LoadAll never ends on a stray ',' at the top level ("[a],", or a
// file starting with ','): each call yields another empty document without consuming the
// token, until memory runs out (found by fuzz/, fuzz/findings/timeout-*). Asking for at
// most two documents ends; two are an error anyway.
struct DocumentCounter : YAML::EventHandler {
  int documents = 0;
  int second_line = 0;
  void OnDocumentStart(const YAML::Mark& m) override {
    if (++documents == 2) second_line = m.line + 1;
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}
};

}  // namespace

ConfigNode ConfigNode::parse_string(const std::string& text, const std::string& source_name) {
  YAML::Node doc;
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    DocumentCounter counter;
    while (counter.documents < 2 && parser.HandleNextDocument(counter)) {
    }
    if (counter.documents > 1)
      throw ConfigError(source_name, counter.second_line, "",
                        "expected a single YAML document, found more than one (a second starts here)");
    doc = YAML::Load(text);  // the first document only
  } catch (const YAML::Exception& e) {
    throw ConfigError(source_name, e.mark.is_null() ? 0 : e.mark.line + 1, "", e.msg);
  }
  // An empty file (or one holding only comments) is an empty mapping.
  YAML::Node root = !doc.IsDefined() || doc.IsNull() ? new_map() : doc;
  if (!root.IsMap())
    throw ConfigError(source_name, line_of(root), "",
                      fmt::format("the top level must be a mapping of keys to values, got {}", kind_name(root)));
  validate_keys(root, "", source_name);
  auto state = std::make_shared<State>();
  state->file = source_name;
  return ConfigNode(state, root, "", new_map(), line_of(root));
}

ConfigNode ConfigNode::parse_file(const std::string& path) {
  std::error_code ec;
  // A directory opens as an empty stream on Linux; it must not read as an empty mapping.
  if (std::filesystem::is_directory(path, ec)) throw ConfigError(path, 0, "", "cannot open file: it is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw ConfigError(path, 0, "", fmt::format("cannot open file: {}", std::strerror(errno)));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw ConfigError(path, 0, "", "cannot read file");
  return parse_string(text.str(), path);
}

ConfigNode ConfigNode::empty(const std::string& source_name, const std::string& key_path) {
  auto state = std::make_shared<State>();
  state->file = source_name;
  return ConfigNode(state, new_map(), key_path, new_map(), 0);
}

// ---------------------------------------------------------------------------------------
// ConfigNode: helpers

std::pair<YAML::Node, YAML::Node> ConfigNode::find(const std::string& name) const {
  // Keys are unique (validate_keys), so the first match is the only one.
  for (auto it = node_.begin(); it != node_.end(); ++it)
    if (it->first.Scalar() == name) return {it->first, it->second};
  return {YAML::Node(YAML::NodeType::Undefined), YAML::Node(YAML::NodeType::Undefined)};
}

int ConfigNode::key_line(const std::string& name) const {
  const YAML::Node k = find(name).first;
  return k.IsDefined() ? line_of(k) : line_;
}

std::string ConfigNode::key_path_of(const std::string& name) const { return join_path(path_, name); }

YAML::Node ConfigNode::record(const std::string& name) const {
  state_->used.insert(key_path_of(name));
  YAML::Node r = resolved_;  // a handle on the same tree; the member itself is const here
  return r[name];
}

bool ConfigNode::has(const std::string& key) const { return find(key).first.IsDefined(); }

std::vector<std::string> ConfigNode::keys() const {
  std::vector<std::string> out;
  for (auto it = node_.begin(); it != node_.end(); ++it) out.push_back(it->first.Scalar());
  return out;
}

namespace {

// Marks every key under N (path PATH) used, for raw().
void mark_used(const YAML::Node& n, const std::string& path, std::set<std::string>& used) {
  if (n.IsMap()) {
    for (auto it = n.begin(); it != n.end(); ++it) {
      const std::string child = join_path(path, it->first.Scalar());
      used.insert(child);
      mark_used(it->second, child, used);
    }
  } else if (n.IsSequence()) {
    for (std::size_t i = 0; i < n.size(); ++i) mark_used(n[i], element_path(path, i), used);
  }
}

}  // namespace

YAML::Node ConfigNode::raw(const std::string& key) const {
  const YAML::Node v = find(key).second;
  if (!v.IsDefined()) return v;
  record(key) = YAML::Clone(v);
  mark_used(v, key_path_of(key), state_->used);
  return v;
}

YAML::Node ConfigNode::tree() const { return node_; }

void ConfigNode::note_origin(const std::string& key_path, const std::string& file, int line) const {
  state_->origins.push_back({key_path, file, line});
}

const std::string& ConfigNode::file() const { return state_->file; }
const std::string& ConfigNode::key_path() const { return path_; }
int ConfigNode::line() const { return line_; }

void ConfigNode::fail(const std::string& key, const std::string& message) const {
  if (key.empty()) throw located(*state_, line_, path_, message);
  throw located(*state_, key_line(key), key_path_of(key), message);
}

// ---------------------------------------------------------------------------------------
// ConfigNode: scalars

template <typename T> T ConfigNode::get(const std::string& key) const {
  auto [k, v] = find(key);
  if (!k.IsDefined()) throw located(*state_, line_, key_path_of(key), "missing required key");
  T value;
  try {
    value = convert<T>(v);
  } catch (const BadValue& e) {
    throw located(*state_, line_of(k), key_path_of(key), e.what());
  }
  record(key) = to_text(value);
  return value;
}

template <typename T> T ConfigNode::get(const std::string& key, const T& fallback) const {
  if (!has(key)) {
    record(key) = to_text(fallback);
    return fallback;
  }
  return get<T>(key);
}

template <typename T>
T ConfigNode::get(const std::string& key, const T& fallback, const T& lo, const T& hi) const {
  T value = get<T>(key, fallback);
  // The fallback is the model's own choice; only values from the file are range-checked.
  if (has(key) && (value < lo || hi < value))
    fail(key, fmt::format("value {} is outside [{}, {}]", to_text(value), to_text(lo), to_text(hi)));
  return value;
}

uint64_t ConfigNode::get_bytes(const std::string& key) const {
  auto [k, v] = find(key);
  if (!k.IsDefined()) throw located(*state_, line_, key_path_of(key), "missing required key");
  uint64_t value = 0;
  try {
    value = parse_bytes(v);
  } catch (const BadValue& e) {
    throw located(*state_, line_of(k), key_path_of(key), e.what());
  }
  record(key) = to_text(value);
  return value;
}

uint64_t ConfigNode::get_bytes(const std::string& key, uint64_t fallback) const {
  if (!has(key)) {
    record(key) = to_text(fallback);
    return fallback;
  }
  return get_bytes(key);
}

template <typename T>
std::vector<T> ConfigNode::get_list(const std::string& key, const std::vector<T>& fallback) const {
  auto [k, v] = find(key);
  std::vector<T> values;
  if (!k.IsDefined()) {
    values = fallback;
  } else if (v.IsNull()) {
    // "key:" with nothing after it is an empty list.
  } else if (!v.IsSequence()) {
    throw located(*state_, line_of(k), key_path_of(key),
                      fmt::format("expected a list, got {}", describe(v)));
  } else {
    for (std::size_t i = 0; i < v.size(); ++i) {
      try {
        values.push_back(convert<T>(v[i]));
      } catch (const BadValue& e) {
        throw located(*state_, line_of(v[i]), element_path(key_path_of(key), i), e.what());
      }
    }
  }
  YAML::Node seq(YAML::NodeType::Sequence);
  seq.SetStyle(YAML::EmitterStyle::Flow);
  for (const T& x : values) seq.push_back(to_text(x));
  record(key) = seq;
  return values;
}

// ---------------------------------------------------------------------------------------
// ConfigNode: sub-mappings

ConfigNode ConfigNode::child(const std::string& key) const {
  if (!has(key)) throw located(*state_, line_, key_path_of(key), "missing required section");
  return child_or_empty(key);
}

ConfigNode ConfigNode::child_or_empty(const std::string& key) const {
  auto [k, v] = find(key);
  YAML::Node node;
  if (!k.IsDefined() || v.IsNull()) {
    node = new_map();  // absent, or "key:" with nothing after it
  } else if (v.IsMap()) {
    node = v;
  } else {
    throw located(*state_, line_of(k), key_path_of(key),
                      fmt::format("expected a mapping, got {}", describe(v)));
  }
  YAML::Node slot = record(key);
  // Reading the same section twice must not drop what the first reader recorded.
  if (!slot.IsMap()) slot = new_map();
  return ConfigNode(state_, node, key_path_of(key), slot, k.IsDefined() ? line_of(k) : 0);
}

std::vector<ConfigNode> ConfigNode::children(const std::string& key) const {
  auto [k, v] = find(key);
  if (k.IsDefined() && !v.IsNull() && !v.IsSequence())
    throw located(*state_, line_of(k), key_path_of(key),
                      fmt::format("expected a list of mappings, got {}", describe(v)));
  const std::string seq_path = key_path_of(key);
  std::vector<YAML::Node> elements;
  if (k.IsDefined() && v.IsSequence()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      YAML::Node element = v[i];
      if (element.IsNull()) {
        element = new_map();  // a bare "-" is an empty mapping
      } else if (!element.IsMap()) {
        throw located(*state_, line_of(element), element_path(seq_path, i),
                          fmt::format("expected a mapping, got {}", describe(element)));
      }
      elements.push_back(element);
    }
  }

  YAML::Node slot = record(key);
  // A second children() call on the same key keeps what the first one recorded.
  if (!slot.IsSequence() || slot.size() != elements.size()) {
    YAML::Node seq(YAML::NodeType::Sequence);
    for (std::size_t i = 0; i < elements.size(); ++i) seq.push_back(new_map());
    slot = seq;
  }
  std::vector<ConfigNode> out;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    // Element handles must come from SLOT so that they allocate in the resolved tree's
    // memory: yaml-cpp frees nodes with the last handle on the memory they were made in.
    out.push_back(ConfigNode(state_, elements[i], element_path(seq_path, i), slot[i], line_of(v[i])));
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// ConfigNode: whole-tree checks

void ConfigNode::check_all_used() const { check_used(node_, path_, *state_); }

YAML::Node ConfigNode::resolved() const { return YAML::Clone(resolved_); }

// ---------------------------------------------------------------------------------------
// Explicit instantiations for the supported types.

#define SMVN_CONFIG_SCALAR(T)                                                            \
  template T ConfigNode::get<T>(const std::string&) const;                              \
  template T ConfigNode::get<T>(const std::string&, const T&) const;                    \
  template T ConfigNode::get<T>(const std::string&, const T&, const T&, const T&) const;
SMVN_CONFIG_SCALAR(bool)
SMVN_CONFIG_SCALAR(int)
SMVN_CONFIG_SCALAR(int64_t)
SMVN_CONFIG_SCALAR(uint32_t)
SMVN_CONFIG_SCALAR(uint64_t)
SMVN_CONFIG_SCALAR(double)
SMVN_CONFIG_SCALAR(std::string)
#undef SMVN_CONFIG_SCALAR

#define SMVN_CONFIG_LIST(T) \
  template std::vector<T> ConfigNode::get_list<T>(const std::string&, const std::vector<T>&) const;
SMVN_CONFIG_LIST(uint32_t)
SMVN_CONFIG_LIST(uint64_t)
SMVN_CONFIG_LIST(int)
SMVN_CONFIG_LIST(double)
SMVN_CONFIG_LIST(std::string)
#undef SMVN_CONFIG_LIST

}  // namespace smvn
