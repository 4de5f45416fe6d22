// `smvn calibrate` on the small evaluation (tests/data/eval-small.yaml): a tiny fit end
// to end, and every way a request can be wrong, each a clear error before or instead of
// a search.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/calibration.h"

namespace smvn {
namespace {

using ::testing::HasSubstr;

struct Fixture {
  ConfigNode root = ConfigNode::parse_file(std::string(SMVN_SOURCE_DIR) + "/tests/data/eval-small.yaml");
  EvaluationSpec eval = evaluation_from_config(root.child("workload"));
  CalibrationSpec cal = calibration_from_config(root.child("calibration"));
  CalibrateOptions opt;
  std::ostringstream out, progress;

  explicit Fixture(const std::string& name) {
    const auto d = std::filesystem::path(::testing::TempDir()) / "smvn_calibration_test" / name;
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    opt.run.out_dir = d.string();
    opt.run.parallel = 2;
    opt.fitted_out = (d / "fitted.yaml").string();
    opt.command_line = "smvn-sim calibrate (test)";
  }
  std::string error() {
    try {
      run_calibration(eval, cal, opt, out, progress);
    } catch (const CalibrationError& e) {
      return e.what();
    }
    return "no error";
  }
};

TEST(Calibrate, FitsASyscallCostToAZeroByteLatency) {
  Fixture f("fit");
  f.opt.fit = {"net.costs.syscall_insts"};
  f.opt.targets = {parse_calibration_target("intra_node.lat@0=30", f.eval)};
  const CalibrationResult r = run_calibration(f.eval, f.cal, f.opt, f.out, f.progress);
  EXPECT_TRUE(r.converged) << f.out.str();
  ASSERT_EQ(r.values.size(), 1u);
  EXPECT_GT(r.values[0], 100);
  EXPECT_LT(r.values[0], 8000);
  EXPECT_NEAR(r.achieved[0], 30, 30 * 0.01 + 0.01);
  EXPECT_LE(r.evaluations, 12);
  // Each step printed, the ends first; the fitted file says how.
  EXPECT_THAT(f.out.str(), HasSubstr("step  1 (range ends): net.costs.syscall_insts = 100  ->"));
  EXPECT_THAT(f.out.str(), HasSubstr("residual"));
  std::ifstream in(f.opt.fitted_out);
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("# Fitted by `smvn-sim calibrate (test)`"));
  EXPECT_THAT(text.str(), HasSubstr("net.costs.syscall_insts = " + std::to_string((long long)r.values[0])));
}

TEST(Calibrate, AnUnreachableTargetIsAnErrorWithTheRange) {
  Fixture f("unreachable");
  f.opt.fit = {"net.costs.syscall_insts"};
  f.opt.targets = {parse_calibration_target("intra_node.lat@0=1", f.eval)};
  EXPECT_THAT(f.error(), ::testing::ContainsRegex("intra_node.lat@0 = 1 is not reachable for net.costs.syscall_insts "
                                                  "in \\[100, 8000\\]: the model gives [0-9.]+ \\.\\. [0-9.]+"));
}

TEST(Calibrate, AnUnknownKeyIsNamed) {
  Fixture f("unknown");
  f.opt.fit = {"net.costs.no_such_insts"};
  f.opt.targets = {parse_calibration_target("intra_node.lat@0=30", f.eval)};
  EXPECT_THAT(f.error(), HasSubstr("--fit net.costs.no_such_insts: unknown key"));
}

TEST(Calibrate, AKeyNotDeclaredFittableIsRefused) {
  Fixture f("undeclared");
  f.opt.fit = {"net.costs.wakeup_insts"};
  f.opt.targets = {parse_calibration_target("intra_node.lat@0=30", f.eval)};
  EXPECT_THAT(f.error(), HasSubstr("--fit net.costs.wakeup_insts: not declared fittable"));
}

TEST(Calibrate, ADeclaredKeyNoModelReadsFailsAtItsDeclaration) {
  Fixture f("declared-unknown");
  f.opt.fit = {"net.costs.nonsense_insts"};
  f.opt.targets = {parse_calibration_target("intra_node.lat@0=30", f.eval)};
  EXPECT_THAT(f.error(), HasSubstr("--fit net.costs.nonsense_insts: unknown key"));
}

TEST(Calibrate, MoreThanTwoParametersAreRefused) {
  Fixture f("three");
  f.opt.fit = {"net.costs.syscall_insts", "mpi.costs.call_insts", "node.core.ipc"};
  f.opt.targets = {parse_calibration_target("intra_node.lat@0=30", f.eval)};
  EXPECT_THAT(f.error(), HasSubstr("3 parameters given; at most two are fitted"));
}

TEST(Calibrate, TargetsMustMatchTheParameters) {
  Fixture f("count");
  f.opt.fit = {"net.costs.syscall_insts", "mpi.costs.call_insts"};
  f.opt.targets = {parse_calibration_target("intra_node.lat@0=30", f.eval)};
  EXPECT_THAT(f.error(), HasSubstr("2 parameter(s) need as many targets, got 1"));
}

TEST(Calibrate, ATargetMustNameACaseAndMetric) {
  Fixture f("target");
  const auto err = [&](const std::string& t) {
    try {
      parse_calibration_target(t, f.eval);
    } catch (const CalibrationError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_THAT(err("nowhere.bw@4096=3"), HasSubstr("no case is named 'nowhere' (cases: intra_node, one_hop)"));
  EXPECT_THAT(err("one_hop.speed@4=3"), HasSubstr("unknown quantity 'speed'"));
  EXPECT_THAT(err("one_hop.bw@4096"), HasSubstr("expected CASE.METRIC=VALUE"));
  EXPECT_THAT(err("one_hop.bw@4096=fast"), HasSubstr("'fast' is not a non-zero number"));
}

}  // namespace
}  // namespace smvn
