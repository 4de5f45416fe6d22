// Point-to-point C entry points: sends, receives, completion (Wait/Test families), probes
// and counts. Each PMPI_X is the implementation and MPI_X its weak alias.
#include <climits>
#include <cstdio>
#include <cstring>

#include "mpi_shim/mpi_internal.h"

using namespace smvn::mpi::detail;

namespace {

constexpr int kTagUb = INT_MAX;

const smvn::mpi::CallCosts& costs() { return smvn::mpi::World::current()->options().costs; }

std::string hex(const void* p) {
  char b[32];
  std::snprintf(b, sizeof b, "%#lx", static_cast<unsigned long>(reinterpret_cast<uintptr_t>(p)));
  return b;
}

// Shared argument checks. Each returns MPI_SUCCESS or what report() gives.
int check_comm(RankState& rs, MPI_Comm h, const char* fn, Comm*& c) {
  c = comm_of(rs, h);
  if (!c) return report(rs, nullptr, MPI_ERR_COMM, fn, "invalid communicator handle " + hex(h));
  return MPI_SUCCESS;
}

int check_buffer(RankState& rs, Comm* c, const char* fn, const void* buf, int count,
                 MPI_Datatype dt, std::size_t& bytes) {
  if (count < 0) return report(rs, c, MPI_ERR_COUNT, fn, "negative count " + std::to_string(count));
  const TypeInfo* t = type_of(rs, dt);
  if (!t) return report(rs, c, MPI_ERR_TYPE, fn, "invalid datatype handle " + hex(dt));
  bytes = static_cast<std::size_t>(count) * t->extent;
  if (bytes > 0 && buf == nullptr)
    return report(rs, c, MPI_ERR_BUFFER, fn,
                  "null buffer for " + std::to_string(count) + " elements of " + t->name);
  return MPI_SUCCESS;
}

int check_dest(RankState& rs, Comm* c, const char* fn, int dest, int tag) {
  if (dest != MPI_PROC_NULL && (dest < 0 || dest >= c->size()))
    return report(rs, c, MPI_ERR_RANK, fn,
                  "invalid destination rank " + std::to_string(dest) + " (" + c->shared->name +
                      " has " + std::to_string(c->size()) + " ranks)");
  if (tag < 0 || tag > kTagUb)
    return report(rs, c, MPI_ERR_TAG, fn, "invalid tag " + std::to_string(tag));
  return MPI_SUCCESS;
}

int check_source(RankState& rs, Comm* c, const char* fn, int source, int tag) {
  if (source != MPI_PROC_NULL && source != MPI_ANY_SOURCE && (source < 0 || source >= c->size()))
    return report(rs, c, MPI_ERR_RANK, fn,
                  "invalid source rank " + std::to_string(source) + " (" + c->shared->name +
                      " has " + std::to_string(c->size()) + " ranks)");
  if (tag != MPI_ANY_TAG && (tag < 0 || tag > kTagUb))
    return report(rs, c, MPI_ERR_TAG, fn, "invalid tag " + std::to_string(tag));
  return MPI_SUCCESS;
}

// A request that is complete from the start (MPI_PROC_NULL as peer).
Req* completed_null_peer(RankState& rs, Req::Type type, MPI_Comm comm) {
  Req* r = new_req(rs, type);
  r->comm_handle = comm;
  r->complete = true;
  r->status.MPI_SOURCE = MPI_PROC_NULL;
  r->status.MPI_TAG = MPI_ANY_TAG;
  r->status.smvn_count_bytes = 0;
  return r;
}

enum class Mode { Standard, Sync, Buffered, Ready };

int send_common(const char* fn, const void* buf, int count, MPI_Datatype dt, int dest, int tag,
                MPI_Comm comm, Mode mode, MPI_Request* request) {
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  Comm* c = nullptr;
  std::size_t bytes = 0;
  if (int e = check_comm(rs, comm, fn, c)) return e;
  if (int e = check_buffer(rs, c, fn, buf, count, dt, bytes)) return e;
  if (int e = check_dest(rs, c, fn, dest, tag)) return e;
  if (request == nullptr && mode != Mode::Buffered && fn[4] == 'I')
    return report(rs, c, MPI_ERR_ARG, fn, "null request pointer");
  if (dest == MPI_PROC_NULL) {
    if (request) *request = req_handle(completed_null_peer(rs, Req::Type::Send, comm));
    return MPI_SUCCESS;
  }
  Req* r = mode == Mode::Buffered
               ? start_bsend(rs, *c, buf, bytes, dest, tag)
               : start_send(rs, *c, c->shared->context, buf, bytes, dest, tag, mode == Mode::Sync);
  r->comm_handle = comm;
  if (mode == Mode::Buffered) {
    // Nobody waits for a buffered send: it frees itself when done.
    if (r->complete) release_req(rs, r);
    else r->user_freed = true;
    return MPI_SUCCESS;
  }
  if (request) {
    *request = req_handle(r);
    return MPI_SUCCESS;
  }
  wait_for(rs, r);
  release_req(rs, r);
  return MPI_SUCCESS;
}

// Completes a finished request for the user: status, release, error through the handler.
int finish_user(RankState& rs, Req* r, MPI_Status* st, const char* fn, bool set_error_field) {
  if (status_wanted(st)) {
    const int keep = st->MPI_ERROR;
    *st = r->status;
    st->MPI_ERROR = set_error_field ? r->error : keep;
  }
  const int err = r->error;
  const std::string text = r->error_text;
  const MPI_Comm ch = r->comm_handle;
  release_req(rs, r);
  if (err) return report(rs, comm_of(rs, ch), err, fn, text);
  return MPI_SUCCESS;
}

int recv_common(const char* fn, void* buf, int count, MPI_Datatype dt, int source, int tag,
                MPI_Comm comm, MPI_Status* st, MPI_Request* request) {
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  Comm* c = nullptr;
  std::size_t bytes = 0;
  if (int e = check_comm(rs, comm, fn, c)) return e;
  if (int e = check_buffer(rs, c, fn, buf, count, dt, bytes)) return e;
  if (int e = check_source(rs, c, fn, source, tag)) return e;
  if (source == MPI_PROC_NULL) {
    Req* r = completed_null_peer(rs, Req::Type::Recv, comm);
    if (request) {
      *request = req_handle(r);
      return MPI_SUCCESS;
    }
    return finish_user(rs, r, st, fn, false);
  }
  Req* r = start_recv(rs, *c, c->shared->context, buf, bytes, source, tag);
  r->comm_handle = comm;
  if (request) {
    *request = req_handle(r);
    return MPI_SUCCESS;
  }
  wait_for(rs, r);
  return finish_user(rs, r, st, fn, false);
}

// The request behind a user handle, or an error for an invalid one.
int lookup(RankState& rs, MPI_Request h, const char* fn, Req*& r) {
  r = req_of(rs, h);
  if (!r) return report(rs, nullptr, MPI_ERR_REQUEST, fn, "invalid request handle " + hex(h));
  return MPI_SUCCESS;
}

// Waits until some request of the array is complete; returns false if all are null.
bool any_complete(RankState& rs, int count, MPI_Request reqs[], int& index) {
  for (;;) {
    bool active = false;
    for (int i = 0; i < count; ++i) {
      if (reqs[i] == MPI_REQUEST_NULL) continue;
      Req* r = req_of(rs, reqs[i]);
      if (!r) continue;
      active = true;
      if (r->complete) {
        index = i;
        return true;
      }
    }
    if (!active) return false;
    if (!progress(rs)) rs.transport->wait();
  }
}

int check_request_array(RankState& rs, int count, MPI_Request reqs[], const char* fn) {
  if (count < 0) return report(rs, nullptr, MPI_ERR_COUNT, fn, "negative count " + std::to_string(count));
  if (count > 0 && !reqs) return report(rs, nullptr, MPI_ERR_ARG, fn, "null request array");
  for (int i = 0; i < count; ++i) {
    if (reqs[i] != MPI_REQUEST_NULL && !req_of(rs, reqs[i]))
      return report(rs, nullptr, MPI_ERR_REQUEST, fn,
                    "invalid request handle " + hex(reqs[i]) + " at index " + std::to_string(i));
  }
  return MPI_SUCCESS;
}

// Completes every non-null request of the array (all must be complete).
int finish_all(RankState& rs, int count, MPI_Request reqs[], MPI_Status sts[], const char* fn) {
  const bool want = sts != MPI_STATUSES_IGNORE && sts != nullptr;
  int first_error = MPI_SUCCESS;
  std::string first_text;
  MPI_Comm first_comm = MPI_COMM_NULL;
  for (int i = 0; i < count; ++i) {
    if (reqs[i] == MPI_REQUEST_NULL) {
      if (want) empty_status(&sts[i]);
      continue;
    }
    Req* r = req_of(rs, reqs[i]);
    if (want) {
      sts[i] = r->status;
      sts[i].MPI_ERROR = r->error;
    }
    if (r->error && first_error == MPI_SUCCESS) {
      first_error = r->error;
      first_text = r->error_text;
      first_comm = r->comm_handle;
    }
    release_req(rs, r);
    reqs[i] = MPI_REQUEST_NULL;
  }
  if (first_error)
    return report(rs, comm_of(rs, first_comm), MPI_ERR_IN_STATUS, fn,
                  "a request failed: " + first_text);
  return MPI_SUCCESS;
}

}  // namespace

