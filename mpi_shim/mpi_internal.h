// The MPI library's internals: shared by mpi_world.cpp (state, ranks, errors),
// mpi_progress.cpp (wire protocol and progress engine), mpi_types.cpp (datatypes and
// reduction operations), mpi_p2p.cpp, mpi_coll.cpp and mpi_env.cpp (the C entry points).
//
// Design
// ------
// One World per job holds one RankState per rank. All ranks are SystemC threads of one OS
// thread, so the library needs no locks, and "the calling rank" is found from the current
// SystemC process (World::bind maps the process to its rank), not from thread_local data.
//
// Handles. Predefined handles are mpi.h's constants (< 4096). Dynamic handles are indices
// into the calling rank's own tables plus 4096 (kDynamicBase): requests, communicators,
// derived datatypes, user operations, info objects. Per-rank tables make handle values the
// same in every run and, for collectively created communicators, on every rank.
//
// Communicators. A CommShared (context id, world rank of each member) is shared by the
// members; each rank's Comm adds its own rank in it and its error handler. Context ids:
// MPI_COMM_WORLD 0, MPI_COMM_SELF 2, then 4, 6... never reused; point-to-point traffic uses
// the context id, collectives the id + 1, so the two never match each other. Members
// agree on a new communicator's context without messages (they share the World): the
// k-th communicator created from a parent (Comm_dup, Comm_split with a colour) is keyed by
// (parent context, k, colour). Comm_dup / Comm_split still synchronise over the parent as
// a real library's context-id agreement (an allreduce) would.
//
// Wire protocol. Over each ordered, reliable byte stream (RankTransport, one per peer; a
// rank's messages to itself go through an in-library byte queue instead) every message is
// a 40-byte WireHeader, then for EAGER and DATA its payload:
//   EAGER       envelope + payload (<= eager_limit bytes)
//   EAGER_SYNC  the same for MPI_Ssend / Issend: the receiver answers SYNC_ACK on matching
//   RTS         envelope of a larger message (ready to send); no payload
//   CTS         receiver to sender once the RTS matched a receive (clear to send)
//   DATA        the payload of a rendezvous message, addressed by the receiver's request id
//   SYNC_ACK    receiver to sender: the synchronous eager message has matched
// Non-overtaking order per (source, communicator) follows from one stream per peer parsed
// in order and from the unexpected queue kept in arrival order.
//
// Matching. Each rank has a posted-receive queue and an unexpected-message queue. An
// arriving envelope matches the first posted receive with its context, source (or
// MPI_ANY_SOURCE) and tag (or MPI_ANY_TAG); an eager payload then goes straight from the
// stream into the user's buffer. Otherwise it is queued as unexpected, its payload read
// into a host buffer (an RTS has none). A new receive searches the unexpected queue first.
// Bytes beyond a receive buffer are read and dropped; the receive reports MPI_ERR_TRUNCATE.
//
// Progress. Every call that can complete something runs the progress engine: read what is
// readable from every peer (parse headers, match, deliver payloads), then push every
// peer's send queue with write_some (a send's payload is read from the user's buffer, never
// copied, so a send completes when its last byte has been accepted by the transport).
// Blocking calls loop: progress, and when nothing moved, transport.wait(). Every call
// charges its cost (CallCosts) with transport.compute; MPI_Wtime, MPI_Test and MPI_Iprobe
// too, so polling loops advance simulated time.
//
// Errors. An error is reported through the error handler of the communicator concerned
// (of MPI_COMM_WORLD when there is none): under MPI_ERRORS_RETURN the call returns an
// error code whose MPI_Error_string names the function, the rank and the problem; under
// MPI_ERRORS_ARE_FATAL (the default) the World records the abort and RankAbort is thrown
// with that message, which ends the job. Functions outside the implemented set report
// MPI_ERR_OTHER ("not implemented") the same way: never a silent success.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "mpi.h"
#include "mpi_shim/mpi_world.h"
#include "mpi_shim/rank_exit.h"

namespace sc_core {
class sc_object;
}

