// The calibration's solvers on cheap analytic functions (no simulation): Brent's method
// on a bracket, and the clamped two-dimensional Newton.
#include <cmath>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/newton_2d.h"
#include "apps/root_bracketing.h"

namespace smvn {
namespace {

RootResult root_of(const std::function<double(double)>& f, double a, double b, RootOptions o) {
  return find_root_bracketed(f, a, f(a), b, f(b), o);
}

TEST(RootBracketing, FindsTheRootOfACubicQuickly) {
  int calls = 0;
  const auto f = [&](double x) {
    ++calls;
    return x * x * x - 2 * x - 5;  // root 2.0945514815423265
  };
  RootOptions o;
  o.f_tolerance = 1e-12;
  o.max_evaluations = 50;
  const RootResult r = root_of(f, 2, 3, o);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x, 2.0945514815423265, 1e-10);
  EXPECT_LE(r.evaluations, 12);  // superlinear; bisection alone would need ~40
}

TEST(RootBracketing, HandlesAFlatThenSteepFunction) {
  // Secant steps crawl on this one; Brent's bisection fallback keeps the bracket shrinking.
  const auto f = [](double x) { return std::exp(20 * (x - 0.9)) - 1; };
  RootOptions o;
  o.f_tolerance = 1e-9;
  o.max_evaluations = 60;
  const RootResult r = root_of(f, 0, 1, o);
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x, 0.9, 1e-9);
}

TEST(RootBracketing, NarrowsAStepFunctionToTheStep) {
  // An integer parameter: f is constant between whole numbers.
  const auto f = [](double x) { return std::round(x) < 37 ? -1.0 : 1.0; };
  RootOptions o;
  o.f_tolerance = 0.5;  // never met: |f| is always 1
  o.x_tolerance = 0.5;
  o.max_evaluations = 40;
  const RootResult r = root_of(f, 0, 100, o);
  EXPECT_FALSE(r.converged);
  EXPECT_EQ(r.stop, "bracket");
  EXPECT_NEAR(r.x, 36.5, 1.0);
}

TEST(RootBracketing, StopsAtTheEvaluationCap) {
  const auto f = [](double x) { return std::cbrt(x - 0.3); };
  RootOptions o;
  o.f_tolerance = 0;
  o.max_evaluations = 5;
  const RootResult r = root_of(f, 0, 1, o);
  EXPECT_EQ(r.evaluations, 5);
  EXPECT_EQ(r.stop, "evaluations");
}

TEST(RootBracketing, RefusesABracketWithoutASignChange) {
  const auto f = [](double x) { return x * x + 1; };
  EXPECT_THROW(root_of(f, -1, 1, RootOptions{}), std::invalid_argument);
}

TEST(Newton2D, SolvesACircleAndALine) {
  // x^2 + y^2 = 4 and x = y: (sqrt 2, sqrt 2).
  int points = 0;
  const BatchFunction f = [&](const std::vector<Vec2>& ps) {
    std::vector<Vec2> out;
    for (const Vec2& p : ps) {
      ++points;
      out.push_back({(p[0] * p[0] + p[1] * p[1] - 4) / 4, p[0] - p[1]});
    }
    return out;
  };
  Newton2DOptions o;
  o.lo = {0, 0};
  o.hi = {3, 3};
  o.step = {1e-6, 1e-6};
  o.f_tolerance = 1e-9;
  o.max_iterations = 20;
  std::vector<Newton2DStep> steps;
  const Newton2DResult r = solve_newton_2d(f, {2.5, 0.5}, o, [&](const Newton2DStep& s) { steps.push_back(s); });
  EXPECT_TRUE(r.converged);
  EXPECT_NEAR(r.x[0], std::sqrt(2.0), 1e-7);
  EXPECT_NEAR(r.x[1], std::sqrt(2.0), 1e-7);
  EXPECT_LE(r.iterations, 8);
  EXPECT_EQ(steps.front().note, "start");
}

TEST(Newton2D, StaysInsideTheRangesAndSaysWhenItCannotReach) {
  // The root (5, 1) lies outside x in [0, 3].
  const BatchFunction f = [](const std::vector<Vec2>& ps) {
    std::vector<Vec2> out;
    for (const Vec2& p : ps) {
      EXPECT_LE(p[0], 3.0);
      out.push_back({p[0] - 5, p[1] - 1});
    }
    return out;
  };
  Newton2DOptions o;
  o.lo = {0, 0};
  o.hi = {3, 3};
  o.step = {0.01, 0.01};
  o.f_tolerance = 1e-6;
  o.max_iterations = 10;
  const Newton2DResult r = solve_newton_2d(f, {1, 2}, o);
  EXPECT_FALSE(r.converged);
  EXPECT_DOUBLE_EQ(r.x[0], 3.0);
  EXPECT_NEAR(r.x[1], 1.0, 1e-9);
  EXPECT_THAT(r.stop, ::testing::HasSubstr("reduces the residual"));
}

TEST(Newton2D, ASingularJacobianIsNamed) {
  // Both equations depend on x + y only.
  const BatchFunction f = [](const std::vector<Vec2>& ps) {
    std::vector<Vec2> out;
    for (const Vec2& p : ps) out.push_back({p[0] + p[1] - 1, 2 * (p[0] + p[1]) - 3});
    return out;
  };
  Newton2DOptions o;
  o.lo = {0, 0};
  o.hi = {3, 3};
  o.step = {0.01, 0.01};
  o.f_tolerance = 1e-6;
  const Newton2DResult r = solve_newton_2d(f, {1, 1}, o);
  EXPECT_FALSE(r.converged);
  EXPECT_THAT(r.stop, ::testing::HasSubstr("Jacobian is singular"));
}

}  // namespace
}  // namespace smvn
