// The local-process context across fork: channels made before fork work in the children,
// a killed peer is an error naming what it never acknowledged (never a hang), nothing is
// left in /dev/shm or /tmp, and the stream transports carry the same patterns.
#include <cstring>
#include <dirent.h>
#include <set>
#include <string>
#include <thread>
#include <vector>
#include <algorithm>

#include <gtest/gtest.h>

#include "ipc/bulk_move.h"
#include "ipc/ipc.h"
#include "tests/ipc/fork_helpers.h"

using namespace smvn::ipc;
using namespace std::chrono_literals;
using ipc_test::fork_child;
using ipc_test::reap;

namespace {
std::set<std::string> entries(const char* dir) {
  std::set<std::string> s;
  if (DIR* d = opendir(dir)) {
    while (dirent* e = readdir(d)) s.insert(e->d_name);
    closedir(d);
  }
  return s;
}

// Echo +1 between a forked client and this process's server, over TRANSPORT.
void ping_pong(Transport t, const char* name) {
  ChannelOptions o;
  o.transport = t;
  o.topology = Topology::OneToOne;
  Channel ch(ipc_test::local_name(name), Context::LocalProcess, o);
  const pid_t child = fork_child([&] {
    ClientSocket client(ch, "child");
    for (int i = 0; i < 100; ++i) {
      client.send(&i, sizeof i);
      int r = -1;
      client.try_receive(&r, sizeof r, 5000ms);
      if (r != i + 1) return 1;
    }
    return 0;
  });
  ServerSocket server(ch);
  for (int i = 0; i < 100; ++i) {
    int v = -1;
    server.try_receive(&v, sizeof v, 5000ms);
    ++v;
    server.reply(&v, sizeof v);
  }
  EXPECT_EQ(reap(child), 0);
}
}  // namespace

TEST(IpcLocal, ForkedClientsOverSharedMemory) {
  Channel ch(ipc_test::local_name("lp-shm"), Context::LocalProcess);
  std::vector<pid_t> kids;
  for (int c = 0; c < 3; ++c)
    kids.push_back(fork_child([&, c] {
      ClientSocket client(ch, "w" + std::to_string(c));
      for (int i = 0; i < 100; ++i) {
        const int req = c * 1000 + i;
        client.send(&req, sizeof req);
        int r = 0;
        client.try_receive(&r, sizeof r, 5000ms);
        if (r != -req) return 1;
      }
      return 0;
    }));
  ServerSocket server(ch);
  for (int i = 0; i < 300; ++i) {
    int v = 0;
    server.try_receive(&v, sizeof v, 5000ms);
    v = -v;
    server.reply(&v, sizeof v);
  }
  for (pid_t k : kids) EXPECT_EQ(reap(k), 0);
}

TEST(IpcLocal, KilledClientIsReportedWithItsUnacknowledgedReply) {
  Channel ch(ipc_test::local_name("lp-kill"), Context::LocalProcess);
  const pid_t child = fork_child([&] {
    ClientSocket client(ch, "victim");
    client.send("ready", 5);
    pause();  // killed here, before it takes the reply
    return 0;
  });
  ServerSocket server(ch);
  char buf[16];
  server.try_receive(buf, sizeof buf, 5000ms);
  const uint64_t seq = server.reply("event-1", 7);
  kill(child, SIGKILL);
  EXPECT_EQ(reap(child), -SIGKILL);
  try {
    server.try_receive(buf, sizeof buf, 5000ms);
    FAIL() << "no PeerDied";
  } catch (const PeerDied& e) {
    EXPECT_EQ(e.peer(), "victim");
    ASSERT_EQ(e.unacknowledged().size(), 1u);
    EXPECT_EQ(e.unacknowledged()[0], seq);
  }
}

