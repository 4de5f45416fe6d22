#include "apps/osu_metric.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace smvn {

namespace {

struct Quantity {
  const char* name;
  const char* program;
  const char* unit;
};
constexpr Quantity kQuantities[] = {
    {"lat", "osu_latency", "us"},
    {"bw", "osu_bw", "MB/s"},
    {"bibw", "osu_bibw", "MB/s"},
    {"mlat", "osu_multi_lat", "us"},
};

}  // namespace

std::optional<OsuMetric> parse_osu_metric(const std::string& name, std::string* why) {
  const auto bad = [&](const std::string& w) {
    if (why) *why = w;
    return std::nullopt;
  };
  const std::size_t at = name.find('@');
  if (at == std::string::npos)
    return bad("'" + name + "' is not QUANTITY@SIZE (e.g. bw@4194304, lat@0; quantities: lat, bw, bibw, mlat)");
  const std::string q = name.substr(0, at), digits = name.substr(at + 1);
  if (digits.empty() || digits.size() > 12 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
    return bad("'" + name + "': the size after '@' must be a number of bytes");
  for (const Quantity& k : kQuantities) {
    if (q != k.name) continue;
    OsuMetric m;
    m.quantity = q;
    m.size = std::stoull(digits);
    m.program = k.program;
    m.unit = k.unit;
    return m;
  }
  return bad("'" + name + "': unknown quantity '" + q + "' (known: lat, bw, bibw, mlat)");
}

std::map<uint64_t, double> osu_rows(const std::string& output) {
  std::map<uint64_t, double> rows;
  std::istringstream in(output);
  std::string line;
  bool in_table = false;
  while (std::getline(in, line)) {
    if (line.rfind("# Size", 0) == 0) {
      in_table = true;
      continue;
    }
    if (!in_table || line.empty() || line[0] == '#') continue;
    std::istringstream row(line);
    long long size = -1;
    double v = 0;
    std::string rest;
    if (!(row >> size >> v) || size < 0 || (row >> rest)) continue;
    rows[uint64_t(size)] = v;
  }
  return rows;
}

}  // namespace smvn