namespace smvn::mpi::detail {

constexpr uintptr_t kDynamicBase = 4096;

// ---- wire format --------------------------------------------------------------------
enum class Kind : uint32_t { Eager = 1, EagerSync = 2, Rts = 3, Cts = 4, Data = 5, SyncAck = 6 };

struct WireHeader {
  uint32_t kind;
  int32_t context;
  int32_t source;  // sender's rank in the communicator
  int32_t tag;
  uint64_t length;        // payload bytes of the message (EAGER, RTS, DATA)
  uint64_t sender_req;    // sender's request id (EAGER_SYNC, RTS, CTS, SYNC_ACK)
  uint64_t receiver_req;  // receiver's request id (CTS, DATA)
};
static_assert(sizeof(WireHeader) == 40, "the header is 40 bytes on the wire");

// ---- datatypes and operations -------------------------------------------------------
struct TypeInfo {
  bool valid = false;
  std::string name;
  std::size_t size = 0;    // MPI_Type_size: bytes of data
  std::size_t extent = 0;  // bytes one element occupies in memory (what is transferred)
  int basic = 0;           // the predefined type it is made of (index 1..29)
  std::size_t basic_count = 1;  // how many basic elements one element holds
};

struct OpInfo {
  bool valid = false;
  std::string name;
  int predefined = 0;  // 1..14 (mpi.h order) or 0 for a user function
  MPI_User_function* fn = nullptr;
  bool commutative = true;
};

// ---- communicators ------------------------------------------------------------------
struct CommShared {
  int context = 0;             // point-to-point context; collectives use context + 1
  std::vector<int> world_of;   // world rank of each member
  std::string name;            // for messages: "MPI_COMM_WORLD", "communicator 4"...
};

struct Comm {
  std::shared_ptr<CommShared> shared;
  int rank = -1;  // this rank's rank in it
  MPI_Errhandler errhandler = MPI_ERRORS_ARE_FATAL;
  int created_children = 0;  // communicators made from this one so far (agreement key)
  // A Cartesian topology (MPI_Cart_create, MPI_Cart_sub): its dimensions and periodicity;
  // empty dims with cart false: none. Ranks are laid out row-major, as MPI specifies.
  bool cart = false;
  std::vector<int> dims, periods;
  int size() const { return static_cast<int>(shared->world_of.size()); }
};

// ---- requests -----------------------------------------------------------------------
struct Req {
  enum class Type { Send, Recv } type = Type::Send;
  uint64_t id = 0;
  int slot = -1;
  bool complete = false;
  bool user_freed = false;  // MPI_Request_free on an active request
  bool internal = false;    // made by a collective: no user handle
  int error = MPI_SUCCESS;
  std::string error_text;
  MPI_Status status{};
  MPI_Comm comm_handle = MPI_COMM_NULL;  // whose error handler reports its errors
  int context = 0;
  // receive
  char* buf = nullptr;
  std::size_t capacity = 0;
  int source = MPI_ANY_SOURCE;
  int tag = MPI_ANY_TAG;
  bool cancelled = false;
  // send
  const char* sbuf = nullptr;
  std::size_t length = 0;
  int dest_world = -1;
  bool need_ack = false;
  bool acked = false;
  bool written = false;
  std::vector<char> owned;  // MPI_Bsend's copy of the payload
};

struct Unexpected {
  Kind kind = Kind::Eager;
  int context = 0, source = 0, tag = 0;
  int peer = 0;  // world rank of the sender
  uint64_t length = 0;
  uint64_t sender_req = 0;
  std::vector<char> data;  // eager payload
  bool complete = false;   // all payload bytes have arrived
  Req* claimed = nullptr;  // a receive matched it before its payload was complete
};

struct OutChunk {
  WireHeader header{};
  std::size_t header_sent = 0;
  const char* payload = nullptr;
  std::size_t payload_len = 0;
  std::size_t payload_sent = 0;
  Req* done = nullptr;  // marked written when the last byte is accepted
  std::vector<char> coalesced;  // small messages: header and payload in one write
};

struct InStream {
  unsigned char header_bytes[sizeof(WireHeader)];
  std::size_t header_got = 0;
  bool in_payload = false;
  WireHeader header{};
  char* dst = nullptr;
  Memory dst_memory = Memory::Program;  // whose buffer DST is (the user's, or an unexpected message's)
  std::size_t room = 0;
  uint64_t got = 0;
  uint64_t remaining = 0;
  Req* req = nullptr;
  std::shared_ptr<Unexpected> ux;
};

struct RankState {
  int rank = -1;
  // Instructions charged at the next charge(): MPI_Init's cost is deferred so that Init,
  // Comm_rank and Comm_size never let another rank run (getopt's state is libc's, shared
  // by all ranks, and programs parse their options right after these calls).
  uint64_t deferred_charge = 0;
  // The program's own instruction counter (World::set_compute_counter) and how much of
  // it has been moved into deferred_charge (host instructions, before scaling).
  const volatile uint64_t* compute_counter = nullptr;
  uint64_t compute_seen = 0;
  uint64_t compute_charged = 0;  // simulated instructions charged for it so far
  RankTransport* transport = nullptr;
  sc_core::sc_object* process = nullptr;
  bool initialized = false;
  bool finalized = false;
  std::optional<int> exit_code;
  int thread_level = MPI_THREAD_SINGLE;
  const char* last_call = nullptr;  // the MPI function it entered last (a deadlock report names it)

