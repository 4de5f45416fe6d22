#include "mpi_shim/node_runtime.h"

#include <stdexcept>
#include <string>

#include "driver/net_device.h"
#include "models/cluster.h"
#include "models/interrupt_controller.h"

namespace smvn::net {

NodeRuntime::NodeRuntime(Cluster& cluster, driver::Network& smvn)
    : cluster_(cluster), smvn_(smvn), programs_(cluster.total_cores()) {}

void NodeRuntime::run_on(unsigned core, Program program) {
  if (programs_.at(core)) throw std::logic_error("node runtime: core " + std::to_string(core) + " has a program already");
  programs_.at(core) = std::move(program);
  ++running_;
}

void NodeRuntime::finished(Core& c) {
  if (--running_ > 0) return;
  const unsigned rx = smvn_.rx_core_index();
  const unsigned here = unsigned(c.id()) / cluster_.params().node.cores;
  for (unsigned n = 0; n < cluster_.nodes(); ++n) {
    if (&smvn_.rx_core(n) == &c) continue;
    if (cluster_.topology().connected(here, n))
      c.store<uint32_t>(cluster_.address_map().ipi_base(n, rx) + InterruptController::kSet,
                        driver::NetDevice::kRxBit);
    else  // no HT path: the job's end reaches that node as the launcher's message would (not modelled)
      cluster_.node(n).interrupt_controller().device_raise(rx, driver::NetDevice::kRxBit);
  }
}

void NodeRuntime::install() {
  const unsigned cpn = cluster_.params().node.cores;
  const unsigned rx = smvn_.rx_core_index();
  for (unsigned id = 0; id < programs_.size(); ++id) {
    driver::NetDevice& dev = smvn_.device(id / cpn);
    Program& prog = programs_[id];
    if (id % cpn == rx) {
      cluster_.core(id).set_program([this, &dev, &prog](Core& c) {
        dev.open(c);
        if (prog) {
          prog(c);
          finished(c);
        }
        while (running_ > 0) c.wait_for_interrupt();  // the idle loop: the handler serves
      });
    } else if (prog) {
      cluster_.core(id).set_program([this, &dev, &prog](Core& c) {
        while (!dev.is_open()) c.stall_cycles(500);  // until the node's kernel has the device up
        prog(c);
        finished(c);
      });
    }
  }
}

}  // namespace smvn::net
