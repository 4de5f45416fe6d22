// Statistics registry: components own their counters and register them by name; the
// registry only reads them when a run's statistics are written. Output follows gem5's
// stats.txt convention (`name value # description`) and the same content as JSON.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace smvn {

// A fixed-width bucketed histogram of unsigned samples; the last bucket collects overflow.
class Histogram {
 public:
  // Bucket i < buckets-1 holds [i*width, (i+1)*width - 1]; the last one holds every
  // value from (buckets-1)*width up. Both arguments must be at least 1.
  Histogram(uint64_t bucket_width = 1, std::size_t buckets = 16);

  // Inline: models sample on their hot paths (an L2 bank samples every request).
  void sample(uint64_t value, uint64_t times = 1) {
    if (times == 0) return;
    if (value == 0) {  // the common sample of a queue (no wait): nothing to divide or add
      min_ = 0;
      buckets_[0] += times;
      count_ += times;
      return;
    }
    // min_ starts at the largest value and max_ at zero, so the first sample sets both.
    if (value < min_) min_ = value;
    if (value > max_) max_ = value;
    buckets_[bucket_of(value)] += times;
    count_ += times;
    sum_ += value * times;
  }
  void reset();

  uint64_t count() const { return count_; }
  uint64_t sum() const { return sum_; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  double mean() const { return count_ ? double(sum_) / double(count_) : 0.0; }
  uint64_t bucket_width() const { return width_; }
  const std::vector<uint64_t>& buckets() const { return buckets_; }
  // The running totals, for registries that read them as counters.
  const uint64_t& count_ref() const { return count_; }
  const uint64_t& sum_ref() const { return sum_; }

 private:
  // value / width_ without the divide (tens of cycles on the models' hot paths): the high
  // half of a 128-bit product with a precomputed reciprocal, exact for every value below
  // overflow_ (see the constructor); a plain divide only where no such reciprocal exists.
  // One compare on the common path: magic_below_ is overflow_ when the reciprocal exists.
  std::size_t bucket_of(uint64_t value) const {
    if (value < magic_below_) return std::size_t(uint64_t((unsigned __int128)value * magic_ >> 64) >> magic_shift_);
    return bucket_slow(value);
  }
  std::size_t bucket_slow(uint64_t value) const {
    if (value >= overflow_) return buckets_.size() - 1;
    return std::size_t(value / width_);
  }

  uint64_t width_;
  std::vector<uint64_t> buckets_;
  uint64_t overflow_;        // first value of the last (overflow) bucket
  uint64_t magic_below_ = 0;  // overflow_, or 0 where no exact reciprocal exists (width 1)
  uint64_t magic_ = 0;        // ceil(2^(64 + magic_shift_) / width_)
  unsigned magic_shift_ = 0;
  uint64_t count_ = 0, sum_ = 0, min_ = ~uint64_t(0), max_ = 0;
};

// Registry of every statistic in one simulation. Names are hierarchical and dotted
// (`cluster.node0.core0.l1d.read_hits`); a name may be registered only once.
class StatsRegistry {
 public:
  // A counter the component increments itself; read when statistics are written.
  void counter(const std::string& name, const uint64_t& value, const std::string& desc);
  // A derived value (rate, ratio, formula) computed when statistics are written.
  void formula(const std::string& name, std::function<double()> value, const std::string& desc);
  void histogram(const std::string& name, const Histogram& h, const std::string& desc);
  // The registry keeps a pointer to what it is given: a temporary (including a uint32_t
  // converted on the way in) would dangle, so those do not compile.
  void counter(const std::string& name, const uint64_t&& value, const std::string& desc) = delete;
  void histogram(const std::string& name, const Histogram&& h, const std::string& desc) = delete;

  bool contains(const std::string& name) const;
  // Current value of a counter or formula (histograms: their sample count). Throws
  // std::out_of_range naming the statistic when it is unknown.
  double value(const std::string& name) const;

  // gem5 style, sorted by name, deterministic formatting (no host-dependent fields).
  void write_text(std::ostream& out) const;
  nlohmann::json to_json() const;

 private:
  struct Entry {
    enum class Kind { Counter, Formula, Histogram } kind;
    const uint64_t* counter = nullptr;
    std::function<double()> formula;
    const Histogram* histogram = nullptr;
    std::string desc;
  };
  void add(const std::string& name, Entry e);
  std::map<std::string, Entry> entries_;
};

}  // namespace smvn
