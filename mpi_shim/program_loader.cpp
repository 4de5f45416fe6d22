#include "mpi_shim/program_loader.h"

#include <dlfcn.h>
#include <getopt.h>
#include <link.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <system_error>

extern char** environ;

namespace smvn::mpi {
namespace {

// How many RankProgram::run calls are in progress (ranks are SystemC threads of one OS
// thread, so a suspended rank counts as in progress). A wrapped exit() outside any run
// (from a constructor of the program, while it is being loaded) must not throw through
// dlopen: it ends the simulator as the real call would.
int active_runs = 0;

struct ActiveRun {
  ActiveRun() { ++active_runs; }
  ~ActiveRun() { --active_runs; }
};

std::runtime_error load_error(const std::string& path, const std::string& what) {
  return std::runtime_error("rank program '" + path + "': " + what);
}

}  // namespace

RankProgram::RankProgram(const std::string& so_path, unsigned ranks) : path_(so_path) {
  namespace fs = std::filesystem;
  if (ranks == 0) throw load_error(path_, "at least one rank is needed");
  std::error_code ec;
  if (!fs::exists(path_, ec)) throw load_error(path_, "no such file");
  if (!fs::is_regular_file(path_, ec)) throw load_error(path_, "not a regular file");

  std::string templ = (fs::temp_directory_path() / "smvn-ranks-XXXXXX").string();
  if (!mkdtemp(templ.data()))
    throw load_error(path_, "cannot create a directory for the rank copies: " +
                                std::system_category().message(errno));
  dir_ = templ;

  try {
    const std::string base = fs::path(path_).filename().string();
    copies_.reserve(ranks);
    for (unsigned r = 0; r < ranks; ++r) {
      Copy c;
      c.file = dir_ / ("rank" + std::to_string(r) + "-" + base);
      if (!fs::copy_file(path_, c.file, ec))
        throw load_error(path_, "cannot copy to " + c.file.string() + ": " + ec.message());
      dlerror();
      c.handle = dlopen(c.file.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!c.handle) {
        const char* msg = dlerror();
        throw load_error(path_, std::string("cannot load: ") + (msg ? msg : "unknown error"));
      }
      copies_.push_back(c);
      // Looked up in this copy's own scope (itself, then its libraries), so it is this
      // copy's main whatever its declared parameters; no renaming of the program is
      // needed. Calling an `int main(void)` with three arguments is harmless in the
      // x86-64 and MIPS calling conventions (the caller owns the argument registers).
      void* m = dlsym(c.handle, "main");
      if (!m) throw load_error(path_, "defines no main()");
      copies_.back().main = reinterpret_cast<int (*)(int, char**, char**)>(m);
    }
  } catch (...) {
    unload();
    throw;
  }
}

RankProgram::~RankProgram() { unload(); }

void RankProgram::unload() noexcept {
  // dlclose runs each copy's atexit handlers and destructors, then the files can go.
  for (auto it = copies_.rbegin(); it != copies_.rend(); ++it)
    if (it->handle) dlclose(it->handle);
  copies_.clear();
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
}

void RankProgram::abandon() noexcept {
  copies_.clear();  // handles forgotten, never closed
  if (!dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
    dir_.clear();
  }
}

std::vector<std::pair<uintptr_t, uintptr_t>> RankProgram::code_ranges() const {
  struct Search {
    const RankProgram* self;
    std::vector<std::pair<uintptr_t, uintptr_t>> out;
  } search{this, {}};
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* data) {
        auto* s = static_cast<Search*>(data);
        if (!info->dlpi_name) return 0;
        const std::string name = info->dlpi_name;
        bool ours = false;
        for (const Copy& c : s->self->copies_) ours = ours || name == c.file.string();
        if (!ours) return 0;
        for (int i = 0; i < info->dlpi_phnum; ++i) {
          const ElfW(Phdr)& ph = info->dlpi_phdr[i];
          if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X))
            s->out.emplace_back(info->dlpi_addr + ph.p_vaddr, info->dlpi_addr + ph.p_vaddr + ph.p_memsz);
        }
        return 0;
      },
      &search);
  return search.out;
}

const RankProgram::Copy& RankProgram::copy(unsigned rank) const {
  if (rank >= copies_.size())
    throw std::out_of_range("rank program '" + path_ + "': rank " + std::to_string(rank) +
                            " but only " + std::to_string(copies_.size()) + " loaded");
  return copies_[rank];
}

void* RankProgram::symbol(unsigned rank, const char* name) const {
  return dlsym(copy(rank).handle, name);
}

int RankProgram::run(unsigned rank, int argc, char** argv) {
  const Copy& c = copy(rank);
  std::vector<std::string> args(argv, argv + argc);
  std::vector<char*> ptrs;
  for (auto& a : args) ptrs.push_back(a.data());
  ptrs.push_back(nullptr);

  // optind = 0 makes glibc's getopt re-initialise completely (including its position
  // inside a group of short options), as if the process had just started.
  optind = 0;
  opterr = 1;
  optarg = nullptr;

  ActiveRun active;
  try {
    return c.main(argc, ptrs.data(), environ);
  } catch (const RankExit& e) {
    return e.code;
  } catch (const RankAbort& e) {
    throw RankAbort("rank " + std::to_string(rank) + " of '" + path_ + "': " + e.what());
  }
}

}  // namespace smvn::mpi

// ---- the targets of smvn-mpicc's -Wl,--wrap=... -----------------------------------------
// Exported by the simulator executable (rank_exports.list) and bound at load time.
using smvn::mpi::active_runs;

extern "C" {

[[noreturn]] void __wrap_exit(int code) {
  if (active_runs == 0) std::exit(code);
  throw smvn::mpi::RankExit{code};
}

[[noreturn]] void __wrap__exit(int code) {
  if (active_runs == 0) ::_exit(code);
  throw smvn::mpi::RankExit{code};
}

[[noreturn]] void __wrap__Exit(int code) {
  if (active_runs == 0) std::_Exit(code);
  throw smvn::mpi::RankExit{code};
}

[[noreturn]] void __wrap_quick_exit(int code) {
  if (active_runs == 0) std::quick_exit(code);
  throw smvn::mpi::RankExit{code};
}

[[noreturn]] void __wrap_abort() {
  if (active_runs == 0) std::abort();
  throw smvn::mpi::RankAbort("a rank called abort()");
}

}  // extern "C"
