// The bytes of a TCP/IPv4 segment over Ethernet II as the socket layer writes them into
// simulated memory: Ethernet (14) | IPv4 (20, no options) | TCP (20, no options) |
// payload. Node N is 10.0.0.(N+1) with MAC mac_of_node(N). Checksums are real (RFC 1071
// Internet checksum; TCP's over the pseudo-header, header and payload), so the receiver
// can verify every segment's bytes after they crossed the simulated machine.
#pragma once

#include <cstddef>
#include <cstdint>

namespace smvn::net {

constexpr std::size_t kEthBytes = 14, kIpBytes = 20, kTcpBytes = 20;
constexpr std::size_t kHeaderBytes = kEthBytes + kIpBytes + kTcpBytes;  // 54
constexpr std::size_t kMinFrame = 60;                                  // Ethernet minimum without FCS
constexpr uint8_t kTcpAck = 0x10, kTcpPsh = 0x08;

inline uint32_t ip_of_node(unsigned node) { return (10u << 24) | (node + 1); }
inline unsigned node_of_ip(uint32_t ip) { return (ip & 0xffffff) - 1; }

// One's-complement sum of N bytes (big-endian 16-bit words) added to SUM, not folded.
uint32_t checksum_add(uint32_t sum, const uint8_t* p, std::size_t n);
uint16_t checksum_fold(uint32_t sum);

struct TcpHeader {
  unsigned src_node = 0, dst_node = 0;
  uint16_t src_port = 0, dst_port = 0;
  uint32_t seq = 0, ack = 0;
  uint8_t flags = kTcpAck;
  uint16_t window = 0;       // in bytes (no window scaling: at most 65535)
  uint16_t payload = 0;      // payload bytes that follow the header
  uint32_t payload_sum = 0;  // checksum_add(0, payload) of those bytes (unfolded)

  // Writes the 54 header bytes (checksums filled in) to OUT.
  void encode(uint8_t* out) const;
  // Parses 54 bytes; false when they are not an IPv4/TCP segment of ours.
  bool decode(const uint8_t* in);
  // The TCP checksum the header carries must equal this for a payload summing to SUM.
  uint16_t tcp_checksum(uint32_t payload_sum) const;
  uint16_t carried_checksum = 0;  // set by decode
};

}  // namespace smvn::net
