// ./smvn ipc-bench [--csv] [--runs N] [--sizes]: 1-byte ping-pong latency (half the round trip)
// and 1 MB ping-pong bandwidth (2 MB per round trip) between two processes, for each of
// our local transports and for two real peers: ZeroMQ over ipc:// (PAIR sockets) and
// Open MPI's shared-memory BTL (openmpi_pingpong.c under mpirun). Each figure is the
// median of N runs (default 3): the machine is shared and noisy. Figures only; nothing
// is asserted. --sizes: one-way time per message size for the copying local transports.
//
// Zero-copy moves no bytes, so its "bandwidth" is the rate at which 1 MB buffers change
// hands; to keep it honest the sender writes and the receiver reads one byte of every
// 4 KiB page of each message (the pages are really shared, not just the slot number).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <algorithm>
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

// One byte per page: what a zero-copy receiver must at least do to use the message.
volatile unsigned char g_sink;
void touch_write(void* p, size_t n) {
  for (size_t i = 0; i < n; i += 4096) static_cast<unsigned char*>(p)[i] = 1;
}
void touch_read(const void* p, size_t n) {
  unsigned char x = 0;
  for (size_t i = 0; i < n; i += 4096) x ^= static_cast<const unsigned char*>(p)[i];
  g_sink = x;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Open MPI's row: mpirun starts two ranks of openmpi_pingpong (beside this binary) over
// the vader shared-memory BTL. As root mpirun needs --allow-run-as-root; on a 2-core
// machine it needs oversubscription allowed (the two ranks plus mpirun), and no binding
// so the ranks may share a core. Returns {latency us, MB/s}, or {-1, -1} when it fails.
std::pair<double, double> openmpi(int lat_iters, int bw_iters) {
  char self[4096];
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  if (n <= 0) return {-1, -1};
  self[n] = 0;
  std::string dir(self);
  dir = dir.substr(0, dir.rfind('/'));
  const std::string cmd = "OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 "
                          "OMPI_MCA_rmaps_base_oversubscribe=1 OMPI_MCA_hwloc_base_binding_policy=none "
                          "timeout 120 mpirun -np 2 --mca btl self,vader " +
                          dir + "/openmpi_pingpong " + std::to_string(lat_iters) + " " + std::to_string(bw_iters) +
                          " 2>/dev/null";
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return {-1, -1};
  double lat = -1, bw = -1;
  if (std::fscanf(f, "%lf %lf", &lat, &bw) != 2) lat = bw = -1;
  pclose(f);
  return {lat, bw};
}

// Round trips of SIZE bytes, ITERS times; returns seconds per round trip.
double ours(Transport t, bool zero_copy, size_t size, int iters, const std::string& name) {
  ChannelOptions o;
  o.transport = t;
  o.topology = Topology::OneToOne;
  o.max_message = kBig;
  o.asynchrony = 4;
  if (const char* s = std::getenv("IPC_BENCH_SPIN_NS")) o.spin = std::chrono::nanoseconds(std::atoll(s));  // for tuning
  Channel ch(name + "." + std::to_string(getpid()), Context::LocalProcess, o);  // names are machine-wide
  const pid_t k = fork();
  if (k == 0) {
    alarm(60);
    ServerSocket s(ch);
    for (int i = 0; i < iters + 10; ++i) {
      Message m = s.receive();
      if (zero_copy) {
        touch_read(m.data(), m.size());
        Buffer b = s.allocate(m.size());
        touch_write(b.data(), b.size());
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
      touch_write(b.data(), b.size());
      c.send(std::move(b));
      Message r = c.receive();
      touch_read(r.data(), r.size());
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
  bool csv = false, sizes = false;
  int runs = 3;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--csv") csv = true;
    else if (a == "--runs" && i + 1 < argc) runs = std::max(1, std::atoi(argv[++i]));
    else if (a == "--sizes") sizes = true;
    else {
      std::fprintf(stderr, "usage: ipc-bench [--csv] [--runs N] [--sizes]\n");
      return 2;
    }
  }
  if (sizes) {
    // What Transport::Auto rests on: one-way time per message size for each copying
    // local transport (medians of RUNS), to see where (if anywhere) the curves cross.
    struct S { const char* name; Transport t; };
    std::printf("transport,bytes,one_way_us\n");
    for (size_t size : {size_t(1), size_t(4096), size_t(65536), size_t(262144), kBig})
      for (const S& t : {S{"shm-smvn-copy", Transport::SharedMemory}, S{"pipe", Transport::Pipe},
                         S{"pipe-vmsplice", Transport::Vmsplice}, S{"pipe-cma", Transport::CrossMemory}}) {
        std::vector<double> us;
        const int iters = size >= 65536 ? kBwIters : kLatIters / 4;
        for (int r = 0; r < runs; ++r)
          us.push_back(ours(t.t, false, size, iters, "bench-size-" + std::to_string(size) + "-" + t.name) / 2 * 1e6);
        std::printf("%s,%zu,%.2f\n", t.name, size, median(us));
      }
    return 0;
  }
  std::vector<Row> rows;
  // F(size, iters) -> seconds per round trip; the medians of RUNS runs.
  auto add_measured = [&](const std::string& n, auto f) {
    std::vector<double> lat, bw;
    for (int r = 0; r < runs; ++r) {
      lat.push_back(f(1, kLatIters) / 2 * 1e6);
      bw.push_back(2.0 * kBig / f(kBig, kBwIters) / 1e6);
    }
    rows.push_back({n, median(lat), median(bw)});
  };
  struct T { const char* name; Transport t; bool zc; };
  for (const T& t : {T{"shm-smvn-copy", Transport::SharedMemory, false}, T{"shm-smvn-zero-copy", Transport::SharedMemory, true},
                     T{"pipe", Transport::Pipe, false}, T{"pipe-vmsplice", Transport::Vmsplice, false},
                     T{"pipe-cma", Transport::CrossMemory, false}, T{"unix-socket", Transport::UnixSocket, false}})
    add_measured(t.name, [&](size_t size, int iters) {
      return ours(t.t, t.zc, size, iters, std::string("bench-") + std::to_string(size) + "-" + t.name);
    });
  add_measured("zeromq-ipc", zeromq);
  {
    std::vector<double> lat, bw;
    for (int r = 0; r < runs; ++r) {
      const auto [l, b] = openmpi(kLatIters, kBwIters);
      if (l < 0) {
        std::fprintf(stderr, "ipc-bench: the openmpi-sm run failed (mpirun, build/bench/ipc/openmpi_pingpong)\n");
        break;
      }
      lat.push_back(l), bw.push_back(b);
    }
    if (!lat.empty()) rows.push_back({"openmpi-sm", median(lat), median(bw)});
  }
  if (csv) std::printf("transport,latency_us,bandwidth_MBps\n");
  else std::printf("%-20s %12s %16s\n", "transport", "latency (us)", "bandwidth (MB/s)");
  for (const Row& r : rows)
    std::printf(csv ? "%s,%.2f,%.0f\n" : "%-20s %12.2f %16.0f\n", r.name.c_str(), r.lat_us, r.bw_MBps);
}
