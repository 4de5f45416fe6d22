// Statistics registry and histogram (see stats.h).
#include "sim/stats.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <stdexcept>

#include <fmt/format.h>

namespace smvn {

// ---------------------------------------------------------------------------------------
// Histogram

Histogram::Histogram(uint64_t bucket_width, std::size_t buckets) : width_(bucket_width), buckets_(buckets, 0) {
  if (bucket_width == 0) throw std::invalid_argument("Histogram: bucket width must be at least 1");
  if (buckets == 0) throw std::invalid_argument("Histogram: there must be at least one bucket");
  const uint64_t last = buckets - 1;
  overflow_ = bucket_width > ~uint64_t(0) / (last ? last : 1) ? ~uint64_t(0) : bucket_width * last;
  // bucket_of() divides only values below overflow_, that is below 2^n. For such values
  // floor(v / w) = floor(v * m / 2^s) when 2^s <= m * w <= 2^s + 2^(s - n) (Granlund and
  // Montgomery, "Division by invariant integers using multiplication", PLDI 1994, thm 4.2);
  // m = ceil(2^s / w) with s >= n + ceil(log2 w) satisfies it. s is at least 64 so that
  // bucket_of() takes the high half of the product; m must fit in 64 bits.
  if (overflow_ > 0 && bucket_width >= 2) {
    unsigned n = 0, l = 0;
    while (n < 64 && (overflow_ - 1) >> n) ++n;
    while (l < 64 && (uint64_t(1) << l) < bucket_width) ++l;
    const unsigned s = std::max(64u, n + l);
    if (s < 128) {
      using u128 = unsigned __int128;
      const u128 m = ((u128(1) << s) + bucket_width - 1) / bucket_width;
      if (m >> 64 == 0) {
        magic_ = uint64_t(m);
        magic_shift_ = s - 64;
        magic_below_ = overflow_;
      }
    }
  }
}


void Histogram::reset() {
  std::fill(buckets_.begin(), buckets_.end(), 0);
  count_ = sum_ = max_ = 0;
  min_ = ~uint64_t(0);
}

// ---------------------------------------------------------------------------------------
// StatsRegistry

namespace {

// Lines a histogram NAME writes besides its buckets; no other statistic may take them.
constexpr const char* kHistogramFields[] = {"samples", "mean", "min", "max"};

// Formulas use a fixed number of decimals so the text never depends on the value's
// magnitude or on the host's printf; non-finite values get one spelling each.
std::string format_real(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) v = 0;  // no "-0.000000"
  return fmt::format("{:.6f}", v);
}

void write_line(std::ostream& out, const std::string& name, const std::string& value, const std::string& desc) {
  std::string line = fmt::format("{:<60} {:>20}", name, value);
  if (!desc.empty()) line += " # " + desc;
  out << line << '\n';
}

nlohmann::json real_json(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

}  // namespace

void StatsRegistry::counter(const std::string& name, const uint64_t& value, const std::string& desc) {
  Entry e;
  e.kind = Entry::Kind::Counter;
  e.counter = &value;
  e.desc = desc;
  add(name, std::move(e));
}

void StatsRegistry::formula(const std::string& name, std::function<double()> value, const std::string& desc) {
  if (!value) throw std::invalid_argument("statistic '" + name + "': empty formula");
  Entry e;
  e.kind = Entry::Kind::Formula;
  e.formula = std::move(value);
  e.desc = desc;
  add(name, std::move(e));
}

void StatsRegistry::histogram(const std::string& name, const Histogram& h, const std::string& desc) {
  Entry e;
  e.kind = Entry::Kind::Histogram;
  e.histogram = &h;
  e.desc = desc;
  add(name, std::move(e));
}

void StatsRegistry::add(const std::string& name, Entry e) {
  // The text format is whitespace-separated, so a name must be one word.
  if (name.empty() || std::any_of(name.begin(), name.end(), [](unsigned char c) { return std::isspace(c); }))
    throw std::invalid_argument("invalid statistic name '" + name + "'");
  if (entries_.count(name)) throw std::logic_error("statistic '" + name + "' is registered twice");

  // Keep text lines unique: "h.mean" may not be both a statistic and a line of histogram "h".
  auto field_clash = [&](const std::string& hist, const std::string& other) {
    for (const char* f : kHistogramFields)
      if (other == hist + "." + f)
        throw std::logic_error("statistic '" + other + "' collides with the line of the same name written by histogram '" +
                               hist + "'");
  };
  const std::size_t dot = name.rfind('.');
  if (dot != std::string::npos) {
    auto it = entries_.find(name.substr(0, dot));
    if (it != entries_.end() && it->second.kind == Entry::Kind::Histogram) field_clash(it->first, name);
  }
  if (e.kind == Entry::Kind::Histogram)
    for (const char* f : kHistogramFields)
      if (entries_.count(name + "." + f)) field_clash(name, name + "." + f);

  entries_.emplace(name, std::move(e));
}

bool StatsRegistry::contains(const std::string& name) const { return entries_.count(name) != 0; }

double StatsRegistry::value(const std::string& name) const {
  auto it = entries_.find(name);
  if (it == entries_.end()) throw std::out_of_range("unknown statistic '" + name + "'");
  const Entry& e = it->second;
  switch (e.kind) {
    case Entry::Kind::Counter: return double(*e.counter);
    case Entry::Kind::Formula: return e.formula();
    case Entry::Kind::Histogram: return double(e.histogram->count());
  }
  return 0;  // unreachable
}

void StatsRegistry::write_text(std::ostream& out) const {
  out << "---------- Begin Simulation Statistics ----------\n";
  for (const auto& [name, e] : entries_) {  // std::map: sorted by name
    switch (e.kind) {
      case Entry::Kind::Counter:
        write_line(out, name, fmt::format("{}", *e.counter), e.desc);
        break;
      case Entry::Kind::Formula:
        write_line(out, name, format_real(e.formula()), e.desc);
        break;
      case Entry::Kind::Histogram: {
        const Histogram& h = *e.histogram;
        write_line(out, name + ".samples", fmt::format("{}", h.count()), e.desc);
        write_line(out, name + ".mean", format_real(h.mean()), e.desc);
        write_line(out, name + ".min", fmt::format("{}", h.min()), e.desc);
        write_line(out, name + ".max", fmt::format("{}", h.max()), e.desc);
        const auto& b = h.buckets();
        for (std::size_t i = 0; i < b.size(); ++i) {
          if (b[i] == 0) continue;
          const bool overflow = i + 1 == b.size();
          const uint64_t lo = i * h.bucket_width();
          const std::string label =
              overflow ? name + "::overflow" : fmt::format("{}::{}-{}", name, lo, lo + h.bucket_width() - 1);
          write_line(out, label, fmt::format("{}", b[i]), e.desc);
        }
        break;
      }
    }
  }
  out << "---------- End Simulation Statistics   ----------\n";
}

nlohmann::json StatsRegistry::to_json() const {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& [name, e] : entries_) {
    switch (e.kind) {
      case Entry::Kind::Counter:
        j[name] = *e.counter;
        break;
      case Entry::Kind::Formula:
        j[name] = real_json(e.formula());
        break;
      case Entry::Kind::Histogram: {
        const Histogram& h = *e.histogram;
        j[name] = {{"samples", h.count()}, {"mean", real_json(h.mean())}, {"min", h.min()},
                   {"max", h.max()},       {"bucket_width", h.bucket_width()}, {"buckets", h.buckets()}};
        break;
      }
    }
  }
  return j;
}

}  // namespace smvn