extern "C" {

int PMPI_Send(const void* buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm) {
  return send_common("MPI_Send", buf, count, datatype, dest, tag, comm, Mode::Standard, nullptr);
}
int PMPI_Ssend(const void* buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm) {
  return send_common("MPI_Ssend", buf, count, datatype, dest, tag, comm, Mode::Sync, nullptr);
}
// Ready mode only promises that the receive is posted: a standard send is a valid way to
// carry it out.
int PMPI_Rsend(const void* buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm) {
  return send_common("MPI_Rsend", buf, count, datatype, dest, tag, comm, Mode::Ready, nullptr);
}
int PMPI_Bsend(const void* buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm) {
  return send_common("MPI_Bsend", buf, count, datatype, dest, tag, comm, Mode::Buffered, nullptr);
}
int PMPI_Isend(const void* buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm,
               MPI_Request* request) {
  return send_common("MPI_Isend", buf, count, datatype, dest, tag, comm, Mode::Standard, request);
}
int PMPI_Issend(const void* buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm,
                MPI_Request* request) {
  return send_common("MPI_Issend", buf, count, datatype, dest, tag, comm, Mode::Sync, request);
}
int PMPI_Recv(void* buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm,
              MPI_Status* status) {
  return recv_common("MPI_Recv", buf, count, datatype, source, tag, comm, status, nullptr);
}
int PMPI_Irecv(void* buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm,
               MPI_Request* request) {
  if (!request) {
    RankState& rs = rank_state("MPI_Irecv");
    return report(rs, comm_of(rs, comm), MPI_ERR_ARG, "MPI_Irecv", "null request pointer");
  }
  return recv_common("MPI_Irecv", buf, count, datatype, source, tag, comm, nullptr, request);
}

int PMPI_Sendrecv(const void* sendbuf, int sendcount, MPI_Datatype sendtype, int dest, int sendtag,
                  void* recvbuf, int recvcount, MPI_Datatype recvtype, int source, int recvtag,
                  MPI_Comm comm, MPI_Status* status) {
  const char* fn = "MPI_Sendrecv";
  MPI_Request rreq = MPI_REQUEST_NULL, sreq = MPI_REQUEST_NULL;
  if (int e = recv_common(fn, recvbuf, recvcount, recvtype, source, recvtag, comm, nullptr, &rreq))
    return e;
  if (int e = send_common(fn, sendbuf, sendcount, sendtype, dest, sendtag, comm, Mode::Standard,
                          &sreq))
    return e;
  RankState& rs = rank_state(fn);
  Req* s = req_of(rs, sreq);
  Req* r = req_of(rs, rreq);
  wait_for(rs, s);
  wait_for(rs, r);
  release_req(rs, s);
  return finish_user(rs, r, status, fn, false);
}

int PMPI_Sendrecv_replace(void* buf, int count, MPI_Datatype datatype, int dest, int sendtag,
                          int source, int recvtag, MPI_Comm comm, MPI_Status* status) {
  const char* fn = "MPI_Sendrecv_replace";
  RankState& rs = rank_state(fn);
  Comm* c = nullptr;
  std::size_t bytes = 0;
  if (int e = check_comm(rs, comm, fn, c)) return e;
  if (int e = check_buffer(rs, c, fn, buf, count, datatype, bytes)) return e;
  std::vector<char> copy(static_cast<char*>(buf), static_cast<char*>(buf) + bytes);
  charge_copy(rs, bytes);
  return PMPI_Sendrecv(copy.data(), count, datatype, dest, sendtag, buf, count, datatype, source,
                       recvtag, comm, status);
}

int PMPI_Wait(MPI_Request* request, MPI_Status* status) {
  const char* fn = "MPI_Wait";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  if (!request) return report(rs, nullptr, MPI_ERR_ARG, fn, "null request pointer");
  if (*request == MPI_REQUEST_NULL) {
    empty_status(status);
    return MPI_SUCCESS;
  }
  Req* r = nullptr;
  if (int e = lookup(rs, *request, fn, r)) return e;
  wait_for(rs, r);
  *request = MPI_REQUEST_NULL;
  return finish_user(rs, r, status, fn, false);
}

int PMPI_Waitall(int count, MPI_Request array_of_requests[], MPI_Status* array_of_statuses) {
  const char* fn = "MPI_Waitall";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  if (int e = check_request_array(rs, count, array_of_requests, fn)) return e;
  for (int i = 0; i < count; ++i) {
    if (array_of_requests[i] == MPI_REQUEST_NULL) continue;
    wait_for(rs, req_of(rs, array_of_requests[i]));
  }
  return finish_all(rs, count, array_of_requests, array_of_statuses, fn);
}

int PMPI_Waitany(int count, MPI_Request array_of_requests[], int* index, MPI_Status* status) {
  const char* fn = "MPI_Waitany";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  if (int e = check_request_array(rs, count, array_of_requests, fn)) return e;
  if (!index) return report(rs, nullptr, MPI_ERR_ARG, fn, "null index pointer");
  int i = -1;
  if (!any_complete(rs, count, array_of_requests, i)) {
    *index = MPI_UNDEFINED;
    empty_status(status);
    return MPI_SUCCESS;
  }
  *index = i;
  Req* r = req_of(rs, array_of_requests[i]);
  array_of_requests[i] = MPI_REQUEST_NULL;
  return finish_user(rs, r, status, fn, false);
}

int PMPI_Waitsome(int incount, MPI_Request array_of_requests[], int* outcount,
                  int array_of_indices[], MPI_Status* array_of_statuses) {
  const char* fn = "MPI_Waitsome";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  if (int e = check_request_array(rs, incount, array_of_requests, fn)) return e;
  if (!outcount) return report(rs, nullptr, MPI_ERR_ARG, fn, "null outcount pointer");
  int first = -1;
  if (!any_complete(rs, incount, array_of_requests, first)) {
    *outcount = MPI_UNDEFINED;
    return MPI_SUCCESS;
  }
  const bool want = array_of_statuses != MPI_STATUSES_IGNORE && array_of_statuses != nullptr;
  int n = 0, err = MPI_SUCCESS;
  for (int i = 0; i < incount; ++i) {
    if (array_of_requests[i] == MPI_REQUEST_NULL) continue;
    Req* r = req_of(rs, array_of_requests[i]);
    if (!r->complete) continue;
    array_of_indices[n] = i;
    MPI_Status* st = want ? &array_of_statuses[n] : nullptr;
    array_of_requests[i] = MPI_REQUEST_NULL;
    const int e = finish_user(rs, r, st, fn, true);
    if (e && !err) err = e;
    ++n;
  }
  *outcount = n;
  return err;
}

int PMPI_Test(MPI_Request* request, int* flag, MPI_Status* status) {
  const char* fn = "MPI_Test";
  RankState& rs = rank_state(fn);
  charge(rs, costs().test);
  if (!request || !flag) return report(rs, nullptr, MPI_ERR_ARG, fn, "null argument");
  if (*request == MPI_REQUEST_NULL) {
    *flag = 1;
    empty_status(status);
    return MPI_SUCCESS;
  }
  Req* r = nullptr;
  if (int e = lookup(rs, *request, fn, r)) return e;
  if (!r->complete) progress(rs);
  if (!r->complete) {
    *flag = 0;
    return MPI_SUCCESS;
  }
  *flag = 1;
  *request = MPI_REQUEST_NULL;
  return finish_user(rs, r, status, fn, false);
}

int PMPI_Testall(int count, MPI_Request array_of_requests[], int* flag,
                 MPI_Status* array_of_statuses) {
  const char* fn = "MPI_Testall";
  RankState& rs = rank_state(fn);
  charge(rs, costs().test);
  if (int e = check_request_array(rs, count, array_of_requests, fn)) return e;
  if (!flag) return report(rs, nullptr, MPI_ERR_ARG, fn, "null flag pointer");
  progress(rs);
  for (int i = 0; i < count; ++i) {
    if (array_of_requests[i] == MPI_REQUEST_NULL) continue;
    if (!req_of(rs, array_of_requests[i])->complete) {
      *flag = 0;
      return MPI_SUCCESS;
    }
  }
  *flag = 1;
  return finish_all(rs, count, array_of_requests, array_of_statuses, fn);
}

int PMPI_Testany(int count, MPI_Request array_of_requests[], int* index, int* flag,
                 MPI_Status* status) {
  const char* fn = "MPI_Testany";
  RankState& rs = rank_state(fn);
  charge(rs, costs().test);
  if (int e = check_request_array(rs, count, array_of_requests, fn)) return e;
  if (!flag || !index) return report(rs, nullptr, MPI_ERR_ARG, fn, "null argument");
  progress(rs);
  bool active = false;
  for (int i = 0; i < count; ++i) {
    if (array_of_requests[i] == MPI_REQUEST_NULL) continue;
    active = true;
    Req* r = req_of(rs, array_of_requests[i]);
    if (r->complete) {
      *flag = 1;
      *index = i;
      array_of_requests[i] = MPI_REQUEST_NULL;
      return finish_user(rs, r, status, fn, false);
    }
  }
  *index = MPI_UNDEFINED;
  *flag = active ? 0 : 1;
  if (!active) empty_status(status);
  return MPI_SUCCESS;
}

int PMPI_Test_cancelled(const MPI_Status* status, int* flag) {
  RankState& rs = rank_state("MPI_Test_cancelled", false);
  if (!status_wanted(status) || !flag)
    return report(rs, nullptr, MPI_ERR_ARG, "MPI_Test_cancelled", "null argument");
  *flag = status->smvn_cancelled != 0;
  return MPI_SUCCESS;
}

int PMPI_Cancel(MPI_Request* request) {
  const char* fn = "MPI_Cancel";
  RankState& rs = rank_state(fn);
  if (!request) return report(rs, nullptr, MPI_ERR_ARG, fn, "null request pointer");
  Req* r = nullptr;
  if (int e = lookup(rs, *request, fn, r)) return e;
  // A receive still waiting for a match is withdrawn. A send cannot be recalled once its
  // envelope is on the stream; the standard lets such a cancel fail: the send completes
  // normally and MPI_Test_cancelled reports false.
  if (r->type == Req::Type::Recv && !r->complete) cancel_recv(rs, r);
  return MPI_SUCCESS;
}

int PMPI_Request_free(MPI_Request* request) {
  const char* fn = "MPI_Request_free";
  RankState& rs = rank_state(fn);
  if (!request) return report(rs, nullptr, MPI_ERR_ARG, fn, "null request pointer");
  Req* r = nullptr;
  if (int e = lookup(rs, *request, fn, r)) return e;
  if (r->complete) release_req(rs, r);
  else r->user_freed = true;
  *request = MPI_REQUEST_NULL;
  return MPI_SUCCESS;
}

int PMPI_Iprobe(int source, int tag, MPI_Comm comm, int* flag, MPI_Status* status) {
  const char* fn = "MPI_Iprobe";
  RankState& rs = rank_state(fn);
  charge(rs, costs().test);
  Comm* c = nullptr;
  if (int e = check_comm(rs, comm, fn, c)) return e;
  if (int e = check_source(rs, c, fn, source, tag)) return e;
  if (!flag) return report(rs, c, MPI_ERR_ARG, fn, "null flag pointer");
  if (source == MPI_PROC_NULL) {
    *flag = 1;
    if (status_wanted(status)) {
      empty_status(status);
      status->MPI_SOURCE = MPI_PROC_NULL;
    }
    return MPI_SUCCESS;
  }
  progress(rs);
  const Unexpected* ux = find_unexpected(rs, c->shared->context, source, tag);
  *flag = ux != nullptr;
  if (ux && status_wanted(status)) {
    status->MPI_SOURCE = ux->source;
    status->MPI_TAG = ux->tag;
    status->smvn_cancelled = 0;
    status->smvn_count_bytes = static_cast<MPI_Count>(ux->length);
  }
  return MPI_SUCCESS;
}

int PMPI_Probe(int source, int tag, MPI_Comm comm, MPI_Status* status) {
  const char* fn = "MPI_Probe";
  RankState& rs = rank_state(fn);
  charge(rs, costs().call);
  Comm* c = nullptr;
  if (int e = check_comm(rs, comm, fn, c)) return e;
  if (int e = check_source(rs, c, fn, source, tag)) return e;
  if (source == MPI_PROC_NULL) {
    if (status_wanted(status)) {
      empty_status(status);
      status->MPI_SOURCE = MPI_PROC_NULL;
    }
    return MPI_SUCCESS;
  }
  for (;;) {
    const Unexpected* ux = find_unexpected(rs, c->shared->context, source, tag);
    if (ux) {
      if (status_wanted(status)) {
        status->MPI_SOURCE = ux->source;
        status->MPI_TAG = ux->tag;
        status->smvn_cancelled = 0;
        status->smvn_count_bytes = static_cast<MPI_Count>(ux->length);
      }
      return MPI_SUCCESS;
    }
    if (!progress(rs)) rs.transport->wait();
  }
}

int PMPI_Get_count(const MPI_Status* status, MPI_Datatype datatype, int* count) {
  const char* fn = "MPI_Get_count";
  RankState& rs = rank_state(fn, false);
  if (!status_wanted(status) || !count) return report(rs, nullptr, MPI_ERR_ARG, fn, "null argument");
  const TypeInfo* t = type_of(rs, datatype);
  if (!t) return report(rs, nullptr, MPI_ERR_TYPE, fn, "invalid datatype handle " + hex(datatype));
  const MPI_Count bytes = status->smvn_count_bytes;
  if (t->extent == 0) {
    *count = bytes == 0 ? 0 : MPI_UNDEFINED;
  } else if (bytes % static_cast<MPI_Count>(t->extent) != 0 ||
             bytes / static_cast<MPI_Count>(t->extent) > INT_MAX) {
    *count = MPI_UNDEFINED;
  } else {
    *count = static_cast<int>(bytes / static_cast<MPI_Count>(t->extent));
  }
  return MPI_SUCCESS;
}

int PMPI_Get_elements(const MPI_Status* status, MPI_Datatype datatype, int* count) {
  const char* fn = "MPI_Get_elements";
  RankState& rs = rank_state(fn, false);
  if (!status_wanted(status) || !count) return report(rs, nullptr, MPI_ERR_ARG, fn, "null argument");
  const TypeInfo* t = type_of(rs, datatype);
  if (!t) return report(rs, nullptr, MPI_ERR_TYPE, fn, "invalid datatype handle " + hex(datatype));
  const std::size_t basic_extent = basic_type(t->basic).extent;
  const MPI_Count bytes = status->smvn_count_bytes;
  if (bytes % static_cast<MPI_Count>(basic_extent) != 0) *count = MPI_UNDEFINED;
  else *count = static_cast<int>(bytes / static_cast<MPI_Count>(basic_extent));
  return MPI_SUCCESS;
}

}  // extern "C"

