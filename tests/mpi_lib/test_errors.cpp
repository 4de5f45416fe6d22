// How jobs end badly: exit() without MPI_Finalize, MPI_Abort, and wrong MPI calls under
// MPI_ERRORS_ARE_FATAL (a clear message naming the function, the rank and the problem)
// and under MPI_ERRORS_RETURN (an error code whose class and string say the same).
#include <gmock/gmock.h>

#include "mpi.h"
#include "mpi_job.h"

namespace {

using smvn::test::run_job;
using testing::HasSubstr;
using testing::Not;

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += x + "\n";
  return s;
}

// exit_rank.c: rank 1 exits with 3 right after MPI_Init while the others wait in a
// barrier: the job ends promptly with status 3 and names rank 1; nobody passes the barrier.
TEST(JobEnd, ExitWithoutFinalizeEndsTheJobWithItsStatus) {
  const auto res = run_job("exit_rank", 4, {});
  EXPECT_EQ(res.status, 3);
  EXPECT_EQ(res.codes[1], 3);
  EXPECT_THAT(joined(res.problems), HasSubstr("rank 1 exited with status 3 without calling MPI_Finalize"));
  EXPECT_THAT(res.out, Not(HasSubstr("got past a barrier")));
  EXPECT_FALSE(res.abort.has_value());
}

// abort_rank.c: rank 0 calls MPI_Abort(MPI_COMM_WORLD, 7) while the others block in a
// receive: the job ends with status 7 and the message names the call and the rank.
TEST(JobEnd, MpiAbortEndsTheJobWithItsCode) {
  const auto res = run_job("abort_rank", 3, {});
  EXPECT_EQ(res.status, 7);
  ASSERT_TRUE(res.abort.has_value());
  EXPECT_EQ(res.abort->rank, 0);
  EXPECT_THAT(res.abort->message, HasSubstr("MPI_Abort(MPI_COMM_WORLD, 7) called by rank 0"));
  EXPECT_THAT(res.out, Not(HasSubstr("abort_rank:")));
}

TEST(FatalErrors, SendToRank99NamesTheFunctionRankAndProblem) {
  const auto res = run_job("misuse", 2, {"send99"});
  ASSERT_TRUE(res.abort.has_value());
  EXPECT_EQ(res.abort->rank, 0);
  EXPECT_EQ(res.status, MPI_ERR_RANK);
  EXPECT_THAT(res.abort->message,
              HasSubstr("MPI_Send: rank 0: invalid destination rank 99 (MPI_COMM_WORLD has 2 ranks)"));
  EXPECT_THAT(res.abort->message, HasSubstr("MPI_ERRORS_ARE_FATAL"));
  EXPECT_THAT(res.out, Not(HasSubstr("REACHED")));
}

TEST(FatalErrors, UnimplementedFunctionIsAnErrorNotASilentSuccess) {
  const auto res = run_job("misuse", 2, {"win_fatal"});
  ASSERT_TRUE(res.abort.has_value());
  EXPECT_EQ(res.abort->rank, 1);
  EXPECT_THAT(res.abort->message,
              HasSubstr("MPI_Win_create: rank 1: one-sided communication is not implemented"));
  EXPECT_THAT(res.out, Not(HasSubstr("REACHED")));
}

TEST(FatalErrors, CallBeforeInitIsFatal) {
  const auto res = run_job("misuse", 2, {"before_init"});
  ASSERT_TRUE(res.abort.has_value());
  EXPECT_THAT(res.abort->message, HasSubstr("MPI_Send: rank "));
  EXPECT_THAT(res.abort->message, HasSubstr("called it before MPI_Init"));
  EXPECT_THAT(res.out, Not(HasSubstr("REACHED")));
}

TEST(FatalErrors, TruncationIsFatalByDefault) {
  const auto res = run_job("misuse", 2, {"truncate_fatal"});
  ASSERT_TRUE(res.abort.has_value());
  EXPECT_EQ(res.abort->rank, 1);
  EXPECT_EQ(res.status, MPI_ERR_TRUNCATE);
  EXPECT_THAT(res.abort->message,
              HasSubstr("MPI_Recv: rank 1: a message of 40 bytes from rank 0 with tag 5 does not "
                        "fit the receive buffer of 20 bytes"));
  EXPECT_THAT(res.out, Not(HasSubstr("REACHED")));
}

TEST(ReturnedErrors, CodeClassAndStringNameTheProblem) {
  const auto res = run_job("misuse", 2, {"returned"});
  EXPECT_EQ(res.status, 0) << joined(res.problems);
  EXPECT_THAT(res.out, HasSubstr("send99 rc_nonzero=1 class_is_rank=1 len_ok=1 text=MPI_Send: rank 0: "
                                 "invalid destination rank 99"));
  EXPECT_THAT(res.out, HasSubstr("win rc_nonzero=1 class_is_other=1 text=MPI_Win_create: rank 0: "
                                 "one-sided communication is not implemented"));
}

}  // namespace
