// Loads an MPI program built by smvn-mpicc (a position-independent shared object) once
// per rank, so that every rank has its own copy of the program's globals and statics.
//
// glibc's dlopen returns the already-loaded object for a file it has loaded before (it
// compares device and inode), so private globals need private files: the object is
// copied once per rank into a private temporary directory and each copy is dlopen'ed
// (SimGrid SMPI's approach). The copies stay on disk while loaded so that debuggers and
// profilers can read their symbols; the directory goes with the RankProgram.
//
// Symbol binding (see mpi_shim/CMakeLists.txt and smvn-mpicc):
//   - each copy is opened RTLD_NOW | RTLD_LOCAL: every undefined symbol is resolved at
//     load (a missing one is a load error naming it, not a crash mid-run), and no copy's
//     symbols are visible to another copy;
//   - the program's undefined MPI_*, PMPI_* and __wrap_* symbols resolve to the
//     simulator executable, which exports exactly those (linker --dynamic-list
//     rank_exports.list), so there is one MPI library, shared by all ranks, in the
//     simulator's own address space and with the simulator's state;
//   - smvn-mpicc links with -Bsymbolic, so the program's references to its own functions
//     and globals bind inside its copy even when the simulator exports the same name
//     (e.g. a profiling wrapper defining MPI_Send). RTLD_DEEPBIND is therefore not
//     needed, and it is avoided: it would bind the program's references to libc data
//     (optind, stdout...) to libc's own definitions instead of the copies that the
//     executable and libc itself use when the executable copy-relocates them, and would
//     bypass any malloc the executable interposes.
#pragma once

#include <filesystem>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "mpi_shim/rank_exit.h"

namespace smvn::mpi {

class RankProgram {
 public:
  // Copies `so_path` `ranks` times and loads every copy. Throws std::runtime_error naming
  // the file and the loader's message when the file is missing, is not a loadable shared
  // object, leaves a symbol unresolved, or defines no main().
  RankProgram(const std::string& so_path, unsigned ranks);
  ~RankProgram();
  RankProgram(const RankProgram&) = delete;
  RankProgram& operator=(const RankProgram&) = delete;

  unsigned ranks() const { return static_cast<unsigned>(copies_.size()); }
  const std::string& path() const { return path_; }
  const std::filesystem::path& copy_dir() const { return dir_; }

  // Runs the program's main() as `rank`, in the calling thread (a rank's SystemC thread),
  // with a private copy of argv (main and getopt may permute or edit it). Returns main's
  // result, or n when the program calls exit(n) (or _exit, _Exit, quick_exit).
  // abort() and MPI_Abort propagate as RankAbort. getopt's global state (optind...) is
  // libc's, shared by all ranks, so it is reset here: a program must parse its options
  // before its first MPI call, which may switch to another rank (OMB does).
  int run(unsigned rank, int argc, char** argv);

  // The address of `name` in `rank`'s copy (its own globals), or nullptr.
  void* symbol(unsigned rank, const char* name) const;

  // The executable segments of every loaded copy, [begin, end): where a rank's own code
  // is (the watchdog interrupts a runaway rank only there).
  std::vector<std::pair<uintptr_t, uintptr_t>> code_ranges() const;

  // After a rank faulted: removes the copies' files but leaves them loaded, since
  // unloading would run the faulted program's destructors. The process must then end
  // without running exit handlers (std::_Exit).
  void abandon() noexcept;

 private:
  struct Copy {
    std::filesystem::path file;
    void* handle = nullptr;
    int (*main)(int, char**, char**) = nullptr;
  };

  void unload() noexcept;
  const Copy& copy(unsigned rank) const;

  std::string path_;
  std::filesystem::path dir_;
  std::vector<Copy> copies_;
};

}  // namespace smvn::mpi