SMVN_WEAK_ALIAS(Send)
SMVN_WEAK_ALIAS(Ssend)
SMVN_WEAK_ALIAS(Rsend)
SMVN_WEAK_ALIAS(Bsend)
SMVN_WEAK_ALIAS(Isend)
SMVN_WEAK_ALIAS(Issend)
SMVN_WEAK_ALIAS(Recv)
SMVN_WEAK_ALIAS(Irecv)
SMVN_WEAK_ALIAS(Sendrecv)
SMVN_WEAK_ALIAS(Sendrecv_replace)
SMVN_WEAK_ALIAS(Wait)
SMVN_WEAK_ALIAS(Waitall)
SMVN_WEAK_ALIAS(Waitany)
SMVN_WEAK_ALIAS(Waitsome)
SMVN_WEAK_ALIAS(Test)
SMVN_WEAK_ALIAS(Testall)
SMVN_WEAK_ALIAS(Testany)
SMVN_WEAK_ALIAS(Test_cancelled)
SMVN_WEAK_ALIAS(Cancel)
SMVN_WEAK_ALIAS(Request_free)
SMVN_WEAK_ALIAS(Iprobe)
SMVN_WEAK_ALIAS(Probe)
SMVN_WEAK_ALIAS(Get_count)
SMVN_WEAK_ALIAS(Get_elements)