  std::vector<std::unique_ptr<Comm>> comms;  // [0] WORLD, [1] SELF, then dynamic
  std::vector<std::unique_ptr<Req>> reqs;
  std::vector<int> free_req_slots;
  uint64_t next_req_id = 1;
  std::unordered_map<uint64_t, Req*> by_id;
  std::list<Req*> posted;
  std::list<std::shared_ptr<Unexpected>> unexpected;
  std::vector<InStream> in;
  std::vector<std::deque<OutChunk>> out;
  std::vector<char> self_bytes;  // this rank's stream to itself
  std::size_t self_read = 0;
  std::vector<TypeInfo> types;   // derived datatypes (handle - kDynamicBase)
  std::vector<OpInfo> ops;       // user operations
  std::vector<std::unique_ptr<std::map<std::string, std::string>>> infos;
  std::vector<char> scratch;     // where dropped (truncated) bytes are read
};

}  // namespace smvn::mpi::detail

namespace smvn::mpi {

struct World::Impl {
  int nranks = 0;
  WorldOptions options;
  std::vector<detail::RankState> ranks;
  std::map<sc_core::sc_object*, int> rank_of_process;
  sc_core::sc_object* last_process = nullptr;
  int last_rank = -1;
  int next_context = 4;
  // Communicators being created: (parent context, k-th creation, colour) -> the shared
  // part and how many members have taken it (the entry goes when all have).
  std::map<std::tuple<int, int, int>, std::pair<std::shared_ptr<detail::CommShared>, int>> derived;
  std::optional<AbortInfo> abort;
  std::vector<std::string> error_texts;  // dynamic error codes: kErrorCodeBase + index
  std::vector<int> error_classes;
  std::map<std::string, int> error_code_of;

  // The calling rank (throws RankAbort naming `func` if the caller is not a bound rank).
  detail::RankState& caller(const char* func);
};

}  // namespace smvn::mpi

namespace smvn::mpi::detail {

constexpr int kErrorCodeBase = 64;

World::Impl& world(const char* func);
// The calling rank; `need_init` makes calls before MPI_Init / after MPI_Finalize fatal.
RankState& rank_state(const char* func, bool need_init = true);

// Errors: reports `cls` with `text` through the error handler of `comm` (nullptr: that
// of MPI_COMM_WORLD). Returns the error code to return, or throws RankAbort.
int report(RankState& rs, const Comm* comm, int cls, const char* func, const std::string& text);
std::string class_text(int cls);

// Handles.
Comm* comm_of(RankState& rs, MPI_Comm h);
MPI_Comm comm_handle(int index);
const TypeInfo* type_of(RankState& rs, MPI_Datatype h);
const OpInfo* op_of(RankState& rs, MPI_Op h);
Req* req_of(RankState& rs, MPI_Request h);
MPI_Request req_handle(const Req* r);

// Requests and the progress engine (mpi_progress.cpp).
Req* new_req(RankState& rs, Req::Type type);
void release_req(RankState& rs, Req* r);
Req* start_send(RankState& rs, Comm& c, int context, const void* buf, std::size_t bytes,
                int dest, int tag, bool sync);
Req* start_bsend(RankState& rs, Comm& c, const void* buf, std::size_t bytes, int dest, int tag);
Req* start_recv(RankState& rs, Comm& c, int context, void* buf, std::size_t bytes, int source,
                int tag);
bool progress(RankState& rs);
void wait_for(RankState& rs, Req* r);
// The first unexpected message matching (context, source, tag), or nullptr.
const Unexpected* find_unexpected(RankState& rs, int context, int source, int tag);
bool cancel_recv(RankState& rs, Req* r);
// Everything queued for sending has been accepted by the transport.
bool sends_drained(const RankState& rs);
void charge(RankState& rs, uint64_t instructions);
// Moves the computation the program counted since the last call into deferred_charge
// (no simulated time passes here: MPI_Comm_rank and friends must not switch ranks).
void collect_compute(RankState& rs);
void charge_copy(RankState& rs, std::size_t bytes);

// Datatypes and operations (mpi_types.cpp).
const TypeInfo& basic_type(int index);
// Applies `op` elementwise: inout[i] = in[i] op inout[i]. Returns false (with `why`) when
// the operation is not defined on the type.
bool apply_op(RankState& rs, const OpInfo& op, MPI_Datatype type_handle, const TypeInfo& type,
              const void* in, void* inout, int count, std::string& why);

// Collectives (mpi_coll.cpp) used by communicator management.
int barrier(RankState& rs, Comm& c);
int allgather_bytes(RankState& rs, Comm& c, const void* mine, std::size_t bytes, void* all);

// Fills an empty status (MPI_Test on MPI_REQUEST_NULL and friends).
void empty_status(MPI_Status* st);
inline bool status_wanted(const MPI_Status* st) { return st != nullptr && st != MPI_STATUS_IGNORE; }

}  // namespace smvn::mpi::detail

// Defines PMPI_Name and MPI_Name as its weak alias (a profiling library may define MPI_Name).
#define SMVN_WEAK_ALIAS(Name) \
  extern "C" decltype(PMPI_##Name) MPI_##Name __attribute__((weak, alias("PMPI_" #Name)));
