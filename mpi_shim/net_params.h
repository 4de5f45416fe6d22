// The socket layer's configuration: the `net:` section of an experiment file.
//
// Costs are instructions charged at core.ipc (1.0 by default: one instruction, one cycle).
// No one has published Linux 2.6's TCP path lengths on a GS464 core, so each default
// comes from the nearest public measurement, converted by one stated rule:
//   * cycles measured on another out-of-order core running the same Linux code are carried
//     over 1:1 as GS464 cycles, hence as instructions at ipc 1. The main source is lmbench
//     2.0 on Linux 2.5.62/2.5.68 (the 2.6 network stack in all but name), a 790 MHz i686,
//     posted to linux-kernel by A. Marathe, Feb/Apr 2003: null call 0.44 us, null I/O
//     0.74 us, pipe round trip 8.3 us, UDP 22 us, TCP 31 us (1-byte round trips over lo),
//     context switch 2p/0K 1.1 us, select on 100 TCP fds 30 us. P6 and GS464 are both
//     3-4 issue out-of-order cores of that era; the rule is good to perhaps +-50%, not
//     better (x86 needs fewer instructions, a P6 runs kernel code below IPC 1).
//   * MIPS-specific parts (exception entry, the checksum loop) come from MIPS figures.
// Copies are not in these counts: their time comes out of the cache model.
#pragma once

#include <cstdint>

namespace smvn {
class ConfigNode;
}

