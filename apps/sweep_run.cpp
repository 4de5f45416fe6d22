#include "apps/sweep_run.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "apps/child_processes.h"
#include "apps/mpi_job.h"
#include "apps/osu_csv.h"
#include "apps/osu_metric.h"
#include "apps/paper_evaluation.h"
#include "apps/simulation.h"
#include "sim/text_file.h"

namespace smvn {

namespace fs = std::filesystem;

namespace {

// The body of one child: the point's machine, one program on it (or only its check).
int run_point_in_child(const SweepSpec& spec, const SweepPoint& p, const SweepProgram& prog, bool check_only,
                       const std::string& dir) {
  try {
    ConfigNode root = point_config(spec, p);
    Simulation sim(root);
    MpiJobOptions job;
    job.program = prog.path;
    job.args = prog.args;
    job.ranks = point_ranks(spec, p);
    job.map = point_map(spec, p);
    job.check_only = check_only;
    std::cerr << fmt::format("sweep {} point {} ({}): {}\n", spec.name, p.id, p.label(), prog.name);
    const MpiJobResult r = run_mpi_job(sim, root, job, dir);
    for (const std::string& problem : r.problems) std::cerr << "smvn-sim: " << p.id << " " << prog.name << ": " << problem << "\n";
    std::cerr << fmt::format("simulated {:.6f} s in {:.2f} host s; exit status {}\n",
                             sc_core::sc_time_stamp().to_seconds(), sim.host_seconds(), r.exit_status);
    return r.exit_status;
  } catch (const ConfigError& e) {
    std::cerr << "smvn-sim: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "smvn-sim: error: " << e.what() << "\n";
    return 2;
  }
}

// The last line of a file that says something (the error of a child that failed).
std::string last_line(const std::string& path) {
  std::istringstream in(read_text_file(path));
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  const std::string prefix = "smvn-sim: ";
  return last.rfind(prefix, 0) == 0 ? last.substr(prefix.size()) : last;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::string point_run_dir(const std::string& out_dir, const SweepPoint& p, const std::string& program) {
  return (fs::path(out_dir) / "points" / p.id / program).string();
}

std::vector<std::string> check_sweep_points(const SweepSpec& spec, const SweepOptions& opt, std::ostream& progress) {
  std::vector<ChildTask> tasks;
  std::vector<const SweepPoint*> which;
  const std::string check_root = (fs::path(opt.out_dir) / "check").string();
  for (const SweepPoint& p : spec.points) {
    if (opt.only_point >= 0 && p.index != unsigned(opt.only_point)) continue;
    const std::string dir = (fs::path(check_root) / p.id).string();
    fs::create_directories(dir);
    ChildTask t;
    t.label = "check " + p.id;
    t.stdout_path = dir + "/out.txt";
    t.stderr_path = dir + "/" + kRunLogFile;
    const SweepProgram* prog = &spec.programs[0];
    t.body = [&spec, &p, prog, dir] { return run_point_in_child(spec, p, *prog, true, dir); };
    tasks.push_back(t);
    which.push_back(&p);
  }
  // The checks' own progress lines would only be noise; a failure is reported below.
  std::ostringstream quiet;
  const std::vector<ChildOutcome> outcomes = run_child_processes(tasks, opt.parallel, quiet);
  std::vector<std::string> problems;
  for (std::size_t i = 0; i < tasks.size(); ++i)
    if (!outcomes[i].ok())
      problems.push_back(fmt::format("point {} ({}): {}", which[i]->id, which[i]->label(), last_line(tasks[i].stderr_path)));
  if (problems.empty()) fs::remove_all(check_root);
  (void)progress;
  return problems;
}

unsigned run_sweep_points(const SweepSpec& spec, const SweepOptions& opt, std::ostream& progress) {
  const fs::path out(opt.out_dir);
  const fs::path record = out / "sweep.yaml";
  if (fs::exists(record) && !opt.resume && opt.only_point < 0)
    throw std::runtime_error(opt.out_dir + " holds a sweep already: --resume to continue it, or --out another folder");
  fs::create_directories(out);
  if (opt.only_point < 0) {
    fs::copy_file(spec.file, record, fs::copy_options::overwrite_existing);
    std::ofstream pts(out / "points.csv");
    pts << "point";
    for (const std::string& c : spec.columns) pts << "," << csv_field(c);
    pts << "\n";
    for (const SweepPoint& p : spec.points) {
      pts << p.id;
      for (const std::string& c : spec.columns) {
        const SweepSetting* s = p.find(c);
        pts << "," << csv_field(s ? s->text : "");
      }
      pts << "\n";
    }
  }
  std::vector<ChildTask> tasks;
  std::vector<std::pair<const SweepPoint*, const SweepProgram*>> which;
  unsigned skipped = 0;
  for (const SweepPoint& p : spec.points) {
    if (opt.only_point >= 0 && p.index != unsigned(opt.only_point)) continue;
    for (const SweepProgram& prog : spec.programs) {
      const std::string dir = point_run_dir(opt.out_dir, p, prog.name);
      if (fs::exists(fs::path(dir) / kDoneMarker)) {
        ++skipped;
        continue;
      }
      fs::remove(fs::path(dir) / kDoneMarker);
      fs::create_directories(dir);
      ChildTask t;
      t.label = p.id + " " + prog.name + " (" + p.label() + ")";
      t.stdout_path = dir + "/" + kOsuOutputFile;
      t.stderr_path = dir + "/" + kRunLogFile;
      const SweepProgram* pp = &prog;
      t.body = [&spec, &p, pp, dir] { return run_point_in_child(spec, p, *pp, false, dir); };
      tasks.push_back(t);
      which.push_back({&p, &prog});
    }
  }
  if (skipped) progress << fmt::format("sweep: {} runs done already (--resume), {} to run\n", skipped, tasks.size());
  const std::vector<ChildOutcome> outcomes = run_child_processes(tasks, opt.parallel, progress);
  unsigned failed = 0;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    const std::string dir = point_run_dir(opt.out_dir, *which[i].first, which[i].second->name);
    const std::string output = read_text_file(tasks[i].stdout_path);
    const bool table = write_osu_csv(dir, which[i].second->name, output);
    if (outcomes[i].ok() && table) {
      std::ofstream(fs::path(dir) / kDoneMarker) << fmt::format("{:.3f}\n", outcomes[i].host_seconds);
    } else {
      ++failed;
    }
  }
  return failed;
}

std::vector<std::string> write_slurm_scripts(const SweepSpec& spec, const SweepOptions& opt, const std::string& sim) {
  const fs::path out = fs::absolute(opt.out_dir);
  fs::create_directories(out / "logs");
  const std::string sweep = fs::absolute(spec.file).string();
  const std::string array = out / "sweep.sbatch", collect = out / "collect.sh";
  std::ofstream a(array);
  a << "#!/bin/bash\n"
    << "# smvn-sim sweep " << spec.name << ": one Slurm array task per point (" << spec.points.size()
    << " points), each running the point's programs one after the other.\n"
    << "# Submit: sbatch " << array << "; then, when the array has ended: sbatch --dependency=afterany:<jobid> "
    << collect << "\n"
    << "#SBATCH --job-name=smvn-sweep-" << spec.name << "\n"
    << "#SBATCH --array=0-" << spec.points.size() - 1 << "\n"
    << "#SBATCH --ntasks=1\n#SBATCH --cpus-per-task=1\n"
    << "#SBATCH --output=" << (out / "logs" / "task-%a.out").string() << "\n"
    << "#SBATCH --error=" << (out / "logs" / "task-%a.err").string() << "\n"
    << "exec '" << sim << "' sweep '" << sweep << "' --out '" << out.string()
    << "' --point \"$SLURM_ARRAY_TASK_ID\" -j 1\n";
  std::ofstream c(collect);
  c << "#!/bin/bash\n"
    << "# smvn-sim sweep " << spec.name << ": results.csv, plots and report.md from the array's run folders.\n"
    << "#SBATCH --job-name=smvn-sweep-" << spec.name << "-collect\n"
    << "#SBATCH --output=" << (out / "logs" / "collect.out").string() << "\n"
    << "exec '" << sim << "' sweep '" << sweep << "' --out '" << out.string() << "' --collect\n";
  a.close();
  c.close();
  for (const std::string& f : {array, collect})
    fs::permissions(f, fs::perms::owner_exec | fs::perms::group_exec | fs::perms::others_exec, fs::perm_options::add);
  // The sweep's record, as a local run writes it.
  fs::copy_file(spec.file, out / "sweep.yaml", fs::copy_options::overwrite_existing);
  return {array, collect};
}

}  // namespace smvn
