// Statistics registry: text and JSON output, histograms, name checks.
#include <cmath>
#include <limits>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/stats.h"

namespace smvn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string text_of(const StatsRegistry& r) {
  std::ostringstream out;
  r.write_text(out);
  return out.str();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// NAME padded to 60 columns, a space, VALUE right-aligned in 20, then the description.
std::string expected_line(const std::string& name, const std::string& value, const std::string& desc) {
  std::string line = name + std::string(name.size() < 60 ? 60 - name.size() : 0, ' ') + " ";
  line += std::string(value.size() < 20 ? 20 - value.size() : 0, ' ') + value;
  if (!desc.empty()) line += " # " + desc;
  return line;
}

const char* kBegin = "---------- Begin Simulation Statistics ----------";
const char* kEnd = "---------- End Simulation Statistics   ----------";

// ---- Histogram ----------------------------------------------------------------------

TEST(Histogram, BucketsAndOverflow) {
  Histogram h(10, 4);  // [0,9] [10,19] [20,29] [30,inf)
  for (uint64_t v : {0, 5, 15, 35, 100}) h.sample(v);
  EXPECT_EQ(h.buckets(), (std::vector<uint64_t>{2, 1, 0, 2}));
  EXPECT_EQ(h.count(), 5u);
  EXPECT_EQ(h.sum(), 155u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 100u);
  EXPECT_DOUBLE_EQ(h.mean(), 31.0);
}

TEST(Histogram, BucketEdges) {
  Histogram h(4, 3);
  h.sample(3);
  h.sample(4);
  h.sample(7);
  h.sample(8);
  EXPECT_EQ(h.buckets(), (std::vector<uint64_t>{1, 2, 1}));
}

TEST(Histogram, RepeatedSamplesAndReset) {
  Histogram h(1, 8);
  h.sample(3, 5);
  h.sample(6, 0);  // no-op
  EXPECT_EQ(h.count(), 5u);
  EXPECT_EQ(h.sum(), 15u);
  EXPECT_EQ(h.buckets()[3], 5u);
  EXPECT_EQ(h.max(), 3u);
  h.reset();
  EXPECT_EQ(h.count(), 0u);
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.max(), 0u);
  EXPECT_EQ(h.buckets()[3], 0u);
  h.sample(9);
  EXPECT_EQ(h.min(), 9u);  // min restarts after a reset
}

TEST(Histogram, EmptyHasZeroStatistics) {
  Histogram h;
  EXPECT_EQ(h.min(), 0u);
  EXPECT_EQ(h.mean(), 0.0);
  EXPECT_EQ(h.buckets().size(), 16u);
  EXPECT_EQ(h.bucket_width(), 1u);
}

// The bucket index is a multiply by a reciprocal, not a divide: it must agree with the
// divide at every bucket edge, for small, odd, power-of-two and huge widths.
TEST(Histogram, BucketIndexMatchesDivision) {
  const uint64_t widths[] = {1, 2, 3, 7, 10, 1905, 4096, 999'999'937, uint64_t(1) << 40,
                             (uint64_t(1) << 62) + 1, ~uint64_t(0) / 3};
  const std::size_t counts[] = {1, 2, 5, 32, 1000};
  for (uint64_t w : widths) {
    for (std::size_t n : counts) {
      Histogram h(w, n);
      std::vector<uint64_t> expect(n, 0);
      // The overflow bucket starts at (n - 1) * w, or at 2^64 - 1 when that is larger.
      const uint64_t overflow = n > 1 && w > ~uint64_t(0) / (n - 1) ? ~uint64_t(0) : w * (n - 1);
      auto check = [&](uint64_t v) {
        ++expect[v >= overflow ? n - 1 : std::size_t(v / w)];
        h.sample(v);
      };
      for (uint64_t k = 0; k <= n + 1; ++k) {
        const uint64_t edge = k * w;
        if (k && edge / k != w) break;  // past 2^64
        check(edge);
        if (edge) check(edge - 1);
        if (edge + 1 > edge) check(edge + 1);
      }
      check(~uint64_t(0));
      check(~uint64_t(0) - 1);
      EXPECT_EQ(h.buckets(), expect) << "width " << w << ", " << n << " buckets";
    }
  }
}

TEST(Histogram, RejectsZeroWidthOrNoBuckets) {
  EXPECT_THROW(Histogram(0, 4), std::invalid_argument);
  EXPECT_THROW(Histogram(1, 0), std::invalid_argument);
}

// ---- text output ----------------------------------------------------------------------

TEST(StatsText, CounterLineFormat) {
  StatsRegistry r;
  uint64_t hits = 1234;
  r.counter("cluster.node0.l1d.read_hits", hits, "read hits");
  const auto lines = lines_of(text_of(r));
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], kBegin);
  EXPECT_EQ(lines[1], expected_line("cluster.node0.l1d.read_hits", "1234", "read hits"));
  EXPECT_EQ(lines[2], kEnd);
}

