// Environment, error handling, communicator, datatype, operation and info entry points,
// and the functions outside the implemented set (one-sided windows), which report
// MPI_ERR_OTHER through the error handler instead of pretending to succeed.
#include <algorithm>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "mpi_shim/mpi_internal.h"

using namespace smvn::mpi::detail;
using smvn::mpi::AbortInfo;
using smvn::mpi::RankAbort;
using smvn::mpi::World;

namespace {

const smvn::mpi::CallCosts& costs() { return World::current()->options().costs; }

int bad_comm(RankState& rs, const char* fn) {
  return report(rs, nullptr, MPI_ERR_COMM, fn, "invalid communicator handle");
}

int not_implemented(const char* fn, const char* what) {
  RankState& rs = rank_state(fn);
  return report(rs, nullptr, MPI_ERR_OTHER, fn,
                std::string(what) + " is not implemented by smvn-sim's MPI library");
}

// Adds a communicator to the calling rank's table (reusing a freed slot) and returns it.
MPI_Comm add_comm(RankState& rs, std::unique_ptr<Comm> c) {
  for (std::size_t i = 2; i < rs.comms.size(); ++i) {
    if (!rs.comms[i]) {
      rs.comms[i] = std::move(c);
      return comm_handle(static_cast<int>(i));
    }
  }
  rs.comms.push_back(std::move(c));
  return comm_handle(static_cast<int>(rs.comms.size() - 1));
}

// The shared part of the k-th communicator made from `parent` with `colour`: the first
// member to get here creates it, the others find it.
std::shared_ptr<CommShared> agree(Comm& parent, int seq, int colour,
                                  const std::vector<int>& world_of) {
  World::Impl& w = world("communicator creation");
  const auto key = std::make_tuple(parent.shared->context, seq, colour);
  auto it = w.derived.find(key);
  if (it == w.derived.end()) {
    auto s = std::make_shared<CommShared>();
    s->context = w.next_context;
    w.next_context += 2;
    s->world_of = world_of;
    s->name = "communicator " + std::to_string(s->context);
    it = w.derived.emplace(key, std::make_pair(s, 0)).first;
  }
  auto shared = it->second.first;
  if (++it->second.second == static_cast<int>(world_of.size())) w.derived.erase(it);
  return shared;
}

MPI_Datatype add_type(RankState& rs, TypeInfo t) {
  rs.types.push_back(std::move(t));
  return reinterpret_cast<MPI_Datatype>(kDynamicBase + rs.types.size() - 1);
}

}  // namespace

