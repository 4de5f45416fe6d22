#include "ipc/stream_fabric.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <csignal>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <thread>
#include <unistd.h>

#include "ipc/bulk_move.h"
#include "ipc/errors.h"
#include "ipc/ipc.h"
#include "ipc/process.h"

namespace smvn::ipc {

namespace {

enum : uint32_t { kInline = 0, kSpliced = 1, kCrossMemory = 2 };
enum : unsigned char { kAckRead = 1, kAckSendInline = 2 };

struct Header {
  uint32_t size;
  uint32_t from;
  uint64_t seq;
  uint32_t how;   // kInline: the bytes follow; kSpliced: they follow, spliced; kCrossMemory: at ADDR in PID
  int32_t pid;
  uint64_t addr;
};

void free_heap(void* data, void*, uint64_t) { std::free(data); }

// Which processes hold the two sides (shared across fork, so a second server anywhere is
// refused): 0 free, otherwise the pid.
struct Sides {
  int32_t pid[3];
};

class StreamFabric final : public Fabric {
 public:
  StreamFabric(const std::string& channel, const ChannelOptions& o, Transport t)
      : channel_(channel), transport_(t), max_message_(o.max_message), address_(o.address) {
    void* p = mmap(nullptr, sizeof(Sides), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw_errno("mmap");
    sides_ = new (p) Sides{};
    if (piped()) {
      int a[2], b[2];
      if (pipe2(a, O_CLOEXEC) < 0 || pipe2(b, O_CLOEXEC) < 0) throw_errno("pipe");
      // One MiB each way (the unprivileged limit, /proc/sys/fs/pipe-max-size): a 1 MB
      // message then flows without the writer stalling on every 64 KiB.
      for (int fd : {a[1], b[1]}) fcntl(fd, F_SETPIPE_SZ, 1 << 20);
      rd_[1] = a[0], wr_[2] = a[1];  // side 2 writes what side 1 reads
      rd_[2] = b[0], wr_[1] = b[1];
      if (t != Transport::Pipe) {
        // Acknowledgements of bulk payloads (bulk_move.h), one pipe each way: side 1
        // acknowledges side 2's sends on ack_wr_[1], which side 2 reads on ack_rd_[2].
        int c[2], d[2];
        if (pipe2(c, O_CLOEXEC) < 0 || pipe2(d, O_CLOEXEC) < 0) throw_errno("pipe");
        ack_rd_[2] = c[0], ack_wr_[1] = c[1];
        ack_rd_[1] = d[0], ack_wr_[2] = d[1];
      }
    } else if (t == Transport::UnixSocket) {
      int s[2];
      if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, s) < 0) throw_errno("socketpair");
      for (int fd : s) {
        int sz = 4 << 20;
        setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sz, sizeof sz);
        setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof sz);
      }
      rd_[1] = wr_[1] = s[0];
      rd_[2] = wr_[2] = s[1];
    } else if (t != Transport::Tcp) {
      throw Error(Errc::Unsupported, "smvn-ipc: channel '" + channel + "': not a stream transport");
    }
  }
  ~StreamFabric() override {
    for (unsigned i = 1; i <= 2; ++i) detach(i);
    if (listen_fd_ >= 0) close(listen_fd_);
    munmap(sides_, sizeof(Sides));
  }

  const char* transport_name() const override {
    switch (transport_) {
      case Transport::Pipe: return "pipe";
      case Transport::Vmsplice: return "pipe-vmsplice";
      case Transport::CrossMemory: return "pipe-cma";
      case Transport::UnixSocket: return "unix-socket";
      default: return "tcp";
    }
  }
  size_t max_message() const override { return max_message_; }

  unsigned attach(Role role, const std::string& name) override {
    const unsigned side = role == Role::Server || role == Role::Consumer ? 1 : 2;
    int32_t free_pid = 0;
    if (!__atomic_compare_exchange_n(&sides_->pid[side], &free_pid, self_pid(), false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE))
      throw Error(Errc::ChannelFull, "smvn-ipc: channel '" + channel_ + "' (" + transport_name() +
                                         ") is one-to-one and already has that end");
    names_[side] = name;
    if (transport_ == Transport::Tcp) {
      side == 1 ? listen_tcp() : connect_tcp();
    } else {
      // The other side's descriptors go, so its death reads as end of stream here. Not
      // when this process holds both sides (threads of one process).
      const unsigned other = 3 - side;
      if (__atomic_load_n(&sides_->pid[other], __ATOMIC_ACQUIRE) != self_pid()) detach(other);
    }
    return side;
  }

  void detach(unsigned ep) override {
    if (rd_[ep] >= 0) close(rd_[ep]);
    if (wr_[ep] >= 0 && wr_[ep] != rd_[ep]) close(wr_[ep]);
    rd_[ep] = wr_[ep] = -1;
    for (int* fd : {&ack_rd_[ep], &ack_wr_[ep]})
      if (*fd >= 0) close(*fd), *fd = -1;
  }

  uint64_t send(unsigned from, unsigned to, const Outgoing& m, Nanos deadline) override {
    if (m.size > max_message_)
      throw Error(Errc::MessageTooLarge, "smvn-ipc: channel '" + channel_ + "': a message of " +
                                             std::to_string(m.size) + " bytes is larger than max_message " +
                                             std::to_string(max_message_));
    ensure_connected(from);
    Header h{uint32_t(m.size), from, next_seq_[from]++, kInline, self_pid(), 0};
    SigpipeBlock guard(piped());
    const bool bulk = ack_rd_[from] >= 0 && m.size >= kBulkMin;
    if (!bulk) {
      iovec iov[2] = {{&h, sizeof h}, {const_cast<void*>(m.data), m.size}};
      write_all(wr_[from], iov, m.size ? 2 : 1);
    } else if (transport_ == Transport::Vmsplice) {
      h.how = kSpliced;
      iovec iov{&h, sizeof h};
      write_all(wr_[from], &iov, 1);
      if (!vmsplice_all(wr_[from], m.data, m.size)) throw died(from);
      wait_ack(from);  // the pages are ours again once the reader has copied them out
    } else {
      h.how = kCrossMemory;
      h.addr = uint64_t(reinterpret_cast<uintptr_t>(m.data));
      iovec iov{&h, sizeof h};
      write_all(wr_[from], &iov, 1);
      if (wait_ack(from) == kAckSendInline) {  // the receiver may not read us: the pipe carries it
        iovec body{const_cast<void*>(m.data), m.size};
        write_all(wr_[from], &body, 1);
      }
    }
    if (m.dealloc) m.dealloc(const_cast<void*>(m.data), m.hint);  // the stream copied it
    return h.seq;
  }

  bool receive(unsigned ep, unsigned list, Nanos deadline, Message& out) override {
    ensure_connected(ep);
    const int fd = rd_[ep];
    for (;;) {
      pollfd p{fd, POLLIN, 0};
      const Nanos now = monotonic_now();
      const int ms = deadline == kNever ? -1 : deadline <= now ? 0 : int(std::min<Nanos>((deadline - now) / 1000000 + 1, 1 << 30));
      const int r = poll(&p, 1, ms);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0) throw_errno("poll");
      if (r == 0) return false;
      break;
    }
    Header h;
    if (!read_all(fd, &h, sizeof h, true)) throw died(ep);
    void* data = std::malloc(h.size ? h.size : 1);
    if (!data) throw Error(Errc::System, "smvn-ipc: out of memory for a " + std::to_string(h.size) + "-byte message");
    bool ok = true;
    if (h.how == kCrossMemory) {
      const CmaResult r = cma_read(h.pid, h.addr, data, h.size, channel_);
      ok = r != CmaResult::Gone && ack(ep, r == CmaResult::Ok ? kAckRead : kAckSendInline);
      if (ok && r == CmaResult::NoPermission) ok = read_all(fd, data, h.size, false);
    } else {
      ok = !h.size || read_all(fd, data, h.size, false);
      if (ok && h.how == kSpliced) ok = ack(ep, kAckRead);
    }
    if (!ok) {
      std::free(data);
      throw died(ep);
    }
    out = Message(data, h.size, h.from, h.seq, free_heap, nullptr, 0);
    return true;
  }

  std::string peer_name(unsigned ep) const override { return ep <= 2 ? names_[ep] : "?"; }
  unsigned find_peer(const std::string& name) const override { return names_[2] == name ? 2 : 0; }
  WaitHandle wait_handle(unsigned list) override { return {nullptr, false, rd_[list == 0 ? 1 : list]}; }

 private:
  bool piped() const {
    return transport_ == Transport::Pipe || transport_ == Transport::Vmsplice || transport_ == Transport::CrossMemory;
  }

  // A write to a pipe whose reader died raises SIGPIPE, which would kill this process:
  // it is blocked around the writes of a send and a pending one taken back (a library
  // must not change the process's signal dispositions). Sockets say MSG_NOSIGNAL instead.
  class SigpipeBlock {
   public:
    explicit SigpipeBlock(bool on) : on_(on) {
      if (!on_) return;
      sigemptyset(&set_);
      sigaddset(&set_, SIGPIPE);
      pthread_sigmask(SIG_BLOCK, &set_, &old_);
    }
    ~SigpipeBlock() {
      if (!on_) return;
      timespec zero{};
      sigset_t pending;
      sigpending(&pending);
      if (sigismember(&pending, SIGPIPE)) sigtimedwait(&set_, nullptr, &zero);
      pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }

   private:
    bool on_;
    sigset_t set_, old_;
  };

  // The receiver's acknowledgement of a bulk payload (false: the sender is gone).
  bool ack(unsigned ep, unsigned char what) {
    SigpipeBlock guard(true);
    for (;;) {
      const ssize_t w = write(ack_wr_[ep], &what, 1);
      if (w == 1) return true;
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 && errno == EPIPE) return false;
      throw_errno("write (acknowledgement)");
    }
  }
  // The sender waits for it; the receiver's death closes the pipe: PeerDied, not a hang.
  unsigned char wait_ack(unsigned from) {
    unsigned char what = 0;
    if (!read_all(ack_rd_[from], &what, 1, true)) throw died(from);
    return what;
  }

  PeerDied died(unsigned ep) const {
    return PeerDied("smvn-ipc: channel '" + channel_ + "': the peer closed the " + transport_name() + " (exited or died)",
                    ep == 1 ? "client" : "server", {});
  }

  void write_all(int fd, iovec* iov, int n) {
    const bool is_pipe = piped();
    while (n > 0) {
      msghdr mh{};
      mh.msg_iov = iov;
      mh.msg_iovlen = size_t(n);
      const ssize_t w = is_pipe ? writev(fd, iov, n) : sendmsg(fd, &mh, MSG_NOSIGNAL);
      if (w < 0 && errno == EINTR) continue;
      if (w < 0 && (errno == EPIPE || errno == ECONNRESET))
        throw PeerDied("smvn-ipc: channel '" + channel_ + "': the peer closed the " + transport_name(), "peer", {});
      if (w < 0) throw_errno("write");
      size_t left = size_t(w);
      while (n > 0 && left >= iov->iov_len) left -= iov->iov_len, ++iov, --n;
      if (n > 0) iov->iov_base = static_cast<char*>(iov->iov_base) + left, iov->iov_len -= left;
    }
  }
  // False at end of stream before the first byte (AT_START) or anywhere.
  bool read_all(int fd, void* p, size_t n, bool at_start) {
    char* c = static_cast<char*>(p);
    while (n) {
      const ssize_t r = read(fd, c, n);
      if (r < 0 && errno == EINTR) continue;
      if (r < 0 && errno == ECONNRESET) return false;
      if (r < 0) throw_errno("read");
      if (r == 0) return false;
      c += r, n -= size_t(r);
    }
    return true;
  }

  void parse_address(sockaddr_in& a) const {
    const auto colon = address_.rfind(':');
    if (colon == std::string::npos)
      throw Error(Errc::Unsupported, "smvn-ipc: channel '" + channel_ + "': address '" + address_ + "' is not host:port");
    a.sin_family = AF_INET;
    a.sin_port = htons(uint16_t(std::atoi(address_.c_str() + colon + 1)));
    const std::string host = address_.substr(0, colon);
    if (inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1) {
      addrinfo hints{}, *res = nullptr;
      hints.ai_family = AF_INET;
      if (getaddrinfo(host.c_str(), nullptr, &hints, &res) != 0 || !res)
        throw Error(Errc::Unsupported, "smvn-ipc: channel '" + channel_ + "': cannot resolve '" + host + "'");
      a.sin_addr = reinterpret_cast<sockaddr_in*>(res->ai_addr)->sin_addr;
      freeaddrinfo(res);
    }
  }
  void listen_tcp() {
    sockaddr_in a{};
    parse_address(a);
    listen_fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw_errno("socket");
    if (bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) < 0) {
      if (errno == EADDRINUSE)
        throw Error(Errc::NameTaken, "smvn-ipc: channel '" + channel_ + "': address " + address_ + " is in use");
      throw_errno("bind " + address_);
    }
    if (listen(listen_fd_, 1) < 0) throw_errno("listen");
  }
  void connect_tcp() {
    sockaddr_in a{};
    parse_address(a);
    const Nanos deadline = deadline_after(std::chrono::seconds(10));
    for (;;) {
      const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
      if (fd < 0) throw_errno("socket");
      if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
        tune(fd);
        rd_[2] = wr_[2] = fd;
        return;
      }
      close(fd);
      if (monotonic_now() >= deadline)
        throw Error(Errc::Timeout, "smvn-ipc: channel '" + channel_ + "': no server at " + address_ + " within 10 s");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  // The server accepts its client at its first send or receive, not at attach: the
  // socket is made before the client exists.
  void ensure_connected(unsigned ep) {
    if (transport_ != Transport::Tcp || ep != 1 || rd_[1] >= 0) return;
    const int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) throw_errno("accept");
    tune(fd);
    rd_[1] = wr_[1] = fd;
  }
  static void tune(int fd) {
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }

  std::string channel_;
  Transport transport_;
  size_t max_message_;
  std::string address_;
  Sides* sides_ = nullptr;
  int rd_[3] = {-1, -1, -1}, wr_[3] = {-1, -1, -1};
  int ack_rd_[3] = {-1, -1, -1}, ack_wr_[3] = {-1, -1, -1};  // bulk transports only
  int listen_fd_ = -1;
  uint64_t next_seq_[3] = {1, 1, 1};
  std::string names_[3];
};

}  // namespace

std::shared_ptr<Fabric> make_stream_fabric(const std::string& channel, const ChannelOptions& opts, Transport t) {
  return std::make_shared<StreamFabric>(channel, opts, t);
}

}  // namespace smvn::ipc
