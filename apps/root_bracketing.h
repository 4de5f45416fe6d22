// A root of f(x) = 0 on a bracket [a, b] where f changes sign: Brent's method (inverse
// quadratic interpolation and secant steps, falling back to bisection whenever they would
// not shrink the bracket fast enough), so it converges whenever f is continuous on the
// bracket, and on a step function (an integer parameter) narrows to the step.
// Used by `smvn calibrate` for one parameter, where every evaluation of f is a simulation:
// the bracket's ends are evaluated by the caller (it has to check the sign change first,
// to say a target is unreachable instead of searching in vain), so they are passed in.
#pragma once

#include <functional>
#include <string>

namespace smvn {

struct RootOptions {
  double f_tolerance = 0;  // converged when |f(x)| <= this
  double x_tolerance = 0;  // or when the bracket is narrower than this
  int max_evaluations = 50;
};

struct RootResult {
  double x = 0, fx = 0;  // the best point seen (smallest |f|)
  bool converged = false;   // |fx| <= f_tolerance
  int evaluations = 0;      // of f, not counting the two ends
  std::string stop;         // why it stopped: "tolerance", "bracket", "evaluations"
};

// Requires fa and fb of opposite signs (or one of them 0); throws std::invalid_argument
// otherwise.
RootResult find_root_bracketed(const std::function<double(double)>& f, double a, double fa, double b, double fb,
                               const RootOptions& opt);

}  // namespace smvn
