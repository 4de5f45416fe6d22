// RankProgram: one private copy of a program's globals per rank, exit() ending only its
// rank, argc/argv delivery, and named errors for files that cannot be rank programs.
#include "mpi_shim/program_loader.h"

#include <cstring>
#include <filesystem>
#include <cstdlib>
#include <vector>

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rank_program_fixture.h"

using smvn::mpi::RankAbort;
using smvn::mpi::RankProgram;
using smvn::test::Argv;
using smvn::test::rank_program;
using testing::HasSubstr;

// Test hook called by atexit_rank.c's handler (exported by test_exports.list).
static std::vector<int> atexit_values;
extern "C" void smvn_test_atexit_ran(int value) { atexit_values.push_back(value); }

// Test hooks for shadow.c: one the program also defines, one only the host defines.
extern "C" int smvn_test_shadowed(void) { return 1; }
extern "C" int smvn_test_from_host(void) { return 3; }

namespace {

template <typename T> T& global(const RankProgram& p, unsigned rank, const char* name) {
  void* addr = p.symbol(rank, name);
  if (!addr) throw std::runtime_error(std::string("no symbol ") + name);
  return *static_cast<T*>(addr);
}

template <typename F> F* function(const RankProgram& p, unsigned rank, const char* name) {
  void* addr = p.symbol(rank, name);
  if (!addr) throw std::runtime_error(std::string("no symbol ") + name);
  return reinterpret_cast<F*>(addr);
}

// Runs `f` and returns the std::runtime_error message it throws ("" when none).
template <typename F> std::string error_of(F&& f) {
  try {
    f();
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(RankProgram, EachRankHasItsOwnGlobals) {
  RankProgram p(rank_program("globals"), 4);
  ASSERT_EQ(p.ranks(), 4u);
  // Two rounds, interleaved across ranks; rank r adds r + 1 each round.
  for (int round = 1; round <= 2; ++round) {
    for (unsigned r = 0; r < 4; ++r) {
      Argv a{"globals", std::to_string(r + 1)};
      // main returns its function-static call counter: (r + 1) calls per round.
      EXPECT_EQ(p.run(r, a.argc(), a.argv()), static_cast<int>(round * (r + 1))) << "rank " << r;
    }
  }
  for (unsigned r = 0; r < 4; ++r) {
    const int step = static_cast<int>(r + 1);
    EXPECT_EQ(global<int>(p, r, "counter"), 2 * step) << "rank " << r;
    EXPECT_EQ(function<int()>(p, r, "table_sum")(), 2 * step * 28) << "rank " << r;  // 0+..+7
  }
  // Distinct storage, not merely distinct values.
  EXPECT_NE(p.symbol(0, "counter"), p.symbol(1, "counter"));
}

TEST(RankProgram, ProgramsOwnDefinitionsWinOverTheSimulatorsExports) {
  RankProgram p(rank_program("shadow"), 2);
  Argv a{"shadow"};
  // 2 from the program's own smvn_test_shadowed (not the host's 1), 3 from the host.
  EXPECT_EQ(p.run(1, a.argc(), a.argv()), 23);
}

TEST(RankProgram, ExitEndsOnlyItsRankWithItsCode) {
  RankProgram p(rank_program("exits"), 2);
  const std::pair<const char*, int> cases[] = {
      {"exit", 3}, {"_exit", 4}, {"_Exit", 5}, {"quick_exit", 6}, {"return", 7}, {"qsort", 8}};
  for (auto [how, code] : cases) {
    Argv a{"exits", how};
    EXPECT_EQ(p.run(0, a.argc(), a.argv()), code) << how;
    // The other rank, and the test process, carry on.
    Argv b{"exits", "return"};
    EXPECT_EQ(p.run(1, b.argc(), b.argv()), 7) << "after " << how;
  }
}

TEST(RankProgram, ExitUnwindsThroughTheProgramsCFrames) {
  RankProgram p(rank_program("exits"), 2);
  Argv a{"exits", "deep"};
  EXPECT_EQ(p.run(1, a.argc(), a.argv()), 9);
  // leave_deep(3) .. leave_deep(0) each had a cleanup variable: -fexceptions gave them
  // landing pads, so all four ran during the unwind, in rank 1's copy only.
  EXPECT_EQ(function<int()>(p, 1, "cleanups_run")(), 4);
  EXPECT_EQ(function<int()>(p, 0, "cleanups_run")(), 0);
}

TEST(RankProgram, AbortStopsTheJobNamingTheRank) {
  RankProgram p(rank_program("exits"), 3);
  Argv a{"exits", "abort"};
  try {
    p.run(2, a.argc(), a.argv());
    FAIL() << "abort() returned";
  } catch (const RankAbort& e) {
    EXPECT_THAT(e.what(), HasSubstr("rank 2 of '" + rank_program("exits") + "'"));
    EXPECT_THAT(e.what(), HasSubstr("abort()"));
  }
  Argv b{"exits", "return"};
  EXPECT_EQ(p.run(0, b.argc(), b.argv()), 7);  // the process is still sound
}

TEST(RankProgram, ArgcAndArgvReachMainAndGetoptWorksInEveryRank) {
  RankProgram p(rank_program("args"), 2);
  Argv a0{"args", "x", "-n", "5", "--name", "zero", "y"};
  Argv a1{"args", "-vv", "-n7", "--name=one"};
  EXPECT_EQ(p.run(0, a0.argc(), a0.argv()), 2);  // two operands
  // Rank 1 parses from the start although rank 0 left getopt at its end.
  EXPECT_EQ(p.run(1, a1.argc(), a1.argv()), 0);

  EXPECT_EQ(global<int>(p, 0, "seen_argc"), 7);
  EXPECT_EQ(global<int>(p, 0, "seen_argv_terminated"), 1);
  auto argv_of = [&](unsigned r, const char* table, int i) {
    return std::string(static_cast<const char(*)[32]>(p.symbol(r, table))[i]);
  };
  for (int i = 0; i < 7; ++i) EXPECT_EQ(argv_of(0, "seen_argv", i), a0.words[i]) << i;
  EXPECT_EQ(global<int>(p, 0, "opt_n"), 5);
  EXPECT_STREQ(&global<char>(p, 0, "opt_name"), "zero");
  EXPECT_EQ(global<int>(p, 0, "opt_verbose"), 0);
  // getopt permuted the rank's copy of argv (operands last), not the caller's.
  EXPECT_EQ(argv_of(0, "final_argv", 5), "x");
  EXPECT_EQ(argv_of(0, "final_argv", 6), "y");
  EXPECT_STREQ(a0.argv()[1], "x");
  EXPECT_STREQ(a0.argv()[2], "-n");

  EXPECT_EQ(global<int>(p, 1, "seen_argc"), 4);
  EXPECT_EQ(global<int>(p, 1, "opt_n"), 7);
  EXPECT_EQ(global<int>(p, 1, "opt_verbose"), 2);
  EXPECT_STREQ(&global<char>(p, 1, "opt_name"), "one");
}

TEST(RankProgram, MultiFileProgramBuiltWithCompileOnlyAndLibm) {
  RankProgram p(rank_program("multi"), 1);
  Argv a{"multi", "3", "4"};
  EXPECT_EQ(p.run(0, a.argc(), a.argv()), 50);  // hypot(3, 4) * SCALE (-DSCALE=10)
  Argv b{"multi", "5", "12"};
  EXPECT_EQ(p.run(0, b.argc(), b.argv()), 130);
}

TEST(RankProgram, AtexitHandlersRunPerCopyWhenTheProgramIsUnloaded) {
  atexit_values.clear();
  std::filesystem::path dir;
  {
    RankProgram p(rank_program("atexit_rank"), 4);
    dir = p.copy_dir();
    for (unsigned r = 0; r < 4; ++r) {
      Argv a{"atexit_rank", std::to_string(r + 1)};
      EXPECT_EQ(p.run(r, a.argc(), a.argv()), r == 2 ? 3 : 0);
    }
    // Not when a rank returns or calls exit().
    EXPECT_TRUE(atexit_values.empty());
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                            std::filesystem::directory_iterator()), 4);
  }
  // Each copy's handler ran once, with its own rank's value (copies unload last first).
  EXPECT_EQ(atexit_values, (std::vector<int>{4, 3, 2, 1}));
  EXPECT_FALSE(std::filesystem::exists(dir));  // the copies are gone with the program
}

TEST(RankProgram, MissingFileIsNamed) {
  const std::string path = rank_program("does_not_exist");
  std::string err = error_of([&] { RankProgram p(path, 2); });
  EXPECT_THAT(err, HasSubstr("rank program '" + path + "'"));
  EXPECT_THAT(err, HasSubstr("no such file"));
}

TEST(RankProgram, NotASharedObjectIsNamedWithTheLoadersMessage) {
  const std::string path = std::string(SMVN_RANK_PROGRAM_SOURCE_DIR) + "/globals.c";
  std::string err = error_of([&] { RankProgram p(path, 2); });
  EXPECT_THAT(err, HasSubstr("rank program '" + path + "': cannot load:"));
  EXPECT_THAT(err, HasSubstr("invalid ELF header"));  // dlerror's text
}

TEST(RankProgram, ProgramWithoutMainIsRefused) {
  const std::string path = rank_program("no_main");
  std::string err = error_of([&] { RankProgram p(path, 2); });
  EXPECT_THAT(err, HasSubstr("rank program '" + path + "': defines no main()"));
}

TEST(RankProgram, UnresolvedSymbolIsNamed) {
  const std::string path = rank_program("unresolved");
  std::string err = error_of([&] { RankProgram p(path, 2); });
  EXPECT_THAT(err, HasSubstr("rank program '" + path + "': cannot load:"));
  EXPECT_THAT(err, HasSubstr("undefined symbol: smvn_no_such_function"));
}

TEST(RankProgram, FailedLoadLeavesNoTemporaryFiles) {
  namespace fs = std::filesystem;
  auto count_dirs = [] {
    int n = 0;
    for (auto& e : fs::directory_iterator(fs::temp_directory_path()))
      if (e.path().filename().string().rfind("smvn-ranks-", 0) == 0) ++n;
    return n;
  };
  // Other test processes may create and remove such directories meanwhile: use a
  // private TMPDIR so the count is this process's alone.
  const fs::path tmp = fs::temp_directory_path() / ("smvn-test-tmp-" + std::to_string(getpid()));
  fs::create_directories(tmp);
  setenv("TMPDIR", tmp.c_str(), 1);
  EXPECT_EQ(count_dirs(), 0);
  EXPECT_NE(error_of([] { RankProgram p(rank_program("unresolved"), 3); }), "");
  EXPECT_EQ(count_dirs(), 0);
  {
    RankProgram p(rank_program("globals"), 3);
    EXPECT_EQ(count_dirs(), 1);
    EXPECT_EQ(p.copy_dir().parent_path(), tmp);
  }
  EXPECT_EQ(count_dirs(), 0);
  unsetenv("TMPDIR");
  fs::remove_all(tmp);
}

TEST(RankProgram, ZeroRanksAndOutOfRangeRankAreErrors) {
  EXPECT_THAT(error_of([] { RankProgram p(rank_program("globals"), 0); }),
              HasSubstr("at least one rank"));
  RankProgram p(rank_program("globals"), 2);
  Argv a{"globals", "1"};
  EXPECT_THROW(p.run(2, a.argc(), a.argv()), std::out_of_range);
}

}  // namespace
