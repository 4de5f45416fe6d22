// The socket layer's configuration: the `net:` section of an experiment file. Every
// instruction count is a calibration value (no public measurement of Linux 2.6's TCP path
// on a GS464 core exists); they are the order of the path lengths Linux's TCP/IP code
// has on a 2000s RISC core, kept as knobs.
#pragma once

#include <cstdint>

namespace smvn {
class ConfigNode;
}

namespace smvn::net {

struct NetCosts {
  unsigned syscall = 300;        // entry and exit of a send/recv system call
  unsigned segment_tx = 1200;    // tcp_sendmsg's segment set-up, tcp_transmit_skb, ip_output, dev_queue_xmit
  unsigned segment_rx = 1200;    // netif_receive_skb, ip_rcv, tcp_v4_rcv, queueing, waking the reader
  unsigned ack_tx = 600;         // building and sending a pure ACK
  unsigned ack_rx = 500;         // processing one
  double checksum_per_byte = 0.5;  // Internet checksum, folded into the copies (csum_partial_copy)
  unsigned wakeup = 400;         // waking a process blocked on a socket (try_to_wake_up)
};

struct NetParams {
  uint32_t socket_buffer = 64 * 1024;  // SO_SNDBUF and SO_RCVBUF (the window)
  uint32_t loopback_mtu = 16436;       // Linux 2.6's default lo MTU
  uint64_t kernel_offset = 16ull << 20;  // node-relative start of the stack's buffers
  uint64_t kernel_bytes = 96ull << 20;   // and their size
  // The programs' own buffers are host memory; so that the user side of every copy still
  // costs memory traffic, each core has a window of its node's memory that its user-side
  // copies walk as a stream, wrapping (1 MiB: a core's share of the 4 MB L2, so a
  // program's buffers behave as L2-resident in steady state, not L1-resident).
  uint64_t user_offset = 128ull << 20;       // node-relative start of the windows
  uint64_t user_bytes_per_core = 1ull << 20; // one window per core
  NetCosts costs;
  static NetParams from_config(const ConfigNode& c);
};

}  // namespace smvn::net
