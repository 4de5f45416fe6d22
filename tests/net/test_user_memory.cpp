// The programs' buffers in simulated memory (mpi_shim/user_memory.h): a buffer keeps its
// simulated bytes for good, distinct buffers get distinct bytes, offsets modulo 16 are
// kept, a buffer walked in order is contiguous, and a node whose programs touch more than
// its region starts over.
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "mpi_shim/user_memory.h"

using smvn::net::UserMemory;

namespace {

struct Piece {
  uint64_t at, len;
};

std::vector<Piece> pieces(UserMemory& u, unsigned node, const void* p, size_t n) {
  std::vector<Piece> v;
  u.for_each_piece(node, p, n, [&](uint64_t at, uint64_t len) { v.push_back({at, len}); });
  return v;
}

bool disjoint(const Piece& a, const Piece& b) { return a.at >= b.at + b.len || a.at + a.len <= b.at; }

}  // namespace

TEST(UserMemory, SameBufferSameBytesDistinctBuffersDistinctBytes) {
  UserMemory u({1u << 28, 2u << 28}, 64ull << 20);
  std::vector<uint8_t> a(4 << 20), b(4 << 20);
  // Walked in segments, as the socket layer copies a long send: one contiguous range.
  for (size_t off = 0; off < a.size(); off += 1448) pieces(u, 0, a.data() + off, std::min<size_t>(1448, a.size() - off));
  const auto whole = pieces(u, 0, a.data(), a.size());
  ASSERT_EQ(whole.size(), 1u);
  EXPECT_EQ(whole[0].len, a.size());
  EXPECT_EQ(whole[0].at % 16, reinterpret_cast<uintptr_t>(a.data()) % 16);  // alignment kept
  const uint64_t mapped = u.mapped_bytes(0);
  EXPECT_EQ(pieces(u, 0, a.data(), a.size())[0].at, whole[0].at);  // reuse: the same bytes
  EXPECT_EQ(u.mapped_bytes(0), mapped);
  // A second 4 MiB buffer lies wholly outside the first (the old per-core 1 MiB window
  // made every buffer share the same simulated megabyte).
  const auto other = pieces(u, 0, b.data(), b.size());
  ASSERT_EQ(other.size(), 1u);
  EXPECT_TRUE(disjoint(other[0], whole[0]));
  EXPECT_GE(u.mapped_bytes(0), 2u * (4 << 20));
  const auto mid = pieces(u, 0, a.data() + 123457, 1000);
  ASSERT_EQ(mid.size(), 1u);
  EXPECT_EQ(mid[0].at, whole[0].at + 123457);
  // Another node's bytes come from its own region.
  EXPECT_GE(pieces(u, 1, a.data(), 100)[0].at, 2u << 28);
}

TEST(UserMemory, ARangeOverlappingMappedOnesIsMappedAroundThem) {
  UserMemory u({0}, 64ull << 20);
  std::vector<uint8_t> buf(10000);
  const auto middle = pieces(u, 0, buf.data() + 4000, 2000);  // first touched in the middle
  pieces(u, 0, buf.data() + 9000, 500);                         // something else in between
  const auto all = pieces(u, 0, buf.data(), buf.size());
  uint64_t total = 0;
  for (const Piece& p : all) total += p.len;
  EXPECT_EQ(total, buf.size());
  ASSERT_GE(all.size(), 3u);
  EXPECT_EQ(all[1].at, middle[0].at);  // the middle keeps where it was first mapped
  EXPECT_EQ(all[1].len, 2000u);
  for (size_t i = 0; i < all.size(); ++i)
    for (size_t j = i + 1; j < all.size(); ++j) EXPECT_TRUE(disjoint(all[i], all[j])) << i << " " << j;
}

TEST(UserMemory, DoesNotDependOnWhereTheHostPutTheBuffer) {
  // The same program touching a buffer at two host addresses with the same offset mod
  // 16 (two runs under ASLR) gets the same simulated addresses.
  std::vector<uint8_t> host(1 << 16);
  auto layout = [&](size_t shift) {
    UserMemory u({0}, 1 << 20);
    std::vector<uint64_t> v;
    for (size_t i = 0; i < 5; ++i) v.push_back(pieces(u, 0, host.data() + shift + i * 3000, 700)[0].at);
    v.push_back(pieces(u, 0, host.data() + shift, 3700)[0].at);
    return v;
  };
  EXPECT_EQ(layout(0), layout(4096 + 48));
}

TEST(UserMemory, RegionUsedUpStartsOver) {
  UserMemory u({0}, 64 << 10);
  std::vector<uint8_t> a(40 << 10), b(40 << 10);
  const auto first = pieces(u, 0, a.data(), a.size());
  EXPECT_EQ(u.recycles(0), 0u);
  pieces(u, 0, b.data(), b.size());  // does not fit beside A: the region starts over
  EXPECT_EQ(u.recycles(0), 1u);
  EXPECT_LE(u.mapped_bytes(0), 64u << 10);
  const auto again = pieces(u, 0, a.data(), a.size());  // A is mapped afresh, after B
  uint64_t total = 0;
  for (const Piece& p : again) total += p.len;
  EXPECT_EQ(total, a.size());
  std::vector<uint8_t> huge(128 << 10);
  EXPECT_THROW(pieces(u, 0, huge.data(), huge.size()), std::runtime_error);
}
