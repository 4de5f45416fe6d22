#include "apps/fitted_config.h"

#include <sstream>

#include <yaml-cpp/yaml.h>

#include "sim/config.h"
#include "sim/config_override.h"

namespace smvn {

namespace {

// The value node at a dotted KEY (no list steps), or undefined; and the key node of its
// last step.
std::pair<YAML::Node, YAML::Node> find_path(const YAML::Node& root, const std::string& key) {
  YAML::Node cur = root, key_node;
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t dot = key.find('.', start);
    if (dot == std::string::npos) dot = key.size();
    const std::string name = key.substr(start, dot - start);
    if (!cur.IsMap()) return {};
    YAML::Node next(YAML::NodeType::Undefined);
    for (auto it = cur.begin(); it != cur.end(); ++it)
      if (it->first.Scalar() == name) {
        key_node.reset(it->first);
        next.reset(it->second);
      }
    if (!next.IsDefined()) return {};
    cur.reset(next);
    start = dot + 1;
  }
  return {cur, key_node};
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string l;
  while (std::getline(in, l)) lines.push_back(l);
  return lines;
}

// Replaces the plain scalar after "NAME:" on LINE with VALUE; false if it is not there.
bool replace_on_line(std::string& line, const std::string& name, const std::string& old_value,
                     const std::string& value) {
  const std::size_t k = line.find(name + ":");
  if (k == std::string::npos) return false;
  const std::size_t v = line.find(old_value, k + name.size() + 1);
  if (v == std::string::npos) return false;
  line.replace(v, old_value.size(), value);
  const std::size_t hash = line.find(" #", v + value.size());
  if (hash == std::string::npos)
    line += "  # fitted (see the top of the file)";
  else
    line.insert(hash + 2, " fitted;");
  return true;
}

}  // namespace

std::string fitted_config_text(const std::string& text, const std::string& file,
                               const std::vector<std::pair<std::string, std::string>>& values,
                               const std::vector<std::string>& header) {
  std::string top;
  for (const std::string& h : header) top += "# " + h + "\n";

  const YAML::Node root = YAML::Load(text);
  std::vector<std::string> lines = split_lines(text);
  bool in_place = true;
  for (const auto& [key, value] : values) {
    const auto [node, key_node] = find_path(root, key);
    if (!node.IsDefined() || !node.IsScalar() || node.Mark().is_null() ||
        std::size_t(node.Mark().line) >= lines.size()) {
      in_place = false;
      break;
    }
    const std::string name = key.substr(key.rfind('.') == std::string::npos ? 0 : key.rfind('.') + 1);
    if (!replace_on_line(lines[std::size_t(node.Mark().line)], name, node.Scalar(), value)) {
      in_place = false;
      break;
    }
  }
  if (in_place) {
    std::string out = top;
    for (const std::string& l : lines) out += l + "\n";
    return out;
  }

  // Not every key is spelled out in the file: set them in the parsed tree and write it
  // out again.
  ConfigNode parsed = ConfigNode::parse_string(text, file);
  for (const auto& [key, value] : values) {
    ConfigOverride o;
    o.key = key;
    o.value = YAML::Load(value);
    o.origin_file = file;
    apply_override(parsed, o);
  }
  YAML::Emitter e;
  e << parsed.tree();
  return top + "# (written again by smvn calibrate because a fitted key was not in " + file +
         ": the original's comments are not kept)\n" + e.c_str() + "\n";
}

}  // namespace smvn
