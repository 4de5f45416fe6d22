// The shared-memory transport (the SMVN lists and spinlock on host atomics) driven by
// threads of one process: the same algorithm under real concurrency, where
// ThreadSanitizer can see every access (the label tsan build runs this file).
#include <atomic>
#include <cstring>
#include <memory>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "ipc/ipc.h"
#include "tests/ipc/fork_helpers.h"

using namespace smvn::ipc;
using namespace std::chrono_literals;

TEST(IpcShmThreads, ManyProducersManyConsumersEveryMessageOnce) {
  ChannelOptions o;
  o.asynchrony = 4;  // few slots: the FreeList runs empty and senders wait as waiters
  o.max_message = 256;
  Channel ch(ipc_test::local_name("shm-threads-pc"), Context::LocalProcess, o);
  constexpr int kPer = 1500;
  std::atomic<int> received{0};
  std::vector<std::vector<int>> got(2);
  std::vector<std::thread> ts;
  for (int c = 0; c < 2; ++c)
    ts.emplace_back([&, c] {
      ConsumerSocket cons(ch);
      while (received.load() < 3 * kPer) {
        std::optional<Message> m;
        try {
          m = cons.try_receive(20ms);
        } catch (const PeerDied&) {
          break;  // every producer has left and nothing is queued
        }
        if (!m) continue;
        int v;
        std::memcpy(&v, m->data(), sizeof v);
        got[c].push_back(v);
        ++received;
      }
    });
  // Every producer attaches before any thread runs: a consumer that found the first
  // producer done and the others not yet attached would take "every producer has left"
  // for the end, and the producers then find no consumer.
  std::vector<std::unique_ptr<ProducerSocket>> prods;
  for (int p = 0; p < 3; ++p) prods.push_back(std::make_unique<ProducerSocket>(ch));
  for (int p = 0; p < 3; ++p)
    ts.emplace_back([&, p, prod = std::move(prods[size_t(p)])]() mutable {
      char buf[64] = {};
      for (int i = 0; i < kPer; ++i) {
        const int v = p * kPer + i;
        std::memcpy(buf, &v, sizeof v);
        prod->send(buf, sizeof buf);
      }
      prod.reset();  // leaves: once all three have, a consumer may see the end
    });
  for (auto& t : ts) t.join();
  std::set<int> all;
  size_t n = 0;
  for (auto& g : got) all.insert(g.begin(), g.end()), n += g.size();
  EXPECT_EQ(n, size_t(3 * kPer));
  EXPECT_EQ(all.size(), size_t(3 * kPer));
}

TEST(IpcShmThreads, ZeroCopyReceiverReadsTheSendersSlot) {
  Channel ch(ipc_test::local_name("shm-threads-zc"), Context::LocalProcess);
  ServerSocket server(ch);
  std::thread t([&] {
    ClientSocket client(ch, "c");
    for (int i = 0; i < 200; ++i) {
      Buffer b = client.allocate(4096);
      std::memset(b.data(), i & 0xff, 4096);
      client.send(std::move(b));
      auto r = client.try_receive(5000ms);
      ASSERT_TRUE(r.has_value());
      ASSERT_EQ(static_cast<const unsigned char*>(r->data())[4095], (i + 1) & 0xff);
    }
  });
  for (int i = 0; i < 200; ++i) {
    Message m = *server.try_receive(5000ms);
    ASSERT_EQ(m.size(), 4096u);
    ASSERT_EQ(static_cast<const unsigned char*>(m.data())[100], i & 0xff);
    // Reply in place: the request's slot becomes the reply (move of a received message).
    Buffer b = server.allocate(4096);
    std::memset(b.data(), (i + 1) & 0xff, 4096);
    server.reply(std::move(b));
  }
  t.join();
}