extern "C" {

// ---- environment -----------------------------------------------------------------------

int PMPI_Init_thread(int* argc, char*** argv, int required, int* provided) {
  const char* fn = "MPI_Init";
  RankState& rs = rank_state(fn, false);
  if (rs.initialized)
    return report(rs, nullptr, MPI_ERR_OTHER, fn,
                  rs.finalized ? "called after MPI_Finalize" : "called a second time");
  (void)argc;
  (void)argv;
  rs.deferred_charge += costs().call;  // see RankState::deferred_charge
  rs.initialized = true;
  // A rank is one simulated thread: only it calls MPI. FUNNELED is the honest most.
  rs.thread_level = std::max(MPI_THREAD_SINGLE, std::min(required, MPI_THREAD_FUNNELED));
  if (provided) *provided = rs.thread_level;
  return MPI_SUCCESS;
}

int PMPI_Init(int* argc, char*** argv) {
  return PMPI_Init_thread(argc, argv, MPI_THREAD_SINGLE, nullptr);
}

int PMPI_Initialized(int* flag) {
  RankState& rs = rank_state("MPI_Initialized", false);
  if (!flag) return report(rs, nullptr, MPI_ERR_ARG, "MPI_Initialized", "null flag pointer");
  *flag = rs.initialized;
  return MPI_SUCCESS;
}

int PMPI_Finalized(int* flag) {
  RankState& rs = rank_state("MPI_Finalized", false);
  if (!flag) return report(rs, nullptr, MPI_ERR_ARG, "MPI_Finalized", "null flag pointer");
  *flag = rs.finalized;
  return MPI_SUCCESS;
}

int PMPI_Finalize(void) {
  const char* fn = "MPI_Finalize";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  // Collective, as in MPICH: once every rank is here no peer needs this rank's progress
  // engine any more; then everything still queued is handed to the transport.
  const int e = barrier(rs, *rs.comms[0]);
  while (!sends_drained(rs)) {
    if (!progress(rs)) rs.transport->wait();
  }
  rs.finalized = true;
  return e;
}

int PMPI_Abort(MPI_Comm comm, int errorcode) {
  RankState& rs = rank_state("MPI_Abort", false);
  Comm* c = comm_of(rs, comm);
  const std::string text = "MPI_Abort(" + (c ? c->shared->name : std::string("invalid comm")) +
                           ", " + std::to_string(errorcode) + ") called by rank " +
                           std::to_string(rs.rank);
  World::current()->record_abort(rs.rank, errorcode, text);
  throw RankAbort(text);
}

int PMPI_Query_thread(int* provided) {
  RankState& rs = rank_state("MPI_Query_thread");
  if (!provided) return report(rs, nullptr, MPI_ERR_ARG, "MPI_Query_thread", "null pointer");
  *provided = rs.thread_level;
  return MPI_SUCCESS;
}

int PMPI_Is_thread_main(int* flag) {
  RankState& rs = rank_state("MPI_Is_thread_main");
  if (!flag) return report(rs, nullptr, MPI_ERR_ARG, "MPI_Is_thread_main", "null pointer");
  *flag = 1;  // only a rank's own SystemC thread reaches the library as that rank
  return MPI_SUCCESS;
}

int PMPI_Get_processor_name(char* name, int* resultlen) {
  RankState& rs = rank_state("MPI_Get_processor_name", false);
  if (!name || !resultlen)
    return report(rs, nullptr, MPI_ERR_ARG, "MPI_Get_processor_name", "null argument");
  std::string s = World::current()->options().processor_name_prefix + std::to_string(rs.rank);
  s.resize(std::min<std::size_t>(s.size(), MPI_MAX_PROCESSOR_NAME - 1));
  std::memcpy(name, s.c_str(), s.size() + 1);
  *resultlen = static_cast<int>(s.size());
  return MPI_SUCCESS;
}

int PMPI_Get_version(int* version, int* subversion) {
  if (version) *version = MPI_VERSION;
  if (subversion) *subversion = MPI_SUBVERSION;
  return MPI_SUCCESS;
}

int PMPI_Get_library_version(char* version, int* resultlen) {
  static const char text[] = "smvn-sim MPI library (MPI 3.1 subset over simulated sockets)";
  if (version) std::memcpy(version, text, sizeof text);
  if (resultlen) *resultlen = static_cast<int>(sizeof text - 1);
  return MPI_SUCCESS;
}

double PMPI_Wtime(void) {
  RankState& rs = rank_state("MPI_Wtime", false);
  charge(rs, costs().wtime);
  return rs.transport->now();
}

// Simulated time is counted in picoseconds; the clock reads nanoseconds honestly.
double PMPI_Wtick(void) { return 1e-9; }

// Profiling control has no effect without a profiling layer; doing nothing is its
// defined behaviour.
int PMPI_Pcontrol(const int level, ...) {
  (void)level;
  return MPI_SUCCESS;
}

int PMPI_Alloc_mem(MPI_Aint size, MPI_Info info, void* baseptr) {
  RankState& rs = rank_state("MPI_Alloc_mem");
  (void)info;
  if (size < 0 || !baseptr)
    return report(rs, nullptr, MPI_ERR_ARG, "MPI_Alloc_mem", "negative size or null pointer");
  void* p = std::malloc(size > 0 ? static_cast<std::size_t>(size) : 1);
  if (!p) return report(rs, nullptr, MPI_ERR_OTHER, "MPI_Alloc_mem", "out of memory");
  *static_cast<void**>(baseptr) = p;
  return MPI_SUCCESS;
}

int PMPI_Free_mem(void* base) {
  std::free(base);
  return MPI_SUCCESS;
}

// ---- errors ------------------------------------------------------------------------------

int PMPI_Comm_set_errhandler(MPI_Comm comm, MPI_Errhandler errhandler) {
  const char* fn = "MPI_Comm_set_errhandler";
  RankState& rs = rank_state(fn);
  Comm* c = comm_of(rs, comm);
  if (!c) return bad_comm(rs, fn);
  if (errhandler != MPI_ERRORS_ARE_FATAL && errhandler != MPI_ERRORS_RETURN)
    return report(rs, c, MPI_ERR_ARG, fn,
                  "only MPI_ERRORS_ARE_FATAL and MPI_ERRORS_RETURN exist (no user handlers)");
  c->errhandler = errhandler;
  return MPI_SUCCESS;
}

int PMPI_Comm_get_errhandler(MPI_Comm comm, MPI_Errhandler* errhandler) {
  const char* fn = "MPI_Comm_get_errhandler";
  RankState& rs = rank_state(fn);
  Comm* c = comm_of(rs, comm);
  if (!c) return bad_comm(rs, fn);
  if (!errhandler) return report(rs, c, MPI_ERR_ARG, fn, "null pointer");
  *errhandler = c->errhandler;
  return MPI_SUCCESS;
}

int PMPI_Errhandler_free(MPI_Errhandler* errhandler) {
  RankState& rs = rank_state("MPI_Errhandler_free");
  if (!errhandler || (*errhandler != MPI_ERRORS_ARE_FATAL && *errhandler != MPI_ERRORS_RETURN))
    return report(rs, nullptr, MPI_ERR_ARG, "MPI_Errhandler_free", "invalid error handler");
  *errhandler = MPI_ERRHANDLER_NULL;
  return MPI_SUCCESS;
}

int PMPI_Error_class(int errorcode, int* errorclass) {
  World::Impl& w = world("MPI_Error_class");
  if (errorclass && errorcode >= MPI_SUCCESS && errorcode <= MPI_ERR_DIMS) {
    *errorclass = errorcode;
    return MPI_SUCCESS;
  }
  const int i = errorcode - kErrorCodeBase;
  if (errorclass && i >= 0 && i < static_cast<int>(w.error_classes.size())) {
    *errorclass = w.error_classes[static_cast<std::size_t>(i)];
    return MPI_SUCCESS;
  }
  RankState& rs = rank_state("MPI_Error_class", false);
  return report(rs, nullptr, MPI_ERR_ARG, "MPI_Error_class",
                "unknown error code " + std::to_string(errorcode));
}

int PMPI_Error_string(int errorcode, char* string, int* resultlen) {
  World::Impl& w = world("MPI_Error_string");
  std::string text;
  const int i = errorcode - kErrorCodeBase;
  if (errorcode >= MPI_SUCCESS && errorcode <= MPI_ERR_DIMS)
    text = class_text(errorcode);
  else if (i >= 0 && i < static_cast<int>(w.error_texts.size()))
    text = w.error_texts[static_cast<std::size_t>(i)] + " (" +
           class_text(w.error_classes[static_cast<std::size_t>(i)]) + ")";
  else {
    RankState& rs = rank_state("MPI_Error_string", false);
    return report(rs, nullptr, MPI_ERR_ARG, "MPI_Error_string",
                  "unknown error code " + std::to_string(errorcode));
  }
  if (!string || !resultlen) return MPI_ERR_ARG;
  text.resize(std::min<std::size_t>(text.size(), MPI_MAX_ERROR_STRING - 1));
  std::memcpy(string, text.c_str(), text.size() + 1);
  *resultlen = static_cast<int>(text.size());
  return MPI_SUCCESS;
}

// ---- communicators -----------------------------------------------------------------------

int PMPI_Comm_rank(MPI_Comm comm, int* rank) {
  const char* fn = "MPI_Comm_rank";
  RankState& rs = rank_state(fn);
  Comm* c = comm_of(rs, comm);
  if (!c) return bad_comm(rs, fn);
  if (!rank) return report(rs, c, MPI_ERR_ARG, fn, "null rank pointer");
  *rank = c->rank;
  return MPI_SUCCESS;
}

int PMPI_Comm_size(MPI_Comm comm, int* size) {
  const char* fn = "MPI_Comm_size";
  RankState& rs = rank_state(fn);
  Comm* c = comm_of(rs, comm);
  if (!c) return bad_comm(rs, fn);
  if (!size) return report(rs, c, MPI_ERR_ARG, fn, "null size pointer");
  *size = c->size();
  return MPI_SUCCESS;
}

int PMPI_Comm_dup(MPI_Comm comm, MPI_Comm* newcomm) {
  const char* fn = "MPI_Comm_dup";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  Comm* c = comm_of(rs, comm);
  if (!c) return bad_comm(rs, fn);
  if (!newcomm) return report(rs, c, MPI_ERR_ARG, fn, "null newcomm pointer");
  const int seq = ++c->created_children;
  auto shared = agree(*c, seq, 0, c->shared->world_of);
  // Context-id agreement in a real library is an allreduce over the parent.
  if (int e = barrier(rs, *c)) return e;
  auto d = std::make_unique<Comm>();
  d->shared = shared;
  d->rank = c->rank;
  d->errhandler = c->errhandler;
  *newcomm = add_comm(rs, std::move(d));
  return MPI_SUCCESS;
}

int PMPI_Comm_split(MPI_Comm comm, int color, int key, MPI_Comm* newcomm) {
  const char* fn = "MPI_Comm_split";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  Comm* c = comm_of(rs, comm);
  if (!c) return bad_comm(rs, fn);
  if (!newcomm) return report(rs, c, MPI_ERR_ARG, fn, "null newcomm pointer");
  if (color < 0 && color != MPI_UNDEFINED)
    return report(rs, c, MPI_ERR_ARG, fn, "invalid colour " + std::to_string(color));
  const int n = c->size();
  const int mine[2] = {color, key};
  std::vector<int> all(2 * static_cast<std::size_t>(n));
  if (int e = allgather_bytes(rs, *c, mine, sizeof mine, all.data())) return e;
  const int seq = ++c->created_children;
  if (color == MPI_UNDEFINED) {
    *newcomm = MPI_COMM_NULL;
    return MPI_SUCCESS;
  }
  std::vector<int> members;
  for (int i = 0; i < n; ++i)
    if (all[2 * static_cast<std::size_t>(i)] == color) members.push_back(i);
  std::stable_sort(members.begin(), members.end(), [&](int a, int b) {
    return all[2 * static_cast<std::size_t>(a) + 1] < all[2 * static_cast<std::size_t>(b) + 1];
  });
  std::vector<int> world_of;
  int my_rank = -1;
  for (std::size_t i = 0; i < members.size(); ++i) {
    world_of.push_back(c->shared->world_of[static_cast<std::size_t>(members[i])]);
    if (members[i] == c->rank) my_rank = static_cast<int>(i);
  }
  auto d = std::make_unique<Comm>();
  d->shared = agree(*c, seq, color, world_of);
  d->rank = my_rank;
  d->errhandler = c->errhandler;
  *newcomm = add_comm(rs, std::move(d));
  return MPI_SUCCESS;
}

int PMPI_Comm_free(MPI_Comm* comm) {
  const char* fn = "MPI_Comm_free";
  RankState& rs = rank_state(fn);
  if (!comm) return report(rs, nullptr, MPI_ERR_ARG, fn, "null pointer");
  Comm* c = comm_of(rs, *comm);
  if (!c) return bad_comm(rs, fn);
  if (*comm == MPI_COMM_WORLD || *comm == MPI_COMM_SELF)
    return report(rs, c, MPI_ERR_COMM, fn, "predefined communicators cannot be freed");
  const auto index = reinterpret_cast<uintptr_t>(*comm) - kDynamicBase;
  rs.comms[index].reset();
  *comm = MPI_COMM_NULL;
  return MPI_SUCCESS;
}

int PMPI_Comm_compare(MPI_Comm comm1, MPI_Comm comm2, int* result) {
  const char* fn = "MPI_Comm_compare";
  RankState& rs = rank_state(fn);
  Comm* a = comm_of(rs, comm1);
  Comm* b = comm_of(rs, comm2);
  if (!a || !b) return bad_comm(rs, fn);
  if (!result) return report(rs, a, MPI_ERR_ARG, fn, "null result pointer");
  if (a == b) *result = MPI_IDENT;
  else if (a->shared->world_of == b->shared->world_of) *result = MPI_CONGRUENT;
  else {
    auto x = a->shared->world_of, y = b->shared->world_of;
    std::sort(x.begin(), x.end());
    std::sort(y.begin(), y.end());
    *result = x == y ? MPI_SIMILAR : MPI_UNEQUAL;
  }
  return MPI_SUCCESS;
}

int PMPI_Comm_get_attr(MPI_Comm comm, int comm_keyval, void* attribute_val, int* flag) {
  const char* fn = "MPI_Comm_get_attr";
  static int tag_ub = INT_MAX, host = MPI_PROC_NULL, io = MPI_ANY_SOURCE, wtime_global = 0;
  RankState& rs = rank_state(fn);
  Comm* c = comm_of(rs, comm);
  if (!c) return bad_comm(rs, fn);
  if (!attribute_val || !flag) return report(rs, c, MPI_ERR_ARG, fn, "null argument");
  int* value = nullptr;
  switch (comm_keyval) {
    case MPI_TAG_UB: value = &tag_ub; break;
    case MPI_HOST: value = &host; break;
    case MPI_IO: value = &io; break;  // every rank can do I/O
    case MPI_WTIME_IS_GLOBAL: value = &wtime_global; break;  // each core keeps its own time
    default:
      return report(rs, c, MPI_ERR_ARG, fn,
                    "keyval " + std::to_string(comm_keyval) +
                        " is not a predefined attribute (user attributes are not implemented)");
  }
  *static_cast<int**>(attribute_val) = value;
  *flag = 1;
  return MPI_SUCCESS;
}

// ---- datatypes --------------------------------------------------------------------------

int PMPI_Type_size(MPI_Datatype datatype, int* size) {
  RankState& rs = rank_state("MPI_Type_size", false);
  const TypeInfo* t = type_of(rs, datatype);
  if (!t) return report(rs, nullptr, MPI_ERR_TYPE, "MPI_Type_size", "invalid datatype handle");
  if (!size) return report(rs, nullptr, MPI_ERR_ARG, "MPI_Type_size", "null size pointer");
  *size = t->size > static_cast<std::size_t>(INT_MAX) ? MPI_UNDEFINED : static_cast<int>(t->size);
  return MPI_SUCCESS;
}

int PMPI_Type_get_extent(MPI_Datatype datatype, MPI_Aint* lb, MPI_Aint* extent) {
  RankState& rs = rank_state("MPI_Type_get_extent", false);
  const TypeInfo* t = type_of(rs, datatype);
  if (!t) return report(rs, nullptr, MPI_ERR_TYPE, "MPI_Type_get_extent", "invalid datatype handle");
  if (lb) *lb = 0;
  if (extent) *extent = static_cast<MPI_Aint>(t->extent);
  return MPI_SUCCESS;
}

int PMPI_Type_contiguous(int count, MPI_Datatype oldtype, MPI_Datatype* newtype) {
  const char* fn = "MPI_Type_contiguous";
  RankState& rs = rank_state(fn);
  const TypeInfo* t = type_of(rs, oldtype);
  if (!t) return report(rs, nullptr, MPI_ERR_TYPE, fn, "invalid datatype handle");
  if (count < 0) return report(rs, nullptr, MPI_ERR_COUNT, fn, "negative count");
  if (!newtype) return report(rs, nullptr, MPI_ERR_ARG, fn, "null newtype pointer");
  TypeInfo d = *t;
  d.name = "contiguous(" + std::to_string(count) + " x " + t->name + ")";
  d.size = t->size * static_cast<std::size_t>(count);
  d.extent = t->extent * static_cast<std::size_t>(count);
  d.basic_count = t->basic_count * static_cast<std::size_t>(count);
  *newtype = add_type(rs, std::move(d));
  return MPI_SUCCESS;
}

int PMPI_Type_vector(int count, int blocklength, int stride, MPI_Datatype oldtype,
                     MPI_Datatype* newtype) {
  const char* fn = "MPI_Type_vector";
  // A vector without gaps is a contiguous type; the library carries contiguous data only.
  if (count <= 1 || blocklength == stride) {
    if (count < 0 || blocklength < 0) {
      RankState& rs = rank_state(fn);
      return report(rs, nullptr, MPI_ERR_COUNT, fn, "negative count or block length");
    }
    return PMPI_Type_contiguous(count * blocklength, oldtype, newtype);
  }
  return not_implemented(fn, "a vector type with gaps (stride != blocklength)");
}

int PMPI_Type_commit(MPI_Datatype* datatype) {
  RankState& rs = rank_state("MPI_Type_commit");
  if (!datatype || !type_of(rs, *datatype))
    return report(rs, nullptr, MPI_ERR_TYPE, "MPI_Type_commit", "invalid datatype handle");
  return MPI_SUCCESS;
}

int PMPI_Type_free(MPI_Datatype* datatype) {
  const char* fn = "MPI_Type_free";
  RankState& rs = rank_state(fn);
  if (!datatype || !type_of(rs, *datatype))
    return report(rs, nullptr, MPI_ERR_TYPE, fn, "invalid datatype handle");
  const auto v = reinterpret_cast<uintptr_t>(*datatype);
  if (v < kDynamicBase)
    return report(rs, nullptr, MPI_ERR_TYPE, fn, "predefined datatypes cannot be freed");
  rs.types[v - kDynamicBase].valid = false;
  *datatype = MPI_DATATYPE_NULL;
  return MPI_SUCCESS;
}

int PMPI_Get_address(const void* location, MPI_Aint* address) {
  if (address) *address = reinterpret_cast<MPI_Aint>(location);
  return MPI_SUCCESS;
}

// ---- operations ---------------------------------------------------------------------------

int PMPI_Op_create(MPI_User_function* user_fn, int commute, MPI_Op* op) {
  const char* fn = "MPI_Op_create";
  RankState& rs = rank_state(fn);
  if (!user_fn || !op) return report(rs, nullptr, MPI_ERR_ARG, fn, "null argument");
  OpInfo o;
  o.valid = true;
  o.name = "user operation " + std::to_string(rs.ops.size());
  o.fn = user_fn;
  o.commutative = commute != 0;
  rs.ops.push_back(o);
  *op = reinterpret_cast<MPI_Op>(kDynamicBase + rs.ops.size() - 1);
  return MPI_SUCCESS;
}

int PMPI_Op_free(MPI_Op* op) {
  const char* fn = "MPI_Op_free";
  RankState& rs = rank_state(fn);
  if (!op || !op_of(rs, *op)) return report(rs, nullptr, MPI_ERR_OP, fn, "invalid operation handle");
  const auto v = reinterpret_cast<uintptr_t>(*op);
  if (v < kDynamicBase)
    return report(rs, nullptr, MPI_ERR_OP, fn, "predefined operations cannot be freed");
  rs.ops[v - kDynamicBase].valid = false;
  *op = MPI_OP_NULL;
  return MPI_SUCCESS;
}

// ---- one-sided windows: outside the implemented set ------------------------------------

int PMPI_Win_create(void*, MPI_Aint, int, MPI_Info, MPI_Comm, MPI_Win*) {
  return not_implemented("MPI_Win_create", "one-sided communication");
}
int PMPI_Win_allocate(MPI_Aint, int, MPI_Info, MPI_Comm, void*, MPI_Win*) {
  return not_implemented("MPI_Win_allocate", "one-sided communication");
}
int PMPI_Win_create_dynamic(MPI_Info, MPI_Comm, MPI_Win*) {
  return not_implemented("MPI_Win_create_dynamic", "one-sided communication");
}
int PMPI_Win_attach(MPI_Win, void*, MPI_Aint) {
  return not_implemented("MPI_Win_attach", "one-sided communication");
}
int PMPI_Win_free(MPI_Win*) { return not_implemented("MPI_Win_free", "one-sided communication"); }

// ---- info objects ------------------------------------------------------------------------

int PMPI_Info_create(MPI_Info* info) {
  RankState& rs = rank_state("MPI_Info_create");
  if (!info) return report(rs, nullptr, MPI_ERR_ARG, "MPI_Info_create", "null pointer");
  rs.infos.push_back(std::make_unique<std::map<std::string, std::string>>());
  *info = reinterpret_cast<MPI_Info>(kDynamicBase + rs.infos.size() - 1);
  return MPI_SUCCESS;
}

static std::map<std::string, std::string>* info_of(RankState& rs, MPI_Info h) {
  const auto v = reinterpret_cast<uintptr_t>(h);
  if (v < kDynamicBase || v - kDynamicBase >= rs.infos.size()) return nullptr;
  return rs.infos[v - kDynamicBase].get();
}

int PMPI_Info_set(MPI_Info info, const char* key, const char* value) {
  const char* fn = "MPI_Info_set";
  RankState& rs = rank_state(fn);
  auto* m = info_of(rs, info);
  if (!m) return report(rs, nullptr, MPI_ERR_ARG, fn, "invalid info handle");
  if (!key || !value || std::strlen(key) > MPI_MAX_INFO_KEY || std::strlen(value) > MPI_MAX_INFO_VAL)
    return report(rs, nullptr, MPI_ERR_ARG, fn, "missing or too long key or value");
  (*m)[key] = value;
  return MPI_SUCCESS;
}

int PMPI_Info_free(MPI_Info* info) {
  const char* fn = "MPI_Info_free";
  RankState& rs = rank_state(fn);
  if (!info || !info_of(rs, *info)) return report(rs, nullptr, MPI_ERR_ARG, fn, "invalid info handle");
  rs.infos[reinterpret_cast<uintptr_t>(*info) - kDynamicBase].reset();
  *info = MPI_INFO_NULL;
  return MPI_SUCCESS;
}

}  // extern "C"

