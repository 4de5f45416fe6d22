// World: the job's state, the mapping from SystemC processes to ranks, handles and the
// error handlers. See mpi_internal.h for the design.
#include <systemc>

#include <stdexcept>

#include "mpi_shim/mpi_internal.h"

namespace smvn::mpi {

namespace {
World* g_world = nullptr;
}

World::World(int nranks, WorldOptions options) : impl_(std::make_unique<Impl>()) {
  if (nranks < 1) throw std::invalid_argument("MPI world: at least one rank is needed");
  if (g_world) throw std::logic_error("MPI world: another job's World still exists");
  if (options.eager_limit > (std::size_t{1} << 40))
    throw std::invalid_argument("MPI world: eager_limit is unreasonably large");
  impl_->nranks = nranks;
  impl_->options = std::move(options);
  impl_->ranks.resize(static_cast<std::size_t>(nranks));

  auto world_comm = std::make_shared<detail::CommShared>();
  world_comm->context = 0;
  world_comm->name = "MPI_COMM_WORLD";
  for (int r = 0; r < nranks; ++r) world_comm->world_of.push_back(r);

  for (int r = 0; r < nranks; ++r) {
    auto& rs = impl_->ranks[static_cast<std::size_t>(r)];
    rs.rank = r;
    auto w = std::make_unique<detail::Comm>();
    w->shared = world_comm;
    w->rank = r;
    rs.comms.push_back(std::move(w));
    auto self_shared = std::make_shared<detail::CommShared>();
    self_shared->context = 2;
    self_shared->name = "MPI_COMM_SELF";
    self_shared->world_of = {r};
    auto s = std::make_unique<detail::Comm>();
    s->shared = self_shared;
    s->rank = 0;
    rs.comms.push_back(std::move(s));
    rs.in.resize(static_cast<std::size_t>(nranks));
    rs.out.resize(static_cast<std::size_t>(nranks));
    rs.scratch.resize(16384);
  }
  g_world = this;
}

World::~World() {
  if (g_world == this) g_world = nullptr;
}

World* World::current() { return g_world; }

int World::size() const { return impl_->nranks; }
const WorldOptions& World::options() const { return impl_->options; }

void World::bind(int rank, RankTransport& transport) {
  if (rank < 0 || rank >= impl_->nranks)
    throw std::logic_error("MPI world: bind of rank " + std::to_string(rank) + " in a job of " +
                           std::to_string(impl_->nranks) + " ranks");
  auto& rs = impl_->ranks[static_cast<std::size_t>(rank)];
  if (rs.transport)
    throw std::logic_error("MPI world: rank " + std::to_string(rank) + " is bound twice");
  sc_core::sc_object* proc = sc_core::sc_get_current_process_handle().get_process_object();
  if (!proc)
    throw std::logic_error("MPI world: bind of rank " + std::to_string(rank) +
                           " outside a SystemC thread");
  if (impl_->rank_of_process.count(proc))
    throw std::logic_error("MPI world: SystemC process " + std::string(proc->name()) +
                           " is already rank " + std::to_string(impl_->rank_of_process[proc]));
  rs.transport = &transport;
  rs.process = proc;
  impl_->rank_of_process[proc] = rank;
}

void World::set_compute_counter(int rank, const volatile uint64_t* counter) {
  if (rank < 0 || rank >= impl_->nranks)
    throw std::logic_error("MPI world: compute counter of rank " + std::to_string(rank) + " in a job of " +
                           std::to_string(impl_->nranks) + " ranks");
  auto& rs = impl_->ranks[static_cast<std::size_t>(rank)];
  rs.compute_counter = counter;
  // What the program counted before it started (its constructors) is not charged.
  rs.compute_seen = counter ? *counter : 0;
  rs.compute_charged =
      static_cast<uint64_t>(static_cast<long double>(rs.compute_seen) * impl_->options.compute.scale);
}

void World::settle_compute(int rank) {
  if (rank < 0 || rank >= impl_->nranks) return;
  auto& rs = impl_->ranks[static_cast<std::size_t>(rank)];
  if (!rs.transport) return;
  detail::collect_compute(rs);
  detail::charge(rs, 0);
}

bool World::ended(int rank, int exit_code) {
  if (rank < 0 || rank >= impl_->nranks) return false;
  auto& rs = impl_->ranks[static_cast<std::size_t>(rank)];
  rs.exit_code = exit_code;
  return rs.initialized && !rs.finalized;
}

int World::exit_status() const {
  if (impl_->abort) return impl_->abort->exit_code;
  for (const auto& rs : impl_->ranks)
    if (rs.exit_code && *rs.exit_code != 0) return *rs.exit_code;
  for (const auto& rs : impl_->ranks)
    if (!rs.exit_code) return 1;
  return 0;
}

bool World::initialized(int rank) const {
  return rank >= 0 && rank < impl_->nranks && impl_->ranks[static_cast<std::size_t>(rank)].initialized;
}

bool World::finalized(int rank) const {
  return rank >= 0 && rank < impl_->nranks && impl_->ranks[static_cast<std::size_t>(rank)].finalized;
}

std::optional<int> World::exit_code(int rank) const {
  if (rank < 0 || rank >= impl_->nranks) return std::nullopt;
  return impl_->ranks[static_cast<std::size_t>(rank)].exit_code;
}

std::optional<AbortInfo> World::abort_info() const { return impl_->abort; }

void World::record_abort(int rank, int exit_code, const std::string& message) {
  if (!impl_->abort) impl_->abort = AbortInfo{rank, exit_code, message};
}

std::vector<std::string> World::problems() const {
  std::vector<std::string> out;
  if (impl_->abort) out.push_back(impl_->abort->message);
  for (const auto& rs : impl_->ranks) {
    const std::string who = "rank " + std::to_string(rs.rank);
    if (!rs.exit_code) {
      if (!impl_->abort) out.push_back(who + " did not finish (blocked in an MPI call?)");
    } else if (rs.initialized && !rs.finalized) {
      out.push_back(who + " exited with status " + std::to_string(*rs.exit_code) +
                    " without calling MPI_Finalize");
    } else if (*rs.exit_code != 0) {
      out.push_back(who + " exited with status " + std::to_string(*rs.exit_code));
    }
  }
  return out;
}

std::vector<std::string> World::waiting(const std::vector<unsigned>& cores) const {
  std::vector<std::string> out;
  for (const auto& rs : impl_->ranks) {
    if (rs.exit_code) continue;
    std::string line = "rank " + std::to_string(rs.rank);
    if (std::size_t(rs.rank) < cores.size()) line += " (core " + std::to_string(cores[std::size_t(rs.rank)]) + ")";
    line += rs.last_call ? std::string(" waits in ") + rs.last_call : std::string(" never called MPI");
    out.push_back(line);
  }
  return out;
}

detail::RankState& World::Impl::caller(const char* func) {
  sc_core::sc_object* proc = sc_core::sc_get_current_process_handle().get_process_object();
  if (proc && proc == last_process) return ranks[static_cast<std::size_t>(last_rank)];
  auto it = proc ? rank_of_process.find(proc) : rank_of_process.end();
  if (it == rank_of_process.end())
    throw RankAbort(std::string(func) + ": called from " +
                    (proc ? "SystemC process '" + std::string(proc->name()) + "'" :
                            std::string("outside any SystemC process")) +
                    ", which is not a rank of the MPI job (World::bind was not called)");
  last_process = proc;
  last_rank = it->second;
  return ranks[static_cast<std::size_t>(it->second)];
}

}  // namespace smvn::mpi

