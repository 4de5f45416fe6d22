#include "mpi_shim/tcp_segment.h"

#include <cstring>

#include "driver/ethernet.h"

namespace smvn::net {

namespace {
void put16(uint8_t* p, uint16_t v) { p[0] = uint8_t(v >> 8), p[1] = uint8_t(v); }
void put32(uint8_t* p, uint32_t v) { put16(p, uint16_t(v >> 16)), put16(p + 2, uint16_t(v)); }
uint16_t get16(const uint8_t* p) { return uint16_t(p[0] << 8 | p[1]); }
uint32_t get32(const uint8_t* p) { return uint32_t(get16(p)) << 16 | get16(p + 2); }
}  // namespace

uint32_t checksum_add(uint32_t sum, const uint8_t* p, std::size_t n) {
  // Big-endian 16-bit words, summed eight bytes at a time: 2^16 = 1 modulo 0xffff, so a
  // doubleword read big-endian is the sum of its four words, and the end-around carry
  // keeps the sum modulo 0xffff (RFC 1071). The unfolded value may differ from a word-by-
  // word sum; its fold, the checksum, does not (both are zero only for all-zero data).
  uint64_t s = sum;
  std::size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    std::memcpy(&v, p + i, 8);
    v = __builtin_bswap64(v);
    s += v;
    s += s < v;  // end-around carry
  }
  s = (s & 0xffffffff) + (s >> 32);
  for (; i + 1 < n; i += 2) s += uint32_t(p[i]) << 8 | p[i + 1];
  if (i < n) s += uint32_t(p[i]) << 8;
  while (s >> 32) s = (s & 0xffffffff) + (s >> 32);
  return uint32_t(s);
}

uint16_t checksum_fold(uint32_t sum) {
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return uint16_t(~sum);
}

uint16_t TcpHeader::tcp_checksum(uint32_t psum) const {
  uint8_t pseudo[12];
  put32(pseudo, ip_of_node(src_node));
  put32(pseudo + 4, ip_of_node(dst_node));
  pseudo[8] = 0;
  pseudo[9] = 6;  // TCP
  put16(pseudo + 10, uint16_t(kTcpBytes + payload));
  uint8_t tcp[kTcpBytes] = {};
  put16(tcp, src_port);
  put16(tcp + 2, dst_port);
  put32(tcp + 4, seq);
  put32(tcp + 8, ack);
  tcp[12] = 5 << 4;  // data offset: 5 words
  tcp[13] = flags;
  put16(tcp + 14, window);
  // A 16-bit sum of an even-length block can be added to another's: the payload starts
  // at an even offset after the 20-byte header.
  uint32_t s = checksum_add(0, pseudo, sizeof pseudo);
  s = checksum_add(s, tcp, sizeof tcp);
  uint64_t t = uint64_t(s) + psum;
  while (t >> 32) t = (t & 0xffffffff) + (t >> 32);
  return checksum_fold(uint32_t(t));
}

void TcpHeader::encode(uint8_t* out) const {
  driver::EthernetHeader{driver::mac_of_node(dst_node), driver::mac_of_node(src_node), driver::kEtherTypeIPv4}
      .encode(out);
  uint8_t* ip = out + kEthBytes;
  std::memset(ip, 0, kIpBytes);
  ip[0] = 0x45;  // IPv4, 5-word header
  put16(ip + 2, uint16_t(kIpBytes + kTcpBytes + payload));
  ip[6] = 0x40;  // don't fragment
  ip[8] = 64;    // TTL
  ip[9] = 6;     // TCP
  put32(ip + 12, ip_of_node(src_node));
  put32(ip + 16, ip_of_node(dst_node));
  put16(ip + 10, checksum_fold(checksum_add(0, ip, kIpBytes)));
  uint8_t* tcp = ip + kIpBytes;
  std::memset(tcp, 0, kTcpBytes);
  put16(tcp, src_port);
  put16(tcp + 2, dst_port);
  put32(tcp + 4, seq);
  put32(tcp + 8, ack);
  tcp[12] = 5 << 4;
  tcp[13] = flags;
  put16(tcp + 14, window);
  put16(tcp + 16, tcp_checksum(payload_sum));
}

bool TcpHeader::decode(const uint8_t* in) {
  if (get16(in + 12) != driver::kEtherTypeIPv4) return false;
  const uint8_t* ip = in + kEthBytes;
  if (ip[0] != 0x45 || ip[9] != 6 || checksum_fold(checksum_add(0, ip, kIpBytes)) != 0) return false;
  const uint16_t total = get16(ip + 2);
  if (total < kIpBytes + kTcpBytes) return false;
  src_node = node_of_ip(get32(ip + 12));
  dst_node = node_of_ip(get32(ip + 16));
  payload = uint16_t(total - kIpBytes - kTcpBytes);
  const uint8_t* tcp = ip + kIpBytes;
  src_port = get16(tcp);
  dst_port = get16(tcp + 2);
  seq = get32(tcp + 4);
  ack = get32(tcp + 8);
  flags = tcp[13];
  window = get16(tcp + 14);
  carried_checksum = get16(tcp + 16);
  return true;
}

}  // namespace smvn::net