SMVN_WEAK_ALIAS(Init)
SMVN_WEAK_ALIAS(Init_thread)
SMVN_WEAK_ALIAS(Initialized)
SMVN_WEAK_ALIAS(Finalize)
SMVN_WEAK_ALIAS(Finalized)
SMVN_WEAK_ALIAS(Abort)
SMVN_WEAK_ALIAS(Query_thread)
SMVN_WEAK_ALIAS(Is_thread_main)
SMVN_WEAK_ALIAS(Get_processor_name)
SMVN_WEAK_ALIAS(Get_version)
SMVN_WEAK_ALIAS(Get_library_version)
SMVN_WEAK_ALIAS(Wtime)
SMVN_WEAK_ALIAS(Wtick)
SMVN_WEAK_ALIAS(Pcontrol)
SMVN_WEAK_ALIAS(Alloc_mem)
SMVN_WEAK_ALIAS(Free_mem)
SMVN_WEAK_ALIAS(Comm_set_errhandler)
SMVN_WEAK_ALIAS(Comm_get_errhandler)
SMVN_WEAK_ALIAS(Errhandler_free)
SMVN_WEAK_ALIAS(Error_class)
SMVN_WEAK_ALIAS(Error_string)
SMVN_WEAK_ALIAS(Comm_rank)
SMVN_WEAK_ALIAS(Comm_size)
SMVN_WEAK_ALIAS(Comm_dup)
SMVN_WEAK_ALIAS(Comm_split)
SMVN_WEAK_ALIAS(Comm_free)
SMVN_WEAK_ALIAS(Comm_compare)
SMVN_WEAK_ALIAS(Comm_get_attr)
SMVN_WEAK_ALIAS(Type_size)
SMVN_WEAK_ALIAS(Type_get_extent)
SMVN_WEAK_ALIAS(Type_contiguous)
SMVN_WEAK_ALIAS(Type_vector)
SMVN_WEAK_ALIAS(Type_commit)
SMVN_WEAK_ALIAS(Type_free)
SMVN_WEAK_ALIAS(Get_address)
SMVN_WEAK_ALIAS(Op_create)
SMVN_WEAK_ALIAS(Op_free)
SMVN_WEAK_ALIAS(Win_create)
SMVN_WEAK_ALIAS(Win_allocate)
SMVN_WEAK_ALIAS(Win_create_dynamic)
SMVN_WEAK_ALIAS(Win_attach)
SMVN_WEAK_ALIAS(Win_free)
SMVN_WEAK_ALIAS(Info_create)
SMVN_WEAK_ALIAS(Info_set)
SMVN_WEAK_ALIAS(Info_free)
