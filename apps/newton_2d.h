// Two equations in two unknowns, F(x) = 0, each unknown confined to a range: Newton's
// method with a forward-difference Jacobian, each step clamped to the ranges and halved
// (up to four times) until it reduces max |F|. Used by `smvn calibrate` for two
// parameters, where every evaluation of F is a set of simulations: F takes a batch of
// points (the two Jacobian columns are evaluated together, side by side as processes).
#pragma once

#include <array>
#include <functional>
#include <string>
#include <vector>

namespace smvn {

using Vec2 = std::array<double, 2>;

struct Newton2DOptions {
  Vec2 lo{}, hi{};
  Vec2 step{};               // finite-difference steps (toward the interior at a bound)
  double f_tolerance = 0;    // converged when max |F_i| <= this
  int max_iterations = 10;   // Newton steps
};

struct Newton2DStep {
  int iteration = 0;  // 0: the starting point
  Vec2 x{}, f{};
  std::string note;   // "start", "step", "half step x2", ...
};

struct Newton2DResult {
  Vec2 x{}, f{};
  bool converged = false;
  int iterations = 0;
  std::string stop;  // "tolerance", "iterations", or why it could go no further
};

using BatchFunction = std::function<std::vector<Vec2>(const std::vector<Vec2>&)>;

Newton2DResult solve_newton_2d(const BatchFunction& f, Vec2 x0, const Newton2DOptions& opt,
                               const std::function<void(const Newton2DStep&)>& on_step = {});

}  // namespace smvn
