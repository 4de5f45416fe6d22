#include "apps/newton_2d.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

namespace smvn {

namespace {

double norm(const Vec2& f) { return std::max(std::abs(f[0]), std::abs(f[1])); }

Vec2 clamp(Vec2 x, const Newton2DOptions& o) {
  for (int i = 0; i < 2; ++i) x[i] = std::clamp(x[i], o.lo[i], o.hi[i]);
  return x;
}

}  // namespace

Newton2DResult solve_newton_2d(const BatchFunction& f, Vec2 x0, const Newton2DOptions& opt,
                               const std::function<void(const Newton2DStep&)>& on_step) {
  const auto report = [&](int it, const Vec2& x, const Vec2& fx, const std::string& note) {
    if (on_step) on_step({it, x, fx, note});
  };
  Newton2DResult r;
  r.x = clamp(x0, opt);
  r.f = f({r.x}).at(0);
  report(0, r.x, r.f, "start");
  for (int it = 1;; ++it) {
    if (norm(r.f) <= opt.f_tolerance) {
      r.converged = true;
      r.stop = "tolerance";
      return r;
    }
    if (it > opt.max_iterations) {
      r.stop = "iterations";
      return r;
    }
    r.iterations = it;
    // Forward differences, stepping inward from a bound so every point stays in range.
    Vec2 h;
    std::vector<Vec2> probes;
    for (int i = 0; i < 2; ++i) {
      h[i] = r.x[i] + opt.step[i] <= opt.hi[i] ? opt.step[i] : -opt.step[i];
      Vec2 p = r.x;
      p[i] += h[i];
      probes.push_back(p);
    }
    const std::vector<Vec2> fp = f(probes);
    double j[2][2];  // j[equation][unknown]
    for (int i = 0; i < 2; ++i)
      for (int e = 0; e < 2; ++e) j[e][i] = (fp.at(i)[e] - r.f[e]) / h[i];
    const double det = j[0][0] * j[1][1] - j[0][1] * j[1][0];
    const double scale = std::max({std::abs(j[0][0] * j[1][1]), std::abs(j[0][1] * j[1][0]), 1e-300});
    if (!std::isfinite(det) || std::abs(det) <= 1e-9 * scale) {
      r.stop = fmt::format("the Jacobian is singular at ({:.6g}, {:.6g}): the two targets do not depend "
                           "independently on the two parameters there",
                           r.x[0], r.x[1]);
      return r;
    }
    const Vec2 dx = {-(j[1][1] * r.f[0] - j[0][1] * r.f[1]) / det, -(-j[1][0] * r.f[0] + j[0][0] * r.f[1]) / det};
    double lambda = 1;
    bool accepted = false;
    for (int halvings = 0; halvings <= 4; ++halvings, lambda /= 2) {
      const Vec2 xn = clamp({r.x[0] + lambda * dx[0], r.x[1] + lambda * dx[1]}, opt);
      if (xn == r.x) break;  // clamped back onto the same point: no way further in range
      const Vec2 fn = f({xn}).at(0);
      if (norm(fn) < norm(r.f)) {
        r.x = xn;
        r.f = fn;
        report(it, r.x, r.f, halvings == 0 ? "Newton step" : fmt::format("step / {}", 1 << halvings));
        accepted = true;
        break;
      }
      report(it, xn, fn, "rejected: no better");
    }
    if (!accepted) {
      r.stop = fmt::format("no step from ({:.6g}, {:.6g}) within the ranges reduces the residual", r.x[0], r.x[1]);
      return r;
    }
  }
}

}  // namespace smvn