TEST(IpcLocal, ClientOfAKilledServerGetsPeerDiedNotAHang) {
  Channel ch(ipc_test::local_name("lp-kill-server"), Context::LocalProcess);
  const pid_t server_pid = fork_child([&] {
    ServerSocket server(ch);
    pause();
    return 0;
  });
  ClientSocket client(ch, "survivor");
  std::this_thread::sleep_for(50ms);  // the server attaches
  kill(server_pid, SIGKILL);
  EXPECT_EQ(reap(server_pid), -SIGKILL);
  client.send("x", 1);
  EXPECT_THROW(client.try_receive(std::chrono::milliseconds(5000)), PeerDied);
}

TEST(IpcLocal, SlowConsumerBackPressureLosesNothing) {
  ChannelOptions o;
  o.asynchrony = 2;
  o.max_message = 4096;
  Channel ch(ipc_test::local_name("lp-slow"), Context::LocalProcess, o);
  const pid_t producer = fork_child([&] {
    ProducerSocket p(ch);
    for (int i = 0; i < 300; ++i) p.send(&i, sizeof i);
    return 0;
  });
  ConsumerSocket c(ch);
  for (int i = 0; i < 300; ++i) {
    int v = -1;
    c.try_receive(&v, sizeof v, 5000ms);
    ASSERT_EQ(v, i);
    if (i % 50 == 0) std::this_thread::sleep_for(2ms);  // slow now and then
  }
  EXPECT_EQ(reap(producer), 0);
}

TEST(IpcLocal, NothingLeftInDevShmOrTmp) {
  const auto shm0 = entries("/dev/shm"), tmp0 = entries("/tmp");
  {
    Channel ch(ipc_test::local_name("lp-clean"), Context::LocalProcess);
    const pid_t k = fork_child([&] {
      ProducerSocket p(ch);
      p.send("bye", 3);
      abort();  // a crash, not a clean exit
      return 0;
    });
    ConsumerSocket c(ch);
    char b[4];
    c.try_receive(b, sizeof b, 5000ms);
    reap(k);
  }
  EXPECT_EQ(entries("/dev/shm"), shm0);
  EXPECT_EQ(entries("/tmp").size(), tmp0.size());
}

TEST(IpcLocal, NameTakenAcrossProcessesAndSocketsBelongToTheirProcess) {
  Channel ch(ipc_test::local_name("lp-name"), Context::LocalProcess);
  ConsumerSocket parents(ch);
  const pid_t k = fork_child([&] {
    try {
      Channel again(ipc_test::local_name("lp-name"), Context::LocalProcess);
      return 1;
    } catch (const Error& e) {
      if (e.code() != Errc::NameTaken) return 2;
    }
    try {
      parents.try_receive(1ms);  // the parent's socket, inherited by fork
      return 3;
    } catch (const Error& e) {
      return e.code() == Errc::WrongProcess ? 0 : 4;
    }
  });
  EXPECT_EQ(reap(k), 0);
}

TEST(IpcLocal, PipeTransport) { ping_pong(Transport::Pipe, "lp-pipe"); }
TEST(IpcLocal, UnixSocketTransport) { ping_pong(Transport::UnixSocket, "lp-unix"); }

TEST(IpcLocal, PipePeerDeathIsEndOfStream) {
  ChannelOptions o;
  o.transport = Transport::Pipe;
  Channel ch(ipc_test::local_name("lp-pipe-death"), Context::LocalProcess, o);
  const pid_t k = fork_child([&] {
    ClientSocket c(ch, "c");
    _exit(0);
    return 0;
  });
  ServerSocket s(ch);
  EXPECT_EQ(reap(k), 0);
  EXPECT_THROW(s.try_receive(std::chrono::milliseconds(5000)), PeerDied);
}

