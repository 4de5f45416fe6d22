#include "mpi_shim/compute_clock.h"

#include <dlfcn.h>
#include <elf.h>
#include <link.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "mpi_shim/program_loader.h"

namespace smvn::mpi {

std::vector<uint8_t> ComputeClock::read_block_table(const std::string& file, std::size_t* blocks) {
  if (blocks) *blocks = 0;
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto bad = [&](const std::string& why) {
    return std::runtime_error("rank program '" + file + "': .smvn_blocks: " + why);
  };
  // Only 64-bit ELF objects are loadable here (the simulator is a 64-bit host program).
  if (bytes.size() < sizeof(Elf64_Ehdr) || std::memcmp(bytes.data(), ELFMAG, SELFMAG) != 0 ||
      bytes[EI_CLASS] != ELFCLASS64)
    return {};
  Elf64_Ehdr eh;
  std::memcpy(&eh, bytes.data(), sizeof eh);
  auto section = [&](unsigned i) {
    Elf64_Shdr sh;
    const std::size_t at = eh.e_shoff + std::size_t(i) * sizeof(Elf64_Shdr);
    if (at + sizeof sh > bytes.size()) throw bad("section header outside the file");
    std::memcpy(&sh, bytes.data() + at, sizeof sh);
    return sh;
  };
  if (eh.e_shoff == 0 || eh.e_shstrndx >= eh.e_shnum) return {};
  const Elf64_Shdr names = section(eh.e_shstrndx);
  std::string text;
  for (unsigned i = 0; i < eh.e_shnum; ++i) {
    const Elf64_Shdr sh = section(i);
    if (names.sh_offset + sh.sh_name >= bytes.size()) continue;
    if (std::strcmp(bytes.data() + names.sh_offset + sh.sh_name, ".smvn_blocks") != 0) continue;
    if (sh.sh_offset + sh.sh_size > bytes.size()) throw bad("contents outside the file");
    text.assign(bytes.data() + sh.sh_offset, sh.sh_size);
    break;
  }
  if (text.empty()) return {};
  std::vector<std::pair<uint64_t, unsigned>> entries;
  std::istringstream lines(text);
  std::string addr;
  long length;
  while (lines >> addr >> length) {
    if (length < 0) throw bad("negative length at " + addr);
    entries.emplace_back(std::stoull(addr, nullptr, 16), unsigned(std::min(length, 254L)));
  }
  if (entries.empty()) return {};
  uint64_t end = 0;
  for (const auto& e : entries) end = std::max(end, e.first + 1);
  if (end > (uint64_t{1} << 32)) throw bad("addresses beyond 4 GiB");
  std::vector<uint8_t> table(end, 0);
  for (const auto& e : entries) table[e.first] = uint8_t(e.second + 1);
  if (blocks) *blocks = entries.size();
  return table;
}

ComputeClock::ComputeClock(const RankProgram& program) {
  table_ = read_block_table(program.path(), &blocks_);
  for (unsigned r = 0; r < program.ranks(); ++r) {
    auto* count = static_cast<uint64_t*>(program.symbol(r, "smvn_rank_instructions"));
    auto* table = static_cast<const uint8_t**>(program.symbol(r, "smvn_block_table"));
    auto* size = static_cast<uint64_t*>(program.symbol(r, "smvn_block_table_size"));
    auto* base = static_cast<uintptr_t*>(program.symbol(r, "smvn_block_load_base"));
    counters_.push_back(count);
    if (!count || !table || !size || !base || table_.empty()) continue;
    // The copy's load bias: what the table's offsets (ELF virtual addresses of a shared
    // object linked at 0) are relative to.
    Dl_info info;
    struct link_map* map = nullptr;
    if (!dladdr1(count, &info, reinterpret_cast<void**>(&map), RTLD_DL_LINKMAP) || !map) continue;
    *table = table_.data();
    *size = table_.size();
    *base = map->l_addr;
  }
}

const volatile uint64_t* ComputeClock::counter(unsigned rank) const {
  return rank < counters_.size() ? counters_[rank] : nullptr;
}

}  // namespace smvn::mpi
