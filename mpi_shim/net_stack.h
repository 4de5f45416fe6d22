// The TCP/IP-like socket layer of every simulated node (DESIGN.md "net stack"), the
// layer MPICH2's ch3:sock channel used over SMVN in the paper. Like the driver below it,
// it is software on the simulated cores: headers, copies and checksums are loads, stores
// and bursts through the memory port, and its own code is charged as instruction counts
// (NetCosts). The bookkeeping a kernel keeps in its own memory (socket structs, skb
// lists) lives on the host; the bytes of every segment live in simulated memory.
//
// The programs' buffers are host memory (they are ordinary C programs); copies between
// them and the kernel's buffers are timed as copies from or to a per-core window of
// simulated memory that stands for the user's pages (NetParams::user_offset), walked as a
// stream (host addresses differ from run to run, so they cannot choose simulated ones),
// while the bytes themselves move between host and simulated memory.
//
// Send (the owner's core): the system call copies the user's bytes into MSS-sized
// segment buffers of the socket (copy_from_user with the checksum folded in), then sends
// what the peer's window allows: header written in front, handed to the SMVN device
// (which copies it into the pool) or, between sockets of one node, to the loopback device
// (no copy: the receiver's queue refers to the sender's buffer, as Linux passes the skb).
// Segments stay until acknowledged. A stopped device queue holds segments back; they go
// when the queue wakes (the device's interrupt) or at the next call on that node.
//
// Receive (the node's rx core, in the SMVN interrupt; or the sending core, for loopback):
// the device copies each frame into a receive buffer of the node's pool of skbs; the
// stack checks the headers and the checksum (reading the payload), queues the payload on
// the socket, and wakes the owner with an interrupt if it is blocked. ACKs follow Linux's
// delayed-ACK engine: at once when more than a full segment is owed or in quick-ACK mode
// (a connection's first segments), else carried by the next data segment back (an
// interactive connection such as a ping-pong sends no pure ACKs at all) or sent by the
// delayed-ACK timer. The timer fires when a core of the node is in the stack, or asleep in
// wait(), at or after its time. The receive system call copies queued bytes to the user
// (copy_to_user) and advertises the window again when it has opened.
//
// No loss happens below (SMVN never drops a frame), so there are no retransmissions, no
// retransmission timers and no congestion window; flow control is the receiver's window
// alone, and TCP_NODELAY is set (as MPICH does): every write goes out at once.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "mpi_shim/net_params.h"
#include "mpi_shim/tcp_segment.h"
#include "mpi_shim/user_memory.h"

namespace smvn {
class Cluster;
class Core;
class StatsRegistry;
namespace driver {
class Network;
class NetDevice;
struct RxFrame;
}  // namespace driver
}  // namespace smvn

namespace smvn::net {

struct NodeNetStats {
  uint64_t segments_tx = 0, segments_rx = 0, payload_tx = 0, payload_rx = 0;
  uint64_t acks_tx = 0, acks_rx = 0, window_updates = 0;
  uint64_t delayed_acks = 0;      // pure ACKs sent by the delayed-ACK timer
  uint64_t piggybacked_acks = 0;  // data segments that carried an owed ACK
  uint64_t loopback_segments = 0;
  uint64_t steered = 0;          // data segments handed to their owner's core (net.rps)
  uint64_t device_busy = 0;      // transmits held back by a stopped SMVN queue
  uint64_t window_limited = 0;   // pushes stopped by the peer's window
  uint64_t wakeups = 0;          // interrupts sent to wake a blocked socket owner
  uint64_t syscalls = 0;
  uint64_t polls = 0;   // wait() calls: poll(2) on the core's sockets
  uint64_t sleeps = 0;  // those that blocked
};

class NetStack {
 public:
  // The IPI bit that wakes a core blocked on its sockets.
  static constexpr uint32_t kSocketBit = 1u << 3;

  // Takes over every node's device (rx handler, receive buffers). Before the simulation.
  NetStack(const NetParams& p, Cluster& cluster, driver::Network& smvn);
  ~NetStack();

  // A connected pair of sockets, owned by global cores CORE_A and CORE_B (set-up time;
  // the handshake is not simulated). Returns their ids.
  std::pair<int, int> connect(unsigned core_a, unsigned core_b);

