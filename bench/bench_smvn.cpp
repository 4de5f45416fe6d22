// The simulator's own speed on the SMVN driver: a sustained stream of 1514-byte frames
// (MTU 1500) from node 0 to node 1 of the paper's 2x2 cluster, copy mode, every cache
// line of every copy through the coherence model. Prints frames per host second (issue 4's
// target: at least 200,000) and simulated frames per second, for copy and zero-copy mode.
//
// SystemC elaborates once per process, so each mode runs in a child process of this one.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "apps/simulation.h"
#include "driver/smvn_network.h"

using namespace smvn;
using namespace smvn::driver;

namespace {

constexpr unsigned kFrames = 20000;
constexpr uint32_t kFrameBytes = 1514;

int run_stream(bool zero_copy) {
  const std::string yaml = std::string("seed: 1\ntopology_file: ") + SMVN_SOURCE_DIR +
                           "/topologies/mesh-2x2.yaml\n"
                           "smvn:\n  zero_copy: " + (zero_copy ? "true" : "false") + "\n";
  const ConfigNode cfg = ConfigNode::parse_string(yaml, "<bench_smvn>");
  Simulation sim(cfg);
  SmvnNetwork net(cfg.child("smvn"), sim.cluster());
  const AddressMap& map = sim.cluster().address_map();
  unsigned received = 0;
  net.device(1).set_rx_handler([&](Core&, const RxFrame&) { ++received; });
  for (unsigned n = 0; n < net.nodes(); ++n)
    net.rx_core(n).set_program([&, n](Core& c) {
      SmvnNetDevice& dev = net.device(n);
      dev.open(c);
      if (n == 1)
        while (received < kFrames) c.wait_for_interrupt();
      if (n != 0) return;
      // The frame: built once in node 0's memory (copy mode) or written into each slot.
      std::string frame(kFrameBytes, 'x');
      const MacAddress dst = mac_of_node(1);
      std::memcpy(frame.data(), dst.data(), 6);
      const uint64_t staged = map.node_base(0) + (32ull << 20) + 2;
      c.write_block(staged, frame.data(), frame.size());
      for (unsigned i = 0; i < kFrames; ++i) {
        if (zero_copy) {
          const uint64_t at = dev.alloc_tx_frame(c);
          c.write_block(at, frame.data(), frame.size());
          dev.send_tx_frame(c, at, kFrameBytes);
        } else {
          dev.transmit(c, staged, kFrameBytes);
        }
      }
    });
  sim.run();
  if (received != kFrames) return 1;
  const double sim_s = sc_core::sc_time_stamp().to_seconds();
  std::printf("%s,%u,%.3f,%.0f,%.0f\n", zero_copy ? "zero-copy" : "copy", kFrames, sim.host_seconds(),
              kFrames / sim.host_seconds(), kFrames / sim_s);
  return 0;
}

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--mode") == 0) return run_stream(std::strcmp(argv[2], "zero-copy") == 0);
  std::printf("bench_smvn: %u frames of %u bytes, node 0 -> node 1 of the 2x2 mesh, every line through the "
              "coherence model\n", kFrames, kFrameBytes);
  std::printf("mode,frames,host_s,frames_per_host_s,simulated_frames_per_s\n");
  for (const char* mode : {"copy", "zero-copy"}) {
    const std::string cmd = std::string(argv[0]) + " --mode " + mode + " 2>/dev/null";
    FILE* child = popen(cmd.c_str(), "r");
    char line[256] = {};
    if (!child || !std::fgets(line, sizeof line, child) || pclose(child) != 0) return 1;
    std::fputs(line, stdout);
  }
  std::printf("(target: at least 200000 frames per host second in copy mode)\n");
  return 0;
}
