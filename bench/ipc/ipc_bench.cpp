// ./smvn ipc-bench [--csv]: 1-byte ping-pong latency (half the round trip) and 1 MB
// ping-pong bandwidth between two forked processes, for each of our local transports
// and for ZeroMQ over ipc:// (PAIR sockets). Figures only; nothing is asserted.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>
#include <zmq.h>

#include "ipc/ipc.h"

using namespace smvn::ipc;
using Clock = std::chrono::steady_clock;

namespace {
constexpr int kLatIters = 20000, kBwIters = 200;
constexpr size_t kBig = 1 << 20;

struct Row { std::string name; double lat_us, bw_MBps; };

// Round trips of SIZE bytes, ITERS times; returns seconds per round trip.
double ours(Transport t, bool zero_copy, size_t size, int iters, const std::string& name) {
  ChannelOptions o;
  o.transport = t;
  o.topology = Topology::OneToOne;
  o.max_message = kBig;
  o.asynchrony = 4;
  Channel ch(name, Context::LocalProcess, o);
  const pid_t k = fork();
  if (k == 0) {
    alarm(60);
    ServerSocket s(ch);
    for (int i = 0; i < iters + 10; ++i) {
      Message m = s.receive();
      if (zero_copy) {
        Buffer b = s.allocate(m.size());
        m.release();
        s.reply(std::move(b));
      } else {
        s.reply(m.data(), m.size());
      }
    }
    _exit(0);
  }
  ClientSocket c(ch, "bench");
  std::vector<char> buf(size, 1);
  Clock::time_point t0;
  for (int i = 0; i < iters + 10; ++i) {
    if (i == 10) t0 = Clock::now();
    if (zero_copy) {
      Buffer b = c.allocate(size);
      c.send(std::move(b));
      Message r = c.receive();
    } else {
      c.send(buf.data(), size);
      c.receive(buf.data(), size);
    }
  }
  const double s = std::chrono::duration<double>(Clock::now() - t0).count() / iters;
  waitpid(k, nullptr, 0);
  return s;
}

double zeromq(size_t size, int iters) {
  const std::string ep = "ipc://@smvn-ipc-bench-" + std::to_string(getpid());  // abstract: no file
  const pid_t k = fork();
  if (k == 0) {
    void* ctx = zmq_ctx_new();
    void* s = zmq_socket(ctx, ZMQ_PAIR);
    zmq_bind(s, ep.c_str());
    std::vector<char> b(size);
    for (int i = 0; i < iters + 10; ++i) {
      const int n = zmq_recv(s, b.data(), size, 0);
      zmq_send(s, b.data(), size_t(n), 0);
    }
    zmq_close(s);
    zmq_ctx_term(ctx);
    _exit(0);
  }
  void* ctx = zmq_ctx_new();
  void* s = zmq_socket(ctx, ZMQ_PAIR);
  zmq_connect(s, ep.c_str());
  std::vector<char> b(size, 1);
  Clock::time_point t0;
  for (int i = 0; i < iters + 10; ++i) {
    if (i == 10) t0 = Clock::now();
    zmq_send(s, b.data(), size, 0);
    zmq_recv(s, b.data(), size, 0);
  }
  const double sec = std::chrono::duration<double>(Clock::now() - t0).count() / iters;
  zmq_close(s);
  zmq_ctx_term(ctx);
  waitpid(k, nullptr, 0);
  return sec;
}
}  // namespace

int main(int argc, char** argv) {
  const bool csv = argc > 1 && std::string(argv[1]) == "--csv";
  std::vector<Row> rows;
  auto add = [&](const std::string& n, double lat_rt, double bw_rt) {
    rows.push_back({n, lat_rt / 2 * 1e6, 2.0 * kBig / bw_rt / 1e6});
  };
  struct T { const char* name; Transport t; bool zc; };
  for (const T& t : {T{"shm-smvn-copy", Transport::SharedMemory, false}, T{"shm-smvn-zero-copy", Transport::SharedMemory, true},
                     T{"pipe", Transport::Pipe, false}, T{"unix-socket", Transport::UnixSocket, false}})
    add(t.name, ours(t.t, t.zc, 1, kLatIters, std::string("bench-lat-") + t.name),
        ours(t.t, t.zc, kBig, kBwIters, std::string("bench-bw-") + t.name));
  add("zeromq-ipc", zeromq(1, kLatIters), zeromq(kBig, kBwIters));
  if (csv) std::printf("transport,latency_us,bandwidth_MBps\n");
  else std::printf("%-20s %12s %16s\n", "transport", "latency (us)", "bandwidth (MB/s)");
  for (const Row& r : rows)
    std::printf(csv ? "%s,%.2f,%.0f\n" : "%-20s %12.2f %16.0f\n", r.name.c_str(), r.lat_us, r.bw_MBps);
}