  // The socket calls, run by the socket's owner core. Never block.
  // LIBRARY: BUF is a library's own staging buffer, not the program's (see copy_from_user).
  std::size_t send(Core& c, int sock, const void* buf, std::size_t n, bool library = false);
  std::size_t recv(Core& c, int sock, void* buf, std::size_t n, bool library = false);
  std::size_t readable(int sock) const;
  // Blocks core C until an event on one of its sockets (bytes arrived, send space
  // freed) since its last wait; like poll(2) on all of them, and charged as one (and as
  // a context switch back to the process when it had to sleep).
  void wait(Core& c);
  // Whatever the node of C holds back for a stopped device queue, try again.
  void kick(Core& c);

  const NodeNetStats& stats(unsigned node) const;
  const UserMemory& user_memory() const { return *user_memory_; }
  void register_stats(StatsRegistry& s, const std::string& prefix = "net") const;

 private:
  struct Buffer;   // a segment buffer in simulated memory
  struct TxSeg;
  struct RxSkb;
  struct Socket;
  struct NodeNet;
  struct CoreWait;
  struct Steered;

  Socket& sock(int id) { return *sockets_.at(std::size_t(id)); }
  // A system call's entry: the socket, checked to be the calling core's; charges the
  // entry and retries what a stopped device queue held back.
  Socket& enter_syscall(Core& c, int id);
  const Socket& sock(int id) const { return *sockets_.at(std::size_t(id)); }
  unsigned node_of_core(unsigned core) const;
  uint64_t allocate(unsigned node, uint64_t bytes);
  void push(Core& c, Socket& s);
  bool transmit(Core& c, Socket& s, uint64_t frame, uint32_t len, bool& loopback_done);
  bool send_ack(Core& c, Socket& s);
  void header(Socket& s, uint8_t flags, uint32_t seq, uint16_t payload, uint32_t payload_sum, uint8_t* out);
  void receive(Core& c, const driver::RxFrame& f, uint64_t skb);
  // A received segment's protocol processing on core C: the checksum pass, then
  // segment_arrived. The rx core runs it, or the socket's owner from its backlog (net.rps).
  void deliver(Core& c, Socket& s, const TcpHeader& h, uint64_t frame, uint64_t skb, uint64_t slot_frame);
  void process_backlog(Core& c);
  void segment_arrived(Core& c, Socket& s, const TcpHeader& h, uint64_t payload_addr, int loopback_buffer,
                       uint64_t skb, uint64_t slot_frame = 0);
  // Returns a read skb's buffer space; core C (the reader) wakes a sender waiting for it.
  void release(Core& c, Socket& s, const RxSkb& skb);
  void wake(Core& c, unsigned owner_core);
  // Sends the ACKs whose delayed-ACK timer has fired on NODE by core C's time.
  void fire_delayed_acks(Core& c, NodeNet& node);
  uint64_t delack_ps() const { return uint64_t(p_.delayed_ack_us) * 1000000; }
  uint16_t window_field(const Socket& s) const;
  // Copies N bytes between a user buffer at host address USER and simulated memory at
  // SIM, timed as a copy to or from the user's pages in core C's window; the bytes move
  // between the host buffer and the backing store.
  // LIBRARY copies are timed against the core's library window instead (a stream through
  // a small window: such buffers are small, reused at once, and placed by the host heap,
  // whose layout must not leak into the results).
  void copy_from_user(Core& c, uint64_t sim, const uint8_t* user, std::size_t n, bool library);
  void copy_to_user(Core& c, uint8_t* user, uint64_t sim, std::size_t n, bool library);
  uint64_t library_span(unsigned core, const void* p, std::size_t n);
  // Calls F(sim_addr, len) for the simulated pieces that stand for the N user bytes at USER.
  template <class F>
  void for_each_user_piece(Core& c, const void* user, std::size_t n, bool library, F&& f);

  NetParams p_;
  Cluster& cluster_;
  driver::Network& smvn_;
  unsigned wscale_ = 0;  // window scale shift (RFC 1323), so the socket buffer fits 16 bits
  std::vector<std::unique_ptr<Socket>> sockets_;
  std::vector<NodeNet> nodes_;
  std::vector<CoreWait> cores_;
  std::unique_ptr<UserMemory> user_memory_;  // the programs' buffers in simulated memory
  std::vector<uint64_t> library_cursor_;      // per core: where its next library copy goes in its window
};

}  // namespace smvn::net