namespace smvn::mpi::detail {

World::Impl& world(const char* func) {
  World* w = World::current();
  if (!w)
    throw RankAbort(std::string(func) + ": no MPI job is running (no smvn::mpi::World exists)");
  return w->impl();
}

RankState& rank_state(const char* func, bool need_init) {
  World::Impl& w = world(func);
  RankState& rs = w.caller(func);
  rs.last_call = func;
  collect_compute(rs);
  if (need_init && (!rs.initialized || rs.finalized)) {
    const std::string text = std::string(func) + ": rank " + std::to_string(rs.rank) +
                             (rs.finalized ? " called it after MPI_Finalize"
                                           : " called it before MPI_Init");
    if (!w.abort) w.abort = AbortInfo{rs.rank, MPI_ERR_OTHER, text};
    throw RankAbort(text);
  }
  return rs;
}

std::string class_text(int cls) {
  switch (cls) {
    case MPI_SUCCESS: return "no error";
    case MPI_ERR_BUFFER: return "invalid buffer pointer";
    case MPI_ERR_COUNT: return "invalid count";
    case MPI_ERR_TYPE: return "invalid datatype";
    case MPI_ERR_TAG: return "invalid tag";
    case MPI_ERR_COMM: return "invalid communicator";
    case MPI_ERR_RANK: return "invalid rank";
    case MPI_ERR_REQUEST: return "invalid request";
    case MPI_ERR_ROOT: return "invalid root";
    case MPI_ERR_GROUP: return "invalid group";
    case MPI_ERR_OP: return "invalid operation";
    case MPI_ERR_ARG: return "invalid argument";
    case MPI_ERR_UNKNOWN: return "unknown error";
    case MPI_ERR_TRUNCATE: return "message truncated";
    case MPI_ERR_OTHER: return "other error";
    case MPI_ERR_INTERN: return "internal error";
    case MPI_ERR_PENDING: return "pending request";
    case MPI_ERR_IN_STATUS: return "error code is in status";
    case MPI_ERR_TOPOLOGY: return "invalid topology";
    case MPI_ERR_DIMS: return "invalid dimensions";
    default: return "";
  }
}

int report(RankState& rs, const Comm* comm, int cls, const char* func, const std::string& text) {
  World::Impl& w = world(func);
  const std::string message = std::string(func) + ": rank " + std::to_string(rs.rank) + ": " + text;
  const Comm* c = comm ? comm : rs.comms[0].get();
  if (c->errhandler == MPI_ERRORS_ARE_FATAL) {
    if (!w.abort)
      w.abort = AbortInfo{rs.rank, cls,
                          message + " (" + class_text(cls) + ", MPI_ERRORS_ARE_FATAL on " +
                              c->shared->name + ")"};
    throw RankAbort(w.abort->message);
  }
  // MPI_ERRORS_RETURN: an error code of its own, so MPI_Error_string can tell the details.
  auto it = w.error_code_of.find(message);
  if (it != w.error_code_of.end()) return it->second;
  const int code = kErrorCodeBase + static_cast<int>(w.error_texts.size());
  if (code > MPI_ERR_LASTCODE) return cls;  // table full: the class alone still says what
  w.error_texts.push_back(message);
  w.error_classes.push_back(cls);
  w.error_code_of[message] = code;
  return code;
}

void empty_status(MPI_Status* st) {
  if (!status_wanted(st)) return;
  st->MPI_SOURCE = MPI_ANY_SOURCE;
  st->MPI_TAG = MPI_ANY_TAG;
  st->MPI_ERROR = MPI_SUCCESS;
  st->smvn_cancelled = 0;
  st->smvn_count_bytes = 0;
}

// ---- handles ------------------------------------------------------------------------

Comm* comm_of(RankState& rs, MPI_Comm h) {
  const auto v = reinterpret_cast<uintptr_t>(h);
  std::size_t index;
  if (h == MPI_COMM_WORLD) index = 0;
  else if (h == MPI_COMM_SELF) index = 1;
  else if (v >= kDynamicBase) index = v - kDynamicBase;
  else return nullptr;
  if (index >= rs.comms.size() || !rs.comms[index]) return nullptr;
  return rs.comms[index].get();
}

MPI_Comm comm_handle(int index) {
  if (index == 0) return MPI_COMM_WORLD;
  if (index == 1) return MPI_COMM_SELF;
  return reinterpret_cast<MPI_Comm>(kDynamicBase + static_cast<uintptr_t>(index));
}

const TypeInfo* type_of(RankState& rs, MPI_Datatype h) {
  const auto v = reinterpret_cast<uintptr_t>(h);
  if (v >= kDynamicBase) {
    const std::size_t i = v - kDynamicBase;
    if (i < rs.types.size() && rs.types[i].valid) return &rs.types[i];
    return nullptr;
  }
  if ((v >> 8) != 6) return nullptr;
  const int index = static_cast<int>(v & 0xff);
  if (index < 1 || index > 29) return nullptr;
  return &basic_type(index);
}

const OpInfo* op_of(RankState& rs, MPI_Op h) {
  static OpInfo predefined[15];
  static const char* const names[15] = {"",         "MPI_MAX",  "MPI_MIN",    "MPI_SUM",
                                        "MPI_PROD", "MPI_LAND", "MPI_BAND",   "MPI_LOR",
                                        "MPI_BOR",  "MPI_LXOR", "MPI_BXOR",   "MPI_MAXLOC",
                                        "MPI_MINLOC", "MPI_REPLACE", "MPI_NO_OP"};
  const auto v = reinterpret_cast<uintptr_t>(h);
  if (v >= kDynamicBase) {
    const std::size_t i = v - kDynamicBase;
    if (i < rs.ops.size() && rs.ops[i].valid) return &rs.ops[i];
    return nullptr;
  }
  if ((v >> 8) != 5) return nullptr;
  const int index = static_cast<int>(v & 0xff);
  if (index < 1 || index > 14) return nullptr;
  OpInfo& op = predefined[index];
  if (!op.valid) {
    op.valid = true;
    op.name = names[index];
    op.predefined = index;
  }
  return &op;
}

Req* req_of(RankState& rs, MPI_Request h) {
  const auto v = reinterpret_cast<uintptr_t>(h);
  if (v < kDynamicBase) return nullptr;
  const std::size_t i = v - kDynamicBase;
  if (i >= rs.reqs.size() || !rs.reqs[i] || rs.reqs[i]->internal) return nullptr;
  return rs.reqs[i].get();
}

MPI_Request req_handle(const Req* r) {
  return reinterpret_cast<MPI_Request>(kDynamicBase + static_cast<uintptr_t>(r->slot));
}

}  // namespace smvn::mpi::detail
