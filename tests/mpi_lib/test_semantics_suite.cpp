// The MPI semantics suite of tests/mpi (proven under Open MPI by run_openmpi.sh) on the
// library, over host-memory byte pipes of 64 KiB (partial writes everywhere), on 1, 2, 3,
// 4, 7 and 16 ranks. --max-bytes 262145 keeps the eager-limit sizes (256 KiB - 1, 256 KiB,
// 256 KiB + 1: both protocols) and drops the MiB-sized ones to keep each run short.
#include <gmock/gmock.h>

#include "mpi_job.h"

namespace {

using smvn::test::run_job;
using testing::HasSubstr;

struct SuiteCase {
  const char* program;
  int ranks;
};

// Readable ctest names ("# GetParam() = mpi_p2p on 4 ranks").
void PrintTo(const SuiteCase& c, std::ostream* os) { *os << c.program << " on " << c.ranks << " ranks"; }

class SemanticsSuite : public testing::TestWithParam<SuiteCase> {};

TEST_P(SemanticsSuite, PassesOnEveryRank) {
  const SuiteCase c = GetParam();
  const auto res = run_job(c.program, c.ranks, {"--max-bytes", "262145"});
  EXPECT_EQ(res.status, 0) << res.out;
  EXPECT_TRUE(res.problems.empty()) << testing::PrintToString(res.problems);
  for (int r = 0; r < c.ranks; ++r) EXPECT_EQ(res.codes[static_cast<std::size_t>(r)], 0) << "rank " << r;
  // rank 0's summary line, and no failed check on any rank
  EXPECT_THAT(res.out, HasSubstr(std::string("PASS ") + c.program + ": "));
  EXPECT_THAT(res.out, HasSubstr(", " + std::to_string(c.ranks) + " ranks\n"));
  EXPECT_THAT(res.out, testing::Not(HasSubstr("FAIL")));
  EXPECT_GT(res.seconds, 0.0);
}

std::vector<SuiteCase> cases() {
  std::vector<SuiteCase> v;
  for (const char* p : {"mpi_env", "mpi_p2p", "mpi_collectives"})
    for (int n : {1, 2, 3, 4, 7, 16}) v.push_back({p, n});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Ranks, SemanticsSuite, testing::ValuesIn(cases()),
                         [](const testing::TestParamInfo<SuiteCase>& i) {
                           return std::string(i.param.program) + "_np" +
                                  std::to_string(i.param.ranks);
                         });

// All sizes (the suite's default --max-bytes, 8 MiB: 3 MiB messages, 1 MiB Ssend, 16
// blocks of 256 KiB + 1 per collective on 16 ranks).
class SemanticsSuiteAllSizes : public testing::TestWithParam<SuiteCase> {};

TEST_P(SemanticsSuiteAllSizes, PassesOnEveryRank) {
  const SuiteCase c = GetParam();
  const auto res = run_job(c.program, c.ranks, {});
  EXPECT_EQ(res.status, 0) << res.out;
  EXPECT_THAT(res.out, HasSubstr(std::string("PASS ") + c.program + ": "));
  EXPECT_THAT(res.out, testing::Not(HasSubstr("FAIL")));
}

INSTANTIATE_TEST_SUITE_P(Ranks, SemanticsSuiteAllSizes,
                         testing::Values(SuiteCase{"mpi_p2p", 3}, SuiteCase{"mpi_p2p", 16},
                                         SuiteCase{"mpi_collectives", 3},
                                         SuiteCase{"mpi_collectives", 16}),
                         [](const testing::TestParamInfo<SuiteCase>& i) {
                           return std::string(i.param.program) + "_np" +
                                  std::to_string(i.param.ranks);
                         });

// The suite's globals program: every rank keeps its own copy of the program's globals.
TEST(GlobalsProgram, EachRankKeepsItsOwnGlobals) {
  const auto res = run_job("globals", 4, {});
  EXPECT_EQ(res.status, 0) << res.out;
  EXPECT_THAT(res.out, HasSubstr("PASS globals: 4 ranks"));
  EXPECT_THAT(res.out, testing::Not(HasSubstr("FAIL")));
}

}  // namespace
