// The direct snoop channel (SnoopChannel, mem_request.h) against its TLM fallback: an L2
// bank whose snoop socket reaches L1 stand-ins that do or do not offer a channel must
// send the same snoops and answer its requests at the same times either way.
#include <cstdint>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "models/l2_bank.h"
#include "models/mem_request.h"
#include "models/timing.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

constexpr Picos kMemoryPs = 50000;  // every fill or write-back the fake memory serves
constexpr Picos kSnoopPs = 7000;    // every snoop the fake L1s answer

// Serves every memory access after kMemoryPs.
struct FakeMemory : sc_core::sc_module {
  tlm_utils::simple_target_socket<FakeMemory> target{"target"};
  explicit FakeMemory(sc_core::sc_module_name n) : sc_module(n) {
    target.register_b_transport(this, &FakeMemory::b_transport);
  }
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    delay += from_ps(kMemoryPs);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  }
};

// Stands for the crossbar and every L1: logs each snoop it gets, answers dirty for cache
// 0, and offers a direct channel only when asked to.
struct FakeL1s : SnoopChannel, sc_core::sc_module {
  tlm_utils::simple_target_socket<FakeL1s> snoop{"snoop"};
  bool offer_channel;
  unsigned transactions = 0;
  std::ostringstream log;

  FakeL1s(sc_core::sc_module_name n, bool offer) : sc_module(n), offer_channel(offer) {
    snoop.register_b_transport(this, &FakeL1s::b_transport);
    snoop.register_transport_dbg(this, &FakeL1s::transport_dbg);
  }
  bool answer(MemOp op, int target, uint64_t line, Picos at) {
    log << (op == MemOp::Invalidate ? "inv" : "down") << " L1 " << target << " line " << line << " at " << at
        << "\n";
    return target == 0;
  }
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
    ++transactions;
    auto* ext = trans.get_extension<MemRequest>();
    ext->dirty = answer(ext->op, ext->target, trans.get_address() / 32, kernel_ps() + delay.value());
    delay += from_ps(kSnoopPs);
    trans.set_response_status(tlm::TLM_OK_RESPONSE);
  }
  unsigned transport_dbg(tlm::tlm_generic_payload& trans) {
    if (auto* q = trans.get_extension<SnoopChannelQuery>(); q && offer_channel) q->channel = this;
    return 0;
  }
  bool snoop_request(SnoopRequest& s) override {
    s.dirty = answer(s.op, s.target, s.line, s.at);
    s.done = s.at + kSnoopPs;
    return true;
  }
};

// Sends line requests into the bank as the crossbar's b_transport would.
struct Requester : sc_core::sc_module {
  tlm_utils::simple_initiator_socket<Requester> out{"out"};
  RequestPayload req;
  explicit Requester(sc_core::sc_module_name n) : sc_module(n) {}
  Picos send(MemOp op, int requester, uint64_t line, Picos at) {
    req.ext.op = op;
    req.ext.requester = requester;
    req.gp.set_command(tlm::TLM_IGNORE_COMMAND);
    req.gp.set_address(line * 32);
    req.gp.set_data_length(0);
    sc_core::sc_time d = from_ps(at);
    out->b_transport(req.gp, d);
    return d.value();
  }
};

// Three L1s share a line of the bank and a fourth takes it for writing; a fifth request
// evicts nothing. Returns the snoops seen and each request's answer time.
std::string run_sharing(bool direct) {
  L2Params p;  // 4 x 1 MB banks, 32-byte lines
  L2Bank bank("bank", p, Clock(1000.0), 0, 4);
  FakeMemory memory("memory");
  FakeL1s l1s("l1s", direct);
  Requester cpu("cpu");
  cpu.out.bind(bank.target);
  bank.mem.bind(memory.target);
  bank.snoop.bind(l1s.snoop);
  sc_core::sc_start(sc_core::SC_ZERO_TIME);  // start_of_simulation: the bank asks for the channel

  const uint64_t line = 4 * 1000;  // homed at bank 0
  std::ostringstream out;
  out << "fill by 0 done " << cpu.send(MemOp::ReadShared, 0, line, 0) << "\n";
  out << "read by 1 done " << cpu.send(MemOp::ReadShared, 1, line, 100000) << "\n";  // downgrades 0 (dirty)
  out << "read by 2 done " << cpu.send(MemOp::ReadShared, 2, line, 200000) << "\n";
  out << "write by 3 done " << cpu.send(MemOp::ReadExclusive, 3, line, 300000) << "\n";  // invalidates 0..2
  out << "write by 0 done " << cpu.send(MemOp::ReadExclusive, 0, line, 400000) << "\n";  // invalidates 3
  out << l1s.log.str();
  out << (l1s.transactions ? "transactions " : "direct calls only ") << l1s.transactions << "\n";
  return out.str();
}

}  // namespace

TEST(SnoopChannel, DirectSnoopsMatchTheTransactionFallback) {
  const std::string direct = run_in_child([] { return run_sharing(true); });
  const std::string tlm = run_in_child([] { return run_sharing(false); });
  // Only the transport differs: the same snoops at the same times, the same answers.
  const auto body = [](const std::string& s) { return s.substr(0, s.rfind("\n", s.size() - 2)); };
  EXPECT_EQ(body(direct), body(tlm));
  EXPECT_NE(direct.find("direct calls only 0"), std::string::npos) << direct;
  EXPECT_NE(tlm.find("transactions 5"), std::string::npos) << tlm;
  EXPECT_NE(direct.find("down L1 0"), std::string::npos) << direct;
  EXPECT_NE(direct.find("inv L1 3"), std::string::npos) << direct;
}
