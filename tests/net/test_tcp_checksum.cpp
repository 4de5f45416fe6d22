// The Internet checksum of mpi_shim/tcp_segment.h against RFC 1071's definition, summed
// one big-endian 16-bit word at a time, on random data of every length and alignment, and
// on the cases where one's-complement sums differ from plain ones (all zero, all ones).
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "mpi_shim/tcp_segment.h"

using namespace smvn::net;

namespace {

uint16_t reference(uint32_t start, const uint8_t* p, std::size_t n) {
  uint64_t s = start;
  for (std::size_t i = 0; i < n; i += 2) s += uint32_t(p[i]) << 8 | (i + 1 < n ? p[i + 1] : 0);
  while (s >> 16) s = (s & 0xffff) + (s >> 16);
  return uint16_t(~s);
}

}  // namespace

TEST(TcpChecksum, MatchesWordByWordSumsOfEveryLengthAndAlignment) {
  std::mt19937_64 rng(7);
  std::vector<uint8_t> buf(4096 + 16);
  for (auto& b : buf) b = uint8_t(rng());
  for (std::size_t offset = 0; offset < 8; ++offset)
    for (std::size_t n = 0; n <= 300; ++n) {
      const uint32_t start = uint32_t(rng());
      ASSERT_EQ(checksum_fold(checksum_add(start, buf.data() + offset, n)), reference(start, buf.data() + offset, n))
          << "offset " << offset << ", " << n << " bytes";
    }
  EXPECT_EQ(checksum_fold(checksum_add(0, buf.data(), 4096)), reference(0, buf.data(), 4096));
}

TEST(TcpChecksum, CarriesAroundOnAllOnesAndKeepsZeroForZeros) {
  const std::vector<uint8_t> ones(1500, 0xff), zeros(1500, 0);
  EXPECT_EQ(checksum_fold(checksum_add(0, ones.data(), ones.size())), reference(0, ones.data(), ones.size()));
  EXPECT_EQ(checksum_fold(checksum_add(0, zeros.data(), zeros.size())), 0xffff);
}