TEST(StatsText, EmptyDescriptionHasNoComment) {
  StatsRegistry r;
  uint64_t n = 3;
  r.counter("n", n, "");
  const auto lines = lines_of(text_of(r));
  EXPECT_EQ(lines[1], expected_line("n", "3", ""));
  EXPECT_THAT(lines[1], Not(HasSubstr("#")));
}

TEST(StatsText, LongNamesAreNotTruncated) {
  StatsRegistry r;
  uint64_t n = 1;
  const std::string name(70, 'x');
  r.counter(name, n, "d");
  EXPECT_EQ(lines_of(text_of(r))[1], name + " " + std::string(19, ' ') + "1 # d");
}

TEST(StatsText, SortedByName) {
  StatsRegistry r;
  uint64_t a = 1, b = 2, c = 3;
  r.counter("node1.core0.insts", b, "");
  r.counter("node0.core1.insts", c, "");
  r.counter("node0.core0.insts", a, "");
  const auto lines = lines_of(text_of(r));
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(lines[1].substr(0, 17), "node0.core0.insts");
  EXPECT_EQ(lines[2].substr(0, 17), "node0.core1.insts");
  EXPECT_EQ(lines[3].substr(0, 17), "node1.core0.insts");
}

TEST(StatsText, CountersAreReadWhenWritten) {
  StatsRegistry r;
  uint64_t n = 0;
  r.counter("n", n, "");
  n = 42;
  EXPECT_THAT(text_of(r), HasSubstr(expected_line("n", "42", "")));
  EXPECT_EQ(r.value("n"), 42.0);
}

TEST(StatsText, LargeCounterPrintedAsInteger) {
  StatsRegistry r;
  uint64_t n = std::numeric_limits<uint64_t>::max();
  r.counter("n", n, "");
  EXPECT_THAT(text_of(r), HasSubstr(" 18446744073709551615\n"));
}

TEST(StatsText, FormulasHaveSixDecimals) {
  StatsRegistry r;
  r.formula("third", [] { return 1.0 / 3.0; }, "a third");
  r.formula("two", [] { return 2.0; }, "");
  r.formula("neg_zero", [] { return -0.0; }, "");
  r.formula("big", [] { return 12345678.9; }, "");
  const std::string t = text_of(r);
  EXPECT_THAT(t, HasSubstr(expected_line("third", "0.333333", "a third")));
  EXPECT_THAT(t, HasSubstr(expected_line("two", "2.000000", "")));
  EXPECT_THAT(t, HasSubstr(expected_line("neg_zero", "0.000000", "")));
  EXPECT_THAT(t, HasSubstr(expected_line("big", "12345678.900000", "")));
}

TEST(StatsText, NonFiniteFormulas) {
  StatsRegistry r;
  r.formula("a_nan", [] { return std::nan(""); }, "");
  r.formula("b_neg_nan", [] { return -std::nan(""); }, "");
  r.formula("c_inf", [] { return std::numeric_limits<double>::infinity(); }, "");
  r.formula("d_ninf", [] { return -std::numeric_limits<double>::infinity(); }, "");
  const auto lines = lines_of(text_of(r));
  EXPECT_EQ(lines[1], expected_line("a_nan", "nan", ""));
  EXPECT_EQ(lines[2], expected_line("b_neg_nan", "nan", ""));
  EXPECT_EQ(lines[3], expected_line("c_inf", "inf", ""));
  EXPECT_EQ(lines[4], expected_line("d_ninf", "-inf", ""));
}

TEST(StatsText, HistogramLines) {
  StatsRegistry r;
  Histogram h(10, 4);
  for (uint64_t v : {0, 5, 15, 35, 100}) h.sample(v);
  r.histogram("lat", h, "latency");
  const auto lines = lines_of(text_of(r));
  const std::vector<std::string> expected = {
      kBegin,
      expected_line("lat.samples", "5", "latency"),
      expected_line("lat.mean", "31.000000", "latency"),
      expected_line("lat.min", "0", "latency"),
      expected_line("lat.max", "100", "latency"),
      expected_line("lat::0-9", "2", "latency"),
      expected_line("lat::10-19", "1", "latency"),
      expected_line("lat::overflow", "2", "latency"),  // [20,29] is empty: no line
      kEnd,
  };
  EXPECT_EQ(lines, expected);
}

TEST(StatsText, HistogramWithoutOverflowHasNoOverflowLine) {
  StatsRegistry r;
  Histogram h(1, 4);
  h.sample(2);
  r.histogram("h", h, "");
  const std::string t = text_of(r);
  EXPECT_THAT(t, HasSubstr(expected_line("h::2-2", "1", "")));
  EXPECT_THAT(t, Not(HasSubstr("overflow")));
}