TEST(IpcDistributed, TcpPingPong) {
  ChannelOptions o;
  o.address = "127.0.0.1:" + std::to_string(20000 + getpid() % 20000);  // apart from concurrent runs
  Channel ch("tcp", Context::DistributedProcess, o);
  const pid_t k = fork_child([&] {
    ClientSocket client(ch, "c");
    for (int i = 0; i < 50; ++i) {
      client.send(&i, sizeof i);
      int r = -1;
      client.try_receive(&r, sizeof r, 5000ms);
      if (r != 2 * i) return 1;
    }
    return 0;
  });
  ServerSocket server(ch);
  for (int i = 0; i < 50; ++i) {
    int v = 0;
    server.try_receive(&v, sizeof v, 5000ms);
    v *= 2;
    server.reply(&v, sizeof v);
  }
  EXPECT_EQ(reap(k), 0);
}

namespace {
// 256 KiB messages (above kBulkMin, so the bulk path) both ways between a forked client
// and this server, each byte checked: the server returns every byte plus one.
void bulk_round_trips(Transport t, const char* name) {
  constexpr size_t kSize = 256 * 1024;
  ChannelOptions o;
  o.transport = t;
  o.topology = Topology::OneToOne;
  Channel ch(ipc_test::local_name(name), Context::LocalProcess, o);
  const pid_t child = fork_child([&] {
    ClientSocket client(ch, "child");
    std::vector<unsigned char> out(kSize), in(kSize);
    for (int i = 0; i < 20; ++i) {
      for (size_t k = 0; k < kSize; ++k) out[k] = static_cast<unsigned char>(k * 7 + i);
      client.send(out.data(), kSize);
      // The send returned: the buffer is ours again, and scribbling on it must not
      // change what the server got.
      std::fill(out.begin(), out.end(), 0xee);
      if (client.try_receive(in.data(), kSize, 5000ms) != kSize) return 1;
      for (size_t k = 0; k < kSize; ++k)
        if (in[k] != static_cast<unsigned char>(k * 7 + i + 1)) return 2;
    }
    return 0;
  });
  ServerSocket server(ch);
  std::vector<unsigned char> buf(kSize);
  for (int i = 0; i < 20; ++i) {
    ASSERT_EQ(server.try_receive(buf.data(), kSize, 5000ms), kSize);
    for (auto& b : buf) ++b;
    server.reply(buf.data(), kSize);
  }
  EXPECT_EQ(reap(child), 0);
}
}  // namespace

TEST(IpcLocal, VmsplicePipeCarriesLargeMessagesIntact) {
  ping_pong(Transport::Vmsplice, "lp-vmsplice-small");
  bulk_round_trips(Transport::Vmsplice, "lp-vmsplice");
}

TEST(IpcLocal, CrossMemoryAttachCarriesLargeMessagesIntact) {
  ping_pong(Transport::CrossMemory, "lp-cma-small");
  bulk_round_trips(Transport::CrossMemory, "lp-cma");
}

TEST(IpcLocal, CrossMemoryWithoutPtracePermissionFallsBackToThePipe) {
  cma_deny_for_testing(true);  // as if Yama refused; inherited by the forked client
  bulk_round_trips(Transport::CrossMemory, "lp-cma-denied");
  cma_deny_for_testing(false);
}

TEST(IpcLocal, AutoChoosesTheTransportByMessageSize) {
  ChannelOptions o;
  o.topology = Topology::OneToOne;
  {
    Channel small(ipc_test::local_name("lp-auto-small"), Context::LocalProcess, o);
    EXPECT_STREQ(small.transport(), "shm-smvn");
  }
  o.max_message = size_t(256) << 20;  // 256 MiB messages: no slots that large
  {
    Channel big(ipc_test::local_name("lp-auto-big"), Context::LocalProcess, o);
    EXPECT_STREQ(big.transport(), "pipe-cma");
  }
  o.topology = Topology::ManyToMany;  // needs the shared queue whatever the size
  o.max_message = size_t(128) << 20;
  o.asynchrony = 2;
  o.max_endpoints = 2;
  Channel many(ipc_test::local_name("lp-auto-many"), Context::LocalProcess, o);
  EXPECT_STREQ(many.transport(), "shm-smvn");
}
