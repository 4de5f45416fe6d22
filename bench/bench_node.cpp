// The simulator's own speed on one node, against a raw SystemC baseline, in one process:
//   raw     a loosely-timed loop: b_transport into a trivial target, quantum keeper
//   l1_hit  the core model's loads that hit in L1 (core -> L1 -> PhysicalMemory)
//   copy    1 MiB streaming copies, every line through L1, L2, directory and DDR2
// Each figure is the median of several repetitions. Targets (issue 2): l1_hit at least
// 0.3x the raw rate; copy at least 50 million cache lines per host second.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <vector>

#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "apps/simulation.h"

using namespace smvn;
using namespace sc_core;
using Clk = std::chrono::steady_clock;

namespace {

constexpr int kRepeats = 7;
constexpr uint64_t kLoads = 2'000'000;
constexpr uint64_t kCopyBytes = 1 << 20;
constexpr int kCopies = 16;
const sc_time kHitLatency = sc_time(5715, SC_PS);  // 3 cycles at 525 MHz, as the model's L1

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// The baseline: what SystemC costs per loosely-timed transaction with nothing modelled.
struct RawTarget : sc_module {
  tlm_utils::simple_target_socket<RawTarget> socket{"socket"};
  uint8_t store[4096] = {};
  explicit RawTarget(sc_module_name n) : sc_module(n) { socket.register_b_transport(this, &RawTarget::b_transport); }
  void b_transport(tlm::tlm_generic_payload& t, sc_time& delay) {
    std::memcpy(t.get_data_ptr(), store + (t.get_address() & 4088), t.get_data_length());
    t.set_response_status(tlm::TLM_OK_RESPONSE);
    delay += kHitLatency;
  }
};

struct RawInitiator : sc_module {
  tlm_utils::simple_initiator_socket<RawInitiator> socket{"socket"};
  sc_event done;
  std::vector<double> rates;
  int repeats = kRepeats;
  SC_HAS_PROCESS(RawInitiator);
  explicit RawInitiator(sc_module_name n) : sc_module(n) { SC_THREAD(run); }
  void run() {
    tlm_utils::tlm_quantumkeeper qk;
    qk.reset();
    tlm::tlm_generic_payload t;
    uint64_t value = 0;
    t.set_data_ptr(reinterpret_cast<unsigned char*>(&value));
    t.set_data_length(8);
    t.set_streaming_width(8);
    t.set_command(tlm::TLM_READ_COMMAND);
    for (int r = 0; r < repeats; ++r) {
      const auto start = Clk::now();
      for (uint64_t i = 0; i < kLoads; ++i) {
        t.set_address((i * 8) & 4095);
        t.set_response_status(tlm::TLM_INCOMPLETE_RESPONSE);
        sc_time delay = qk.get_local_time();
        socket->b_transport(t, delay);
        qk.set(delay);
        if (qk.need_sync()) qk.sync();
      }
      rates.push_back(double(kLoads) / std::chrono::duration<double>(Clk::now() - start).count());
    }
    qk.sync();
    done.notify(SC_ZERO_TIME);
  }
};

}  // namespace

int sc_main(int argc, char** argv) {
  // `bench_node copy` runs the copy measurement alone (for perf stat and profiles).
  const bool copy_only = argc > 1 && std::strcmp(argv[1], "copy") == 0;
  ConfigNode root = ConfigNode::parse_file(source_path("configs/godson3a-node.yaml"));
  Simulation sim(root);
  RawInitiator raw("raw");
  RawTarget target("target");
  raw.socket.bind(target.socket);
  if (copy_only) raw.repeats = 0;

  std::vector<double> load_rates, copy_rates;
  sim.cluster().core(0).set_program([&](Core& core) {
    wait(raw.done);  // one thing at a time: the measurements share the host
    const uint64_t base = 1 << 20;
    const int load_repeats = copy_only ? 0 : kRepeats;
    for (uint64_t a = base; a < base + 4096; a += 8) core.store<uint64_t>(a, a);
    uint64_t sum = 0;
    for (int r = 0; r < load_repeats; ++r) {
      const auto start = Clk::now();
      for (uint64_t i = 0; i < kLoads; ++i) sum += core.load<uint64_t>(base + ((i * 8) & 4095));
      load_rates.push_back(double(kLoads) / std::chrono::duration<double>(Clk::now() - start).count());
    }
    if (sum == 42) std::puts("");  // keep the loads
    const uint64_t src = 16 << 20, dst = 64 << 20;
    for (int r = 0; r < kRepeats; ++r) {
      const auto start = Clk::now();
      for (int c = 0; c < kCopies; ++c) core.copy(dst, src, kCopyBytes);
      const double lines = double(kCopies) * double(kCopyBytes / 32);
      copy_rates.push_back(lines / std::chrono::duration<double>(Clk::now() - start).count());
    }
  });
  sim.run();

  std::printf("bench_node (median of %d repetitions)\n", kRepeats);
  if (!copy_only) {
    const double raw_rate = median(raw.rates), load_rate = median(load_rates);
    std::printf("  raw SystemC LT loop        %8.2f M transactions / host s\n", raw_rate / 1e6);
    std::printf("  core L1-hit loads          %8.2f M loads / host s\n", load_rate / 1e6);
    std::printf("  ratio L1-hit / raw         %8.2f   (target >= 0.30)\n", load_rate / raw_rate);
  }
  std::printf("  1 MiB streaming copy       %8.2f M cache lines / host s   (target >= 50; lines = bytes copied / 32)\n",
              median(copy_rates) / 1e6);
  return 0;
}