TEST(StatsText, IdenticalRegistriesWriteIdenticalText) {
  auto build = [](StatsRegistry& r, uint64_t& c, Histogram& h) {
    r.counter("z.count", c, "count");
    r.formula("a.rate", [&c] { return double(c) / 7.0; }, "rate");
    r.histogram("m.lat", h, "latency");
  };
  uint64_t c1 = 99, c2 = 99;
  Histogram h1(8, 8), h2(8, 8);
  for (uint64_t v : {1, 9, 17, 200}) {
    h1.sample(v);
    h2.sample(v);
  }
  StatsRegistry r1, r2;
  build(r1, c1, h1);
  build(r2, c2, h2);
  EXPECT_EQ(text_of(r1), text_of(r2));
  EXPECT_EQ(r1.to_json().dump(), r2.to_json().dump());
  c2 = 100;  // and a different value does show
  EXPECT_NE(text_of(r1), text_of(r2));
}

// ---- JSON ---------------------------------------------------------------------------

TEST(StatsJson, FlatObjectWithHistogramObjects) {
  StatsRegistry r;
  uint64_t n = 17;
  Histogram h(10, 4);
  for (uint64_t v : {0, 5, 15, 35, 100}) h.sample(v);
  r.counter("node0.l1d.misses", n, "misses");
  r.formula("node0.l1d.miss_rate", [] { return 0.25; }, "rate");
  r.formula("node0.bad", [] { return std::nan(""); }, "");
  r.formula("node0.worse", [] { return std::numeric_limits<double>::infinity(); }, "");
  r.histogram("node0.lat", h, "latency");

  const nlohmann::json j = r.to_json();
  ASSERT_TRUE(j.is_object());
  EXPECT_EQ(j.size(), 5u);
  ASSERT_TRUE(j["node0.l1d.misses"].is_number_unsigned());
  EXPECT_EQ(j["node0.l1d.misses"].get<uint64_t>(), 17u);
  EXPECT_DOUBLE_EQ(j["node0.l1d.miss_rate"].get<double>(), 0.25);
  EXPECT_TRUE(j["node0.bad"].is_null());
  EXPECT_TRUE(j["node0.worse"].is_null());

  const nlohmann::json& hj = j["node0.lat"];
  EXPECT_EQ(hj["samples"].get<uint64_t>(), 5u);
  EXPECT_DOUBLE_EQ(hj["mean"].get<double>(), 31.0);
  EXPECT_EQ(hj["min"].get<uint64_t>(), 0u);
  EXPECT_EQ(hj["max"].get<uint64_t>(), 100u);
  EXPECT_EQ(hj["bucket_width"].get<uint64_t>(), 10u);
  EXPECT_EQ(hj["buckets"].get<std::vector<uint64_t>>(), (std::vector<uint64_t>{2, 1, 0, 2}));
}

TEST(StatsJson, EmptyRegistryIsEmptyObject) {
  StatsRegistry r;
  EXPECT_EQ(r.to_json().dump(), "{}");
  EXPECT_EQ(text_of(r), std::string(kBegin) + "\n" + kEnd + "\n");
}

// ---- registration -------------------------------------------------------------------

TEST(StatsRegistry, DuplicateNameThrowsNamingIt) {
  StatsRegistry r;
  uint64_t a = 0;
  Histogram h;
  r.counter("node0.core0.insts", a, "");
  try {
    r.formula("node0.core0.insts", [] { return 1.0; }, "");
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("node0.core0.insts"));
  }
  EXPECT_THROW(r.histogram("node0.core0.insts", h, ""), std::logic_error);
  EXPECT_THROW(r.counter("node0.core0.insts", a, ""), std::logic_error);
}

TEST(StatsRegistry, NamesCollidingWithHistogramLinesThrow) {
  StatsRegistry r;
  Histogram h;
  uint64_t n = 0;
  r.histogram("lat", h, "");
  EXPECT_THROW(r.counter("lat.mean", n, ""), std::logic_error);
  EXPECT_NO_THROW(r.counter("lat.p99", n, ""));
  r.counter("q.samples", n, "");
  EXPECT_THROW(r.histogram("q", h, ""), std::logic_error);
}

TEST(StatsRegistry, InvalidNamesThrow) {
  StatsRegistry r;
  uint64_t n = 0;
  EXPECT_THROW(r.counter("", n, ""), std::invalid_argument);
  EXPECT_THROW(r.counter("has space", n, ""), std::invalid_argument);
  EXPECT_THROW(r.formula("f", nullptr, ""), std::invalid_argument);
}

TEST(StatsRegistry, ValueAndContains) {
  StatsRegistry r;
  uint64_t n = 5;
  Histogram h;
  h.sample(1);
  h.sample(2);
  r.counter("n", n, "");
  r.formula("half", [&n] { return double(n) / 2; }, "");
  r.histogram("h", h, "");
  EXPECT_TRUE(r.contains("n"));
  EXPECT_FALSE(r.contains("m"));
  EXPECT_EQ(r.value("n"), 5.0);
  EXPECT_EQ(r.value("half"), 2.5);
  EXPECT_EQ(r.value("h"), 2.0);
  try {
    r.value("nope.stat");
    FAIL() << "expected std::out_of_range";
  } catch (const std::out_of_range& e) {
    EXPECT_THAT(e.what(), HasSubstr("nope.stat"));
  }
}

}  // namespace
}  // namespace smvn
