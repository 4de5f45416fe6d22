// The OSU-method benchmarks of apps/omb on the library over host-memory pipes: they run to
// the end and print OMB 5.8's exact format, one row per expected size, every value
// positive (simulated time advances); the same job twice prints the same table.
#include <cstdio>
#include <sstream>

#include <gmock/gmock.h>

#include "mpi_job.h"

namespace {

using smvn::test::run_job;

std::vector<int> powers(int first, int last) {
  std::vector<int> v;
  for (int s = first; s <= last; s = s == 0 ? 1 : s * 2) v.push_back(s);
  return v;
}

// Checks the OMB 5.8 table: title, header, then exactly `sizes` rows as "%-10d%18.2f".
void expect_table(const std::string& out, const std::string& title, const std::string& column,
                  const std::vector<int>& sizes) {
  std::istringstream in(out);
  std::string line;
  ASSERT_TRUE(std::getline(in, line)) << out;
  EXPECT_EQ(line, "# OSU MPI " + title + " Test v5.8");
  ASSERT_TRUE(std::getline(in, line)) << out;
  char header[64];
  std::snprintf(header, sizeof header, "%-10s%18s", "# Size", column.c_str());
  EXPECT_EQ(line, header);
  for (int size : sizes) {
    ASSERT_TRUE(std::getline(in, line)) << "missing the row of size " << size << "\n" << out;
    int got_size = -1;
    double value = -1;
    ASSERT_EQ(std::sscanf(line.c_str(), "%d %lf", &got_size, &value), 2) << line;
    EXPECT_EQ(got_size, size) << line;
    EXPECT_GT(value, 0.0) << line;
    char expect[64];
    std::snprintf(expect, sizeof expect, "%-10d%18.2f", got_size, value);
    EXPECT_EQ(line, expect);
  }
  EXPECT_FALSE(std::getline(in, line)) << "extra output: " << line;
}

TEST(Omb, LatencySmallSizes) {
  const auto res = run_job("osu_latency", 2, {"-m", "4096", "-i", "20", "-x", "2"});
  EXPECT_EQ(res.status, 0);
  expect_table(res.out, "Latency", "Latency (us)", powers(0, 4096));
}

// Across the eager limit: 256 KiB goes eagerly, 512 KiB by rendezvous.
TEST(Omb, LatencyAcrossTheEagerLimit) {
  const auto res = run_job("osu_latency", 2, {"-m", "131072:524288", "-i", "3", "-x", "1"});
  EXPECT_EQ(res.status, 0);
  expect_table(res.out, "Latency", "Latency (us)", powers(131072, 524288));
}

TEST(Omb, Bandwidth) {
  const auto res = run_job("osu_bw", 2, {"-m", "4096", "-i", "20", "-x", "2"});
  EXPECT_EQ(res.status, 0);
  expect_table(res.out, "Bandwidth", "Bandwidth (MB/s)", powers(1, 4096));
}

TEST(Omb, BandwidthAcrossTheEagerLimit) {
  const auto res = run_job("osu_bw", 2, {"-m", "262144:524288", "-i", "2", "-x", "1"});
  EXPECT_EQ(res.status, 0);
  expect_table(res.out, "Bandwidth", "Bandwidth (MB/s)", powers(262144, 524288));
}

TEST(Omb, BidirectionalBandwidth) {
  const auto res = run_job("osu_bibw", 2, {"-m", "4096", "-i", "20", "-x", "2"});
  EXPECT_EQ(res.status, 0);
  expect_table(res.out, "Bi-Directional Bandwidth", "Bandwidth (MB/s)", powers(1, 4096));
}

TEST(Omb, MultiPairLatencyOnFourRanks) {
  const auto res = run_job("osu_multi_lat", 4, {"-m", "4096", "-i", "20", "-x", "2"});
  EXPECT_EQ(res.status, 0);
  expect_table(res.out, "Multi Latency", "Latency (us)", powers(0, 4096));
}

// A wrong rank count is refused by the program itself, which exits non-zero after
// MPI_Finalize: the job's status says so.
TEST(Omb, LatencyOnThreeRanksIsRefused) {
  const auto res = run_job("osu_latency", 3, {"-m", "4"});
  EXPECT_NE(res.status, 0);
  EXPECT_FALSE(res.abort.has_value());
}

// Same program, same options, same simulated times: the tables are identical.
TEST(Omb, SameJobTwiceGivesTheSameTable) {
  const std::vector<std::string> args{"-m", "65536", "-i", "10", "-x", "1"};
  const auto a = run_job("osu_latency", 2, args);
  const auto b = run_job("osu_latency", 2, args);
  EXPECT_EQ(a.status, 0);
  EXPECT_EQ(b.status, 0);
  EXPECT_EQ(a.out, b.out);
  expect_table(a.out, "Latency", "Latency (us)", powers(0, 65536));
}

}  // namespace
