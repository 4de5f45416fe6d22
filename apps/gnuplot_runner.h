// Runs a gnuplot script that sits in a run folder, in that folder (its data paths are
// relative to it), so every figure can be redrawn later with `gnuplot FILE` there. The
// one place that knows how gnuplot is found and started.
#pragma once

#include <string>

namespace smvn {

// Runs `gnuplot SCRIPT` in DIR, its errors to DIR/plots.log. Returns "" on success, else
// why nothing was drawn (gnuplot missing, or failed).
std::string run_gnuplot(const std::string& dir, const std::string& script);

// A gnuplot double-quoted string.
std::string gnuplot_quoted(const std::string& s);

// The terminal lines every figure starts with (pngcairo when there, else png).
std::string gnuplot_png_terminal(int width, int height);

}  // namespace smvn
