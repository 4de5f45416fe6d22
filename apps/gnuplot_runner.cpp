#include "apps/gnuplot_runner.h"

#include <cstdlib>
#include <filesystem>

#include <fmt/core.h>

namespace smvn {

namespace {

// A shell single-quoted word.
std::string shell_word(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

std::string gnuplot_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string gnuplot_png_terminal(int width, int height) {
  return fmt::format(
      "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {{\n"
      "  set terminal pngcairo size {0},{1} noenhanced font \",11\"\n"
      "}} else {{\n"
      "  set terminal png size {0},{1} noenhanced\n"
      "}}\n",
      width, height);
}

std::string run_gnuplot(const std::string& dir, const std::string& script) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    return "gnuplot is not installed (Debian: gnuplot-nox; ./smvn installs it); the script is " +
           (std::filesystem::path(dir) / script).string();
  const std::string cmd = "cd " + shell_word(dir) + " && gnuplot " + shell_word(script) + " 2> plots.log";
  if (std::system(cmd.c_str()) != 0) return "gnuplot failed; see " + (std::filesystem::path(dir) / "plots.log").string();
  return "";
}

}  // namespace smvn
