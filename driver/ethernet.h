// The SMVN virtual data link layer: Ethernet II framing with one MAC address per node.
// A frame is destination MAC (6) | source MAC (6) | EtherType (2, big-endian) | payload.
// Node N's address is the locally administered unicast 02:53:4d:56:NN:NN ("SMV" and the
// node number): the driver maps a destination MAC to a node without a table.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>

namespace smvn::driver {

using MacAddress = std::array<uint8_t, 6>;

constexpr uint16_t kEtherTypeIPv4 = 0x0800;
constexpr uint16_t kEtherTypeExperimental = 0x88b5;  // IEEE 802 local experimental 1
constexpr MacAddress kBroadcastMac = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

inline MacAddress mac_of_node(unsigned node) {
  return {0x02, 0x53, 0x4d, 0x56, uint8_t(node >> 8), uint8_t(node)};
}

// The node a unicast SMVN MAC names, or nothing for any other address.
inline std::optional<unsigned> node_of_mac(const MacAddress& mac) {
  if (mac[0] != 0x02 || mac[1] != 0x53 || mac[2] != 0x4d || mac[3] != 0x56) return std::nullopt;
  return unsigned(mac[4]) << 8 | mac[5];
}

inline std::string to_string(const MacAddress& mac) {
  static const char* hex = "0123456789abcdef";
  std::string s;
  for (size_t i = 0; i < mac.size(); ++i) {
    if (i) s += ':';
    s += hex[mac[i] >> 4];
    s += hex[mac[i] & 15];
  }
  return s;
}

struct EthernetHeader {
  static constexpr size_t kBytes = 14;
  MacAddress dst{}, src{};
  uint16_t ethertype = 0;

  void encode(uint8_t* out) const {
    std::memcpy(out, dst.data(), 6);
    std::memcpy(out + 6, src.data(), 6);
    out[12] = uint8_t(ethertype >> 8);
    out[13] = uint8_t(ethertype);
  }
  static EthernetHeader decode(const uint8_t* in) {
    EthernetHeader h;
    std::memcpy(h.dst.data(), in, 6);
    std::memcpy(h.src.data(), in + 6, 6);
    h.ethertype = uint16_t(in[12] << 8 | in[13]);
    return h;
  }
};

}  // namespace smvn::driver
