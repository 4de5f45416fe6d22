// The paper_evaluation workload: metric names, the spec's checks, the report (rows,
// deviation, CSV, failed rows), the fitted file, and a small evaluation end to end.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/evaluation_plots.h"
#include "apps/evaluation_report.h"
#include "apps/fitted_config.h"
#include "apps/osu_metric.h"
#include "apps/paper_evaluation.h"

namespace smvn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string source(const std::string& rel) { return std::string(SMVN_SOURCE_DIR) + "/" + rel; }

std::string temp_dir(const std::string& name) {
  const auto d = std::filesystem::path(::testing::TempDir()) / "smvn_evaluation_test" / name;
  std::filesystem::remove_all(d);
  std::filesystem::create_directories(d);
  return d.string();
}

std::string config_error(const std::string& yaml) {
  try {
    const ConfigNode root = ConfigNode::parse_string(yaml, "e.yaml");
    evaluation_from_config(root.child("workload"));
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

const char* kPrograms =
    "workload:\n"
    "  kind: paper_evaluation\n"
    "  programs: [{name: osu_latency}, {name: osu_bw}]\n";

TEST(OsuMetric, NamesAProgramAndASize) {
  const auto m = parse_osu_metric("bw@4194304");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->program, "osu_bw");
  EXPECT_EQ(m->size, 4194304u);
  EXPECT_EQ(parse_osu_metric("lat@0")->program, "osu_latency");
  std::string why;
  EXPECT_FALSE(parse_osu_metric("bandwidth@4", &why));
  EXPECT_THAT(why, HasSubstr("unknown quantity 'bandwidth'"));
  EXPECT_FALSE(parse_osu_metric("bw", &why));
  EXPECT_FALSE(parse_osu_metric("bw@4k", &why));
}

TEST(OsuMetric, ReadsTheRowsOfAnOsuTable) {
  const auto rows = osu_rows("# OSU MPI Bandwidth Test v5.8\n# Size      Bandwidth (MB/s)\n1      0.06\n4194304   72.01\n");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_DOUBLE_EQ(rows.at(4194304), 72.01);
  EXPECT_TRUE(osu_rows("smvn-sim: error\n").empty());
}

TEST(EvaluationSpec, ReadsCasesFiguresAndDerivedRows) {
  const ConfigNode root = ConfigNode::parse_string(std::string(kPrograms) +
                                                       "  metrics: [lat@0, bw@64]\n"
                                                       "  cases:\n"
                                                       "    - {name: a, map: block, paper: {bw@64: 10, bw@128: 12}}\n"
                                                       "    - {name: b, map: cyclic, programs: [osu_bw], set: {smvn.zero_copy: true}}\n"
                                                       "  derived:\n"
                                                       "    - {name: b/a, of: b.bw@64, to: a.bw@64, paper: '> 2'}\n",
                                                   "e.yaml");
  const EvaluationSpec s = evaluation_from_config(root.child("workload"));
  ASSERT_EQ(s.cases.size(), 2u);
  ASSERT_EQ(s.cases[0].figures.size(), 3u);  // lat@0, bw@64 (with its paper figure), bw@128
  EXPECT_EQ(s.cases[0].figures[1].paper->value, 10);
  EXPECT_EQ(s.cases[0].figures[2].metric, "bw@128");
  ASSERT_EQ(s.cases[1].figures.size(), 1u);  // b runs no osu_latency: no lat@0 row
  ASSERT_EQ(s.cases[1].set.size(), 1u);
  EXPECT_EQ(s.cases[1].set[0].key, "smvn.zero_copy");
  EXPECT_EQ(s.cases[1].set[0].origin_line, 7);
  EXPECT_EQ(s.derived[0].paper->bound, ">");
  EXPECT_EQ(all_runs(s).size(), 3u);
  EXPECT_EQ(runs_for(s, {"b.bw@64"}).size(), 1u);
}

TEST(EvaluationSpec, MistakesNameFileLineAndKey) {
  EXPECT_THAT(config_error(std::string(kPrograms) + "  cases: [{name: a}, {name: a}]\n"),
              HasSubstr("e.yaml:4: workload.cases[1].name: case name 'a' is used twice"));
  EXPECT_THAT(config_error(std::string(kPrograms) + "  cases:\n    - {name: a, programs: [osu_bw], paper: {lat@0: 3}}\n"),
              HasSubstr("workload.cases[0].paper.lat@0: case 'a' does not run osu_latency"));
  EXPECT_THAT(config_error(std::string(kPrograms) + "  cases: [{name: a}]\n  derived: [{name: r, of: z.bw@4, to: a.bw@4}]\n"),
              HasSubstr("workload.derived[0].of: no case is named 'z'"));
  EXPECT_THAT(config_error(std::string(kPrograms) + "  cases: [{name: a, paper: {bw@4: lots}}]\n"),
              HasSubstr("expected a number or a bound"));
  EXPECT_THAT(config_error(std::string(kPrograms) + "  cases: [{name: a, config: no/such.yaml}]\n"),
              HasSubstr("workload.cases[0].config: no such file"));
  EXPECT_THAT(config_error("workload:\n  programs: [{name: osu_nothing}]\n"), HasSubstr("'osu_nothing' not found"));
}

// Results made by hand, for the report alone.
EvaluationSpec two_case_spec() {
  const ConfigNode root = ConfigNode::parse_string(std::string(kPrograms) +
                                                       "  metrics: [bw@64]\n"
                                                       "  cases:\n"
                                                       "    - {name: a, programs: [osu_bw], paper: {bw@64: 40}}\n"
                                                       "    - {name: b, programs: [osu_bw]}\n"
                                                       "  derived: [{name: b/a, of: b.bw@64, to: a.bw@64, paper: 0.84}]\n",
                                                   "e.yaml");
  return evaluation_from_config(root.child("workload"));
}

TEST(EvaluationReport, DeviationIsRelativeToThePaper) {
  const EvaluationSpec s = two_case_spec();
  EvaluationResults r;
  r.runs.push_back({{"a", "osu_bw"}, true, 0, 1, "out/a/osu_bw", {{64, 50.0}}});
  r.runs.push_back({{"b", "osu_bw"}, true, 0, 1, "out/b/osu_bw", {{64, 42.0}}});
  const auto rows = report_rows(s, r);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_DOUBLE_EQ(deviation_pct(*rows[0].paper, *rows[0].sim), 25.0);  // 50 against 40
  EXPECT_DOUBLE_EQ(*rows[2].sim, 42.0 / 50.0);
  EXPECT_EQ(format_report_csv(rows),
            "case,metric,paper,sim,deviation_pct\n"
            "a,bw@64,40,50.00,+25.0\n"
            "b,bw@64,,42.00,\n"
            "b/a,bw@64 ratio,0.84,0.840,+0.0\n");
  EXPECT_THAT(format_report_table(rows), HasSubstr("+25.0%"));
}

TEST(EvaluationReport, AFailedRunIsFailedNeverZero) {
  const EvaluationSpec s = two_case_spec();
  EvaluationResults r;
  r.runs.push_back({{"a", "osu_bw"}, false, 1, 1, "out/a/osu_bw", {}});
  r.runs.push_back({{"b", "osu_bw"}, true, 0, 1, "out/b/osu_bw", {{64, 42.0}}});
  const auto rows = report_rows(s, r);
  const std::string csv = format_report_csv(rows);
  EXPECT_THAT(csv, HasSubstr("a,bw@64,40,failed,\n"));
  EXPECT_THAT(csv, HasSubstr("b/a,bw@64 ratio,0.84,failed,\n"));
  EXPECT_THAT(format_report_table(rows), HasSubstr("a bw@64: osu_bw failed (exit status 1"));
}

TEST(FittedConfig, ReplacesTheValueInPlaceAndKeepsComments) {
  const std::string in = "# machine\nnet:\n  costs:\n    syscall_insts: 400   # lmbench\n    wakeup_insts: 400\n";
  const std::string out = fitted_config_text(in, "m.yaml", {{"net.costs.syscall_insts", "812"}}, {"Fitted by me"});
  EXPECT_EQ(out,
            "# Fitted by me\n# machine\nnet:\n  costs:\n    syscall_insts: 812   # fitted; lmbench\n"
            "    wakeup_insts: 400\n");
  const std::string added = fitted_config_text(in, "m.yaml", {{"node.core.ipc", "0.5"}}, {"Fitted"});
  EXPECT_THAT(added, HasSubstr("ipc: 0.5"));
  EXPECT_THAT(added, HasSubstr("comments are not kept"));
}

// The small evaluation end to end: two cases (one changed by a set:), each program in a
// child process, every row present, the figures drawn.
TEST(PaperEvaluation, SmallEvaluationRunsEndToEnd) {
  const ConfigNode root = ConfigNode::parse_file(source("tests/data/eval-small.yaml"));
  const EvaluationSpec spec = evaluation_from_config(root.child("workload"));
  EvaluationOptions opt;
  opt.out_dir = temp_dir("small");
  opt.parallel = 2;
  std::ostringstream progress;
  const EvaluationResults r = run_evaluation(spec, all_runs(spec), opt, progress);
  EXPECT_TRUE(r.all_ok()) << progress.str();
  EXPECT_THAT(progress.str(), HasSubstr("[4/4] "));
  const auto rows = report_rows(spec, r);
  const std::string csv = format_report_csv(rows);
  // Every row, each with a number: 2 per case and the derived ratio.
  std::istringstream in(csv);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  ASSERT_EQ(lines.size(), 6u) << csv;
  EXPECT_THAT(csv, Not(HasSubstr("failed")));
  for (const ReportRow& row : rows) {
    ASSERT_TRUE(row.sim) << row.case_name << " " << row.metric << ": " << row.why;
    EXPECT_GT(*row.sim, 0);
    if (row.paper && row.paper->bound.empty())
      EXPECT_NEAR(deviation_pct(*row.paper, *row.sim), 100 * (*row.sim - row.paper->value) / row.paper->value, 1e-9);
  }
  // The case's set: took effect (its resolved config says so), and its OSU output is kept.
  std::ifstream resolved(opt.out_dir + "/one_hop/osu_bw/config.resolved.yaml");
  std::stringstream rs;
  rs << resolved.rdbuf();
  EXPECT_THAT(rs.str(), HasSubstr("zero_copy: true"));
  EXPECT_TRUE(std::filesystem::exists(opt.out_dir + "/intra_node/osu_latency/osu.txt"));
  const PlotFiles plots = write_evaluation_plots(spec, r, opt.out_dir);
  if (!plots.problem.empty() && plots.problem.find("not installed") != std::string::npos)
    GTEST_SKIP() << plots.problem;
  EXPECT_EQ(plots.problem, "");
  EXPECT_GT(std::filesystem::file_size(opt.out_dir + "/" + kLatencyPlot), 1000u);
  EXPECT_GT(std::filesystem::file_size(opt.out_dir + "/" + kBandwidthPlot), 1000u);
}

TEST(PaperEvaluation, AFailingCaseIsReportedAsFailed) {
  const ConfigNode root = ConfigNode::parse_string(
      "workload:\n"
      "  kind: paper_evaluation\n"
      "  programs: [{name: osu_latency, args: [-m, '0', -i, '4', -x, '0']}]\n"
      "  metrics: [lat@0]\n"
      "  cases:\n"
      "    - {name: good, map: block, config: configs/default.yaml}\n"
      "    - {name: bad, map: 'cores:0,99', config: configs/default.yaml}\n",
      source("tests/data/inline.yaml"));
  const EvaluationSpec spec = evaluation_from_config(root.child("workload"));
  EvaluationOptions opt;
  opt.out_dir = temp_dir("failing");
  opt.parallel = 2;
  std::ostringstream progress;
  const EvaluationResults r = run_evaluation(spec, all_runs(spec), opt, progress);
  EXPECT_FALSE(r.all_ok());
  EXPECT_THAT(progress.str(), HasSubstr("bad osu_latency ... FAILED (exit status 1)"));
  EXPECT_THAT(progress.str(), HasSubstr("cores:0,99"));
  const std::string csv = format_report_csv(report_rows(spec, r));
  EXPECT_THAT(csv, HasSubstr("bad,lat@0,,failed,\n"));
  EXPECT_THAT(csv, ::testing::ContainsRegex("good,lat@0,,[0-9]+\\.[0-9]+,\n"));
}

}  // namespace
}  // namespace smvn
