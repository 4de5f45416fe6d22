// What every node's kernel does around the programs it runs: the node's rx core brings
// the SMVN device up first (the init protocol), other cores start their programs once
// their node's device is up, and an rx core with no program of its own stays in the
// idle loop serving interrupts until every program in the cluster has finished (the
// last one to finish wakes them with an interrupt).
#pragma once

#include <functional>
#include <vector>

namespace smvn {
class Cluster;
class Core;
namespace driver {
class Network;
}
}  // namespace smvn

namespace smvn::net {

class NodeRuntime {
 public:
  using Program = std::function<void(Core&)>;
  NodeRuntime(Cluster& cluster, driver::Network& smvn);
  // PROGRAM runs on global core CORE (one per core). Before install().
  void run_on(unsigned core, Program program);
  // Gives every node's rx core and every core with a program its SystemC program.
  void install();
  unsigned unfinished() const { return running_; }

 private:
  void finished(Core& c);
  Cluster& cluster_;
  driver::Network& smvn_;
  std::vector<Program> programs_;
  unsigned running_ = 0;
};

}  // namespace smvn::net