namespace smvn::net {

struct NetCosts {
  // Entry and exit of a send/recv system call, with the descriptor lookup and the socket
  // layer's dispatch: 155 for the MIPS exception entry/exit (lmbench null syscall, 861 ns
  // on a 180 MHz R5000 under Linux, R. Baechle on linux-kernel, 17 Apr 1998) plus 237 for
  // the file layer (lmbench null I/O minus null call on Linux 2.5.68: 0.30 us x 790 MHz).
  unsigned syscall = 400;
  // One data segment's way down (tcp_sendmsg's per-segment work, tcp_transmit_skb,
  // ip_queue_xmit, dev_queue_xmit) and up (netif_receive_skb, ip_rcv, tcp_v4_rcv with the
  // piggybacked ACK, queueing, and tcp_recvmsg's dequeue and free). lmbench's TCP round
  // trip over lo less its pipe round trip is what TCP/IP adds per message each way:
  // (31 - 8.3) / 2 us x 790 MHz = 8,970 cycles; split evenly (no source gives the split).
  unsigned segment_tx = 4500;
  unsigned segment_rx = 4500;
  // A pure ACK built and sent (tcp_send_ack: an skb, tcp_transmit_skb, IP, device queue):
  // taken as half of what UDP/IP adds per message each way on the same machine, the nearest
  // measured bare transmit, (22 - 8.3) / 2 us x 790 MHz / 2 = 2,700, less ~200 for the
  // socket call a datagram makes and an ACK does not.
  unsigned ack_tx = 2500;
  // Receiving a pure ACK, instead of segment_rx: the way up (netif_receive_skb, ip_rcv,
  // tcp_v4_rcv's socket lookup and lock) and tcp_rcv_established's fast path, whose
  // tcp_ack frees the acknowledged segments (about two per ACK). No data is queued, no
  // reader woken, no recvmsg dequeues it, which is most of segment_rx. Clark, Jacobson,
  // Romkey and Salwen (IEEE Communications Magazine, June 1989) counted fewer than 200
  // instructions for TCP's common input path and about as many again for IP and the
  // driver hand-up; Linux 2.6 adds the socket lookup and lock, and three slab frees (the
  // ACK and the two acknowledged skbs, ~150 each): about 1,000. A guess built on that
  // count, not a measurement of Linux.
  unsigned ack_rx = 1000;
  // The Internet checksum beyond the load of each doubleword: Linux's MIPS64 csum_partial
  // (arch/mips/lib/csum_partial.S) adds with ADDC = daddu, sltu, daddu per 8 bytes, three
  // dependent instructions (3 cycles a doubleword whatever the issue width). The loads are
  // the copy's (send: csum_partial_copy) or the checking pass's (receive).
  double checksum_per_byte = 3.0 / 8.0;
  // Waking a process blocked on a socket (try_to_wake_up, the reschedule IPI). A guess:
  // a run-queue lock, an enqueue and an IPI store, a few hundred instructions.
  unsigned wakeup = 400;
  // The woken process getting its core back (the IPI's entry and exit, schedule(), the
  // context switch): lmbench's context switch, 1.1 us x 790 MHz = 870, plus 155 for the
  // exception entry and exit (as for syscall).
  unsigned switch_in = 1000;
  // poll(2) over a process's sockets, as MPICH2's ch3:sock channel blocks: a system call
  // (syscall) plus, for each socket, fget, tcp_poll and the wait-queue entry: lmbench's
  // select on 100 TCP sockets, 30 us, is 0.29 us x 790 MHz = 230 per socket.
  unsigned poll_per_socket = 230;
  // net.rps: handing a segment to another core's backlog (get_rps_cpu's flow lookup,
  // enqueue_to_backlog and the IPI that raises the softirq there). A guess: a hash, a
  // table lookup, a locked enqueue, an IPI store, about 200 instructions.
  unsigned rps_enqueue = 200;
};

// How two sockets of one node reach each other. The paper leaves it open: Linux's
// loopback device (the receive path runs on the sending core, on the sender's own buffer,
// in segments of the loopback MTU), or the SMVN device itself, a node's frames to itself
// through the pool as between nodes (the "uniform infrastructure" the SMVN design offers
// both levels of the cluster).
enum class IntraNodePath { Loopback, Smvn };

struct NetParams {
  uint32_t socket_buffer = 64 * 1024;  // SO_SNDBUF and SO_RCVBUF (the window)
  IntraNodePath intra_node = IntraNodePath::Loopback;
  // Receive packet steering (Linux's RPS/RFS, 2.6.35): the core that takes the device
  // interrupt does the driver's part of a received data segment and hands its protocol
  // processing to the core that owns the socket. Off: the interrupt core does it all.
  bool rps = false;
  uint32_t loopback_mtu = 16436;       // Linux 2.6's default lo MTU
  uint64_t kernel_offset = 16ull << 20;  // node-relative start of the stack's buffers
  uint64_t kernel_bytes = 96ull << 20;   // and their size
  // The programs' own buffers are host memory; each range of it a rank's copies touch is
  // given memory of this region of its node on first touch (user_memory.h), so the user
  // side of every copy costs the memory traffic of the program's real buffers.
  uint64_t user_offset = 128ull << 20;  // node-relative start of the region
  uint64_t user_bytes = 96ull << 20;    // its size (the programs' buffers on one node)
  // After it, a window per core that the MPI library's own small buffers (headers,
  // staging, unexpected messages) stream through.
  uint64_t library_bytes_per_core = 64ull << 10;
  // Linux's delayed-ACK engine (net/ipv4/tcp_input.c, __tcp_ack_snd_check): a receiver
  // acknowledges at once when more than one full segment is unacknowledged, or while in
  // quick-ACK mode; otherwise it waits for data going back to carry the ACK, or for the
  // delayed-ACK timer. delayed_ack_us: the timer, TCP_DELACK_MIN = HZ/25 = 40 ms (0: no
  // delayed ACKs, every segment that would wait is acknowledged at once). quickacks: the
  // ACKs sent at once after a connection's first data, TCP_MAX_QUICKACKS = 16 (fewer when
  // the window holds fewer than 2 x quickacks segments), unless the socket is in
  // interactive (ping-pong) mode: it sent data within the timer's period of receiving.
  uint32_t delayed_ack_us = 40000;
  uint32_t quickacks = 16;
  NetCosts costs;
  static NetParams from_config(const ConfigNode& c);
};

}  // namespace smvn::net
