#include "apps/root_bracketing.h"

#include <cmath>
#include <stdexcept>
#include <utility>

namespace smvn {

RootResult find_root_bracketed(const std::function<double(double)>& f, double a, double fa, double b, double fb,
                               const RootOptions& opt) {
  if ((fa > 0 && fb > 0) || (fa < 0 && fb < 0))
    throw std::invalid_argument("find_root_bracketed: f has the same sign at both ends of the bracket");
  RootResult best;
  best.x = a;
  best.fx = fa;
  const auto consider = [&](double x, double fx) {
    if (std::abs(fx) < std::abs(best.fx)) {
      best.x = x;
      best.fx = fx;
    }
  };
  consider(b, fb);
  // B is the best estimate, A the contrapoint (f(A), f(B) of opposite signs), C the
  // previous B, D the one before.
  if (std::abs(fa) < std::abs(fb)) {
    std::swap(a, b);
    std::swap(fa, fb);
  }
  double c = a, fc = fa, d = a;
  bool bisected = true;
  int evaluations = 0;
  std::string stop;
  for (;;) {
    if (std::abs(fb) <= opt.f_tolerance) {
      stop = "tolerance";
      break;
    }
    if (std::abs(b - a) <= opt.x_tolerance) {
      stop = "bracket";
      break;
    }
    if (evaluations >= opt.max_evaluations) {
      stop = "evaluations";
      break;
    }
    double s;
    if (fa != fc && fb != fc) {  // inverse quadratic interpolation through A, B, C
      s = a * fb * fc / ((fa - fb) * (fa - fc)) + b * fa * fc / ((fb - fa) * (fb - fc)) +
          c * fa * fb / ((fc - fa) * (fc - fb));
    } else {  // secant through A and B
      s = b - fb * (b - a) / (fb - fa);
    }
    // Bisect unless S lies between (3A + B) / 4 and B and the step is shrinking at least
    // as fast as bisection would (Brent's conditions).
    const double lo = std::min((3 * a + b) / 4, b), hi = std::max((3 * a + b) / 4, b);
    const double tol = opt.x_tolerance > 0 ? opt.x_tolerance : 1e-300;
    const bool bisect = !(s > lo && s < hi) || (bisected && std::abs(s - b) >= std::abs(b - c) / 2) ||
                        (!bisected && std::abs(s - b) >= std::abs(c - d) / 2) ||
                        (bisected && std::abs(b - c) < tol) || (!bisected && std::abs(c - d) < tol);
    if (bisect) s = (a + b) / 2;
    bisected = bisect;
    const double fs = f(s);
    ++evaluations;
    consider(s, fs);
    d = c;
    c = b;
    fc = fb;
    if ((fa < 0) != (fs < 0) || fs == 0) {
      b = s;
      fb = fs;
    } else {
      a = s;
      fa = fs;
    }
    if (std::abs(fa) < std::abs(fb)) {
      std::swap(a, b);
      std::swap(fa, fb);
    }
  }
  // On a tie (a step function), the bracket's best end is nearer the root than an early point.
  if (std::abs(fb) <= std::abs(best.fx)) {
    best.x = b;
    best.fx = fb;
  }
  best.evaluations = evaluations;
  best.stop = stop;
  best.converged = std::abs(best.fx) <= opt.f_tolerance;
  return best;
}

}  // namespace smvn
