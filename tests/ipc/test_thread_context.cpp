// The thread context (lock-free queue): both patterns with real threads, copy and move,
// the errors. Also built under ThreadSanitizer (label tsan).
#include <atomic>
#include <chrono>
#include <cstring>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ipc/ipc.h"

using namespace smvn::ipc;
using namespace std::chrono_literals;

TEST(IpcThread, ServerRepliesToEachOfThreeClients) {
  Channel ch("t-cs", Context::Thread);
  ServerSocket server(ch);
  constexpr int kRequests = 200;
  std::atomic<int> wrong{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c)
    clients.emplace_back([&, c] {
      ClientSocket client(ch, "client" + std::to_string(c));
      for (int i = 0; i < kRequests; ++i) {
        const int req = c * 100000 + i;
        client.send(&req, sizeof req);
        int rep = 0;
        client.try_receive(&rep, sizeof rep, 5000ms);
        if (rep != req + 1) ++wrong;
      }
    });
  for (int i = 0; i < 3 * kRequests; ++i) {
    Message m = *server.try_receive(5000ms);
    int v;
    std::memcpy(&v, m.data(), sizeof v);
    ++v;
    server.reply(&v, sizeof v);
  }
  for (auto& t : clients) t.join();
  EXPECT_EQ(wrong.load(), 0);
}

TEST(IpcThread, ConsumersShareTheLoadAndEveryMessageArrivesOnce) {
  ChannelOptions o;
  o.asynchrony = 8;  // small: producers meet back-pressure
  Channel ch("t-pc", Context::Thread, o);
  constexpr int kPerProducer = 2000;
  std::vector<std::vector<int>> got(3);
  std::atomic<int> received{0};
  std::vector<std::thread> consumers;
  for (int c = 0; c < 3; ++c)
    consumers.emplace_back([&, c] {
      ConsumerSocket cons(ch);
      while (received.load() < 2 * kPerProducer) {
        std::optional<Message> m;
        try {
          m = cons.try_receive(20ms);
        } catch (const PeerDied&) {
          break;  // every producer has left and nothing is queued: the others got the rest
        }
        if (!m) continue;
        int v;
        std::memcpy(&v, m->data(), sizeof v);
        got[c].push_back(v);
        ++received;
      }
    });
  std::vector<std::thread> producers;
  for (int p = 0; p < 2; ++p)
    producers.emplace_back([&, p] {
      ProducerSocket prod(ch);
      for (int i = 0; i < kPerProducer; ++i) {
        const int v = p * kPerProducer + i;
        prod.send(&v, sizeof v);
      }
    });
  for (auto& t : producers) t.join();
  for (auto& t : consumers) t.join();
  std::multiset<int> all;
  for (auto& g : got) all.insert(g.begin(), g.end());
  ASSERT_EQ(all.size(), size_t(2 * kPerProducer));
  EXPECT_EQ(std::set<int>(all.begin(), all.end()).size(), size_t(2 * kPerProducer)) << "a message came twice";
  // One producer's messages reach one consumer in the order they were sent.
  for (auto& g : got) {
    for (size_t i = 1; i < g.size(); ++i) {
      if (g[i] / kPerProducer == g[i - 1] / kPerProducer) EXPECT_LT(g[i - 1], g[i]);
    }
  }
}

namespace {
std::atomic<int> g_freed{0};
void count_free(void* p, void*) {
  ++g_freed;
  std::free(p);
}
}  // namespace

TEST(IpcThread, MoveHandsTheSendersBufferOverWithoutACopy) {
  Channel ch("t-move", Context::Thread);
  ProducerSocket prod(ch, Semantics::Move, count_free);
  ConsumerSocket cons(ch);
  g_freed = 0;
  char* buf = static_cast<char*>(std::malloc(64));
  std::strcpy(buf, "in place");
  prod.send(buf, 64);
  {
    Message m = *cons.try_receive(1000ms);
    EXPECT_EQ(m.data(), buf);  // the very same bytes
    EXPECT_STREQ(static_cast<const char*>(m.data()), "in place");
    EXPECT_EQ(g_freed.load(), 0);
  }
  EXPECT_EQ(g_freed.load(), 1);  // freed once, by the receiver's release
}

TEST(IpcThread, TryReceiveTimesOut) {
  Channel ch("t-timeout", Context::Thread);
  ConsumerSocket cons(ch);
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_FALSE(cons.try_receive(30ms).has_value());
  EXPECT_GE(std::chrono::steady_clock::now() - t0, 30ms);
  char b[4];
  try {
    cons.try_receive(b, sizeof b, 10ms);
    FAIL() << "no Timeout error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::Timeout);
  }
}

TEST(IpcThread, NameTakenIsAnError) {
  Channel a("t-name", Context::Thread);
  try {
    Channel b("t-name", Context::Thread);
    FAIL() << "second channel of one name";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::NameTaken);
    EXPECT_NE(std::string(e.what()).find("t-name"), std::string::npos);
  }
}

TEST(IpcThread, TooLargeForTheBufferStaysQueued) {
  ChannelOptions o;
  o.max_message = 1024;
  Channel ch("t-large", Context::Thread, o);
  ProducerSocket prod(ch);
  ConsumerSocket cons(ch);
  std::vector<char> big(2048);
  try {
    prod.send(big.data(), big.size());
    FAIL() << "sent beyond max_message";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::MessageTooLarge);
  }
  const char msg[100] = "hundred";
  prod.send(msg, sizeof msg);
  char small[10], room[200];
  try {
    cons.receive(small, sizeof small);
    FAIL() << "copied into a buffer too small";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::MessageTooLarge);
  }
  EXPECT_EQ(cons.try_receive(room, sizeof room, 1000ms), sizeof msg);  // not lost
  EXPECT_STREQ(room, "hundred");
}

TEST(IpcThread, ClientWhoseServerLeftGetsPeerDied) {
  Channel ch("t-gone", Context::Thread);
  ClientSocket client(ch, "c");
  { ServerSocket server(ch); }
  try {
    client.try_receive(std::chrono::milliseconds(2000));
    FAIL() << "no error";
  } catch (const PeerDied& e) {
    EXPECT_EQ(e.peer(), "server");
  }
}

TEST(IpcThread, OneToOneRefusesASecondConsumer) {
  ChannelOptions o;
  o.topology = Topology::OneToOne;
  Channel ch("t-121", Context::Thread, o);
  ConsumerSocket a(ch);
  try {
    ConsumerSocket b(ch);
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), Errc::ChannelFull);
  }
}

TEST(IpcThread, WaitAnyReturnsTheSocketWithAMessage) {
  Channel a("t-wa-a", Context::Thread), b("t-wa-b", Context::Thread);
  ConsumerSocket ca(a), cb(b);
  ProducerSocket pb(b);
  EXPECT_EQ(wait_any({&ca, &cb}, 20ms), -1);
  std::thread t([&] {
    std::this_thread::sleep_for(10ms);
    pb.send("x", 1);
  });
  EXPECT_EQ(wait_any({&ca, &cb}, 5000ms), 1);
  t.join();
  char c = 0;
  EXPECT_EQ(cb.try_receive(&c, 1, 0ms), 1u);
  EXPECT_EQ(c, 'x');
}
