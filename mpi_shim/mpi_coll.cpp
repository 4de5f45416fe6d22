// Collectives over point-to-point messages on the communicator's collective context
// (context + 1), so they never match a user's receive. Deterministic algorithms:
//   Barrier    dissemination (ceil(log2 n) rounds)
//   Bcast      binomial tree from the root
//   Reduce     binomial tree; rotated to the root for commutative operations, rooted at
//              rank 0 in rank order (then sent to the root) for the others
//   Allreduce  Reduce to rank 0 + Bcast
//   Gather(v), Scatter(v)   linear at the root
//   Allgather(v)            ring (n - 1 steps)
//   Alltoall(v)             pairwise exchange (n - 1 steps)
//   Scan       linear chain
#include <algorithm>
#include <cstring>

#include "mpi_shim/mpi_internal.h"

using namespace smvn::mpi::detail;

namespace {

enum Tag { kBarrier = 1, kBcast, kReduce, kGather, kScatter, kAllgather, kAlltoall, kScan };

const smvn::mpi::CallCosts& costs() { return smvn::mpi::World::current()->options().costs; }

// One collective call on one rank: its communicator and its first error.
struct Coll {
  RankState& rs;
  Comm& c;
  const char* fn;
  int error = MPI_SUCCESS;
  std::string text;

  int n() const { return c.size(); }
  int me() const { return c.rank; }
  Req* send(const void* buf, std::size_t bytes, int dest, int tag) {
    Req* r = start_send(rs, c, c.shared->context + 1, buf, bytes, dest, tag, false);
    r->internal = true;
    return r;
  }
  Req* recv(void* buf, std::size_t bytes, int source, int tag) {
    Req* r = start_recv(rs, c, c.shared->context + 1, buf, bytes, source, tag);
    r->internal = true;
    return r;
  }
  void wait(Req* r) {
    wait_for(rs, r);
    if (r->error && !error) {
      error = r->error;
      text = r->error_text + " (the ranks disagree on the message sizes)";
    }
    release_req(rs, r);
  }
  void sendrecv(const void* sbuf, std::size_t sbytes, int dest, void* rbuf, std::size_t rbytes,
                int source, int tag) {
    Req* r = recv(rbuf, rbytes, source, tag);
    Req* s = send(sbuf, sbytes, dest, tag);
    wait(s);
    wait(r);
  }
  void copy(void* dst, const void* src, std::size_t bytes) {
    if (bytes && dst != src) std::memcpy(dst, src, bytes);
    charge_copy(rs, bytes);
  }
  int finish() { return error ? report(rs, &c, error, fn, text) : MPI_SUCCESS; }
};

// Entry checks shared by all collectives; `c` is set on success.
int enter(RankState*& rsp, Comm*& c, const char* fn, MPI_Comm comm) {
  RankState& rs = rank_state(fn);
  rsp = &rs;
  charge(rs, costs().call);
  c = comm_of(rs, comm);
  if (!c) return report(rs, nullptr, MPI_ERR_COMM, fn, "invalid communicator handle");
  return MPI_SUCCESS;
}

int check_root(RankState& rs, Comm* c, const char* fn, int root) {
  if (root < 0 || root >= c->size())
    return report(rs, c, MPI_ERR_ROOT, fn,
                  "invalid root " + std::to_string(root) + " (" + c->shared->name + " has " +
                      std::to_string(c->size()) + " ranks)");
  return MPI_SUCCESS;
}

int check_type(RankState& rs, Comm* c, const char* fn, int count, MPI_Datatype dt,
               const TypeInfo*& t) {
  if (count < 0) return report(rs, c, MPI_ERR_COUNT, fn, "negative count " + std::to_string(count));
  t = type_of(rs, dt);
  if (!t) return report(rs, c, MPI_ERR_TYPE, fn, "invalid datatype handle");
  return MPI_SUCCESS;
}

void bcast_bytes(Coll& k, void* buf, std::size_t bytes, int root) {
  const int n = k.n();
  const int vr = (k.me() - root + n) % n;
  int mask = 1;
  while (mask < n) {
    if (vr & mask) {
      k.wait(k.recv(buf, bytes, (vr - mask + root) % n, kBcast));
      break;
    }
    mask <<= 1;
  }
  std::vector<Req*> sends;
  for (mask >>= 1; mask > 0; mask >>= 1) {
    if (vr + mask < n) sends.push_back(k.send(buf, bytes, (vr + mask + root) % n, kBcast));
  }
  for (Req* r : sends) k.wait(r);
}

// Reduces `input` (count elements) over the communicator into `recvbuf` at `root`.
void reduce_bytes(Coll& k, const void* input, void* recvbuf, int count, MPI_Datatype dt,
                  const TypeInfo& t, const OpInfo& op, int root) {
  const std::size_t bytes = static_cast<std::size_t>(count) * t.extent;
  const int n = k.n();
  std::vector<char> acc(bytes), tmp(bytes);
  k.copy(acc.data(), input, bytes);
  const int lroot = op.commutative ? root : 0;
  const int vr = (k.me() - lroot + n) % n;
  for (int mask = 1; mask < n; mask <<= 1) {
    if (vr & mask) {
      k.wait(k.send(acc.data(), bytes, (vr - mask + lroot) % n, kReduce));
      break;
    }
    if (vr + mask < n) {
      k.wait(k.recv(tmp.data(), bytes, (vr + mask + lroot) % n, kReduce));
      // acc holds lower ranks than tmp: tmp = acc op tmp keeps rank order.
      std::string why;
      apply_op(k.rs, op, dt, t, acc.data(), tmp.data(), count, why);
      acc.swap(tmp);
    }
  }
  if (vr == 0) {
    if (lroot == root) k.copy(recvbuf, acc.data(), bytes);
    else k.wait(k.send(acc.data(), bytes, root, kReduce));
  }
  if (k.me() == root && lroot != root) k.wait(k.recv(recvbuf, bytes, lroot, kReduce));
}

int reduce_entry(const char* fn, const void* sendbuf, void* recvbuf, int count, MPI_Datatype dt,
                 MPI_Op op, int root, MPI_Comm comm, bool all) {
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, fn, comm)) return e;
  const TypeInfo* t;
  if (int e = check_type(*rs, c, fn, count, dt, t)) return e;
  if (!all)
    if (int e = check_root(*rs, c, fn, root)) return e;
  const OpInfo* o = op_of(*rs, op);
  if (!o) return report(*rs, c, MPI_ERR_OP, fn, "invalid operation handle");
  std::string why;
  if (!apply_op(*rs, *o, dt, *t, nullptr, nullptr, 0, why))
    return report(*rs, c, MPI_ERR_OP, fn, why);
  const bool at_root = all || c->rank == root;
  if (sendbuf == MPI_IN_PLACE && !at_root)
    return report(*rs, c, MPI_ERR_BUFFER, fn, "MPI_IN_PLACE is only valid at the root");
  const void* input = sendbuf == MPI_IN_PLACE ? recvbuf : sendbuf;
  Coll k{*rs, *c, fn, MPI_SUCCESS, {}};
  reduce_bytes(k, input, recvbuf, count, dt, *t, *o, all ? 0 : root);
  if (all) bcast_bytes(k, recvbuf, static_cast<std::size_t>(count) * t->extent, 0);
  return k.finish();
}

}  // namespace

namespace smvn::mpi::detail {

int barrier(RankState& rs, Comm& c) {
  Coll k{rs, c, "MPI_Barrier", MPI_SUCCESS, {}};
  const int n = k.n();
  for (int dist = 1; dist < n; dist <<= 1)
    k.sendrecv(nullptr, 0, (k.me() + dist) % n, nullptr, 0, (k.me() - dist + n) % n, kBarrier);
  return k.finish();
}

int allgather_bytes(RankState& rs, Comm& c, const void* mine, std::size_t bytes, void* all) {
  Coll k{rs, c, "MPI_Allgather", MPI_SUCCESS, {}};
  const int n = k.n(), me = k.me();
  char* out = static_cast<char*>(all);
  k.copy(out + static_cast<std::size_t>(me) * bytes, mine, bytes);
  for (int s = 0; s < n - 1; ++s) {
    const int send_block = (me - s + n) % n, recv_block = (me - s - 1 + n) % n;
    k.sendrecv(out + static_cast<std::size_t>(send_block) * bytes, bytes, (me + 1) % n,
               out + static_cast<std::size_t>(recv_block) * bytes, bytes, (me - 1 + n) % n,
               kAllgather);
  }
  return k.finish();
}

}  // namespace smvn::mpi::detail

extern "C" {

int PMPI_Barrier(MPI_Comm comm) {
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, "MPI_Barrier", comm)) return e;
  return barrier(*rs, *c);
}

int PMPI_Bcast(void* buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm) {
  const char* fn = "MPI_Bcast";
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, fn, comm)) return e;
  const TypeInfo* t;
  if (int e = check_type(*rs, c, fn, count, datatype, t)) return e;
  if (int e = check_root(*rs, c, fn, root)) return e;
  Coll k{*rs, *c, fn, MPI_SUCCESS, {}};
  bcast_bytes(k, buffer, static_cast<std::size_t>(count) * t->extent, root);
  return k.finish();
}

int PMPI_Reduce(const void* sendbuf, void* recvbuf, int count, MPI_Datatype datatype, MPI_Op op,
                int root, MPI_Comm comm) {
  return reduce_entry("MPI_Reduce", sendbuf, recvbuf, count, datatype, op, root, comm, false);
}

int PMPI_Allreduce(const void* sendbuf, void* recvbuf, int count, MPI_Datatype datatype, MPI_Op op,
                   MPI_Comm comm) {
  return reduce_entry("MPI_Allreduce", sendbuf, recvbuf, count, datatype, op, 0, comm, true);
}

int PMPI_Scan(const void* sendbuf, void* recvbuf, int count, MPI_Datatype datatype, MPI_Op op,
              MPI_Comm comm) {
  const char* fn = "MPI_Scan";
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, fn, comm)) return e;
  const TypeInfo* t;
  if (int e = check_type(*rs, c, fn, count, datatype, t)) return e;
  const OpInfo* o = op_of(*rs, op);
  if (!o) return report(*rs, c, MPI_ERR_OP, fn, "invalid operation handle");
  std::string why;
  if (!apply_op(*rs, *o, datatype, *t, nullptr, nullptr, 0, why))
    return report(*rs, c, MPI_ERR_OP, fn, why);
  Coll k{*rs, *c, fn, MPI_SUCCESS, {}};
  const std::size_t bytes = static_cast<std::size_t>(count) * t->extent;
  std::vector<char> acc(bytes), prefix(bytes);
  k.copy(acc.data(), sendbuf == MPI_IN_PLACE ? recvbuf : sendbuf, bytes);
  if (k.me() > 0) {
    k.wait(k.recv(prefix.data(), bytes, k.me() - 1, kScan));
    apply_op(*rs, *o, datatype, *t, prefix.data(), acc.data(), count, why);  // prefix op mine
  }
  if (k.me() + 1 < k.n()) k.wait(k.send(acc.data(), bytes, k.me() + 1, kScan));
  k.copy(recvbuf, acc.data(), bytes);
  return k.finish();
}

static int gatherv(const char* fn, const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                 const int recvcounts[], const int displs[], MPI_Datatype recvtype, int root,
                 MPI_Comm comm) {
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, fn, comm)) return e;
  if (int e = check_root(*rs, c, fn, root)) return e;
  const TypeInfo *st = nullptr, *rt = nullptr;
  const bool in_place = sendbuf == MPI_IN_PLACE && c->rank == root;
  if (!in_place)
    if (int e = check_type(*rs, c, fn, sendcount, sendtype, st)) return e;
  Coll k{*rs, *c, fn, MPI_SUCCESS, {}};
  if (c->rank != root) {
    k.wait(k.send(sendbuf, static_cast<std::size_t>(sendcount) * st->extent, root, kGather));
    return k.finish();
  }
  rt = type_of(*rs, recvtype);
  if (!rt) return report(*rs, c, MPI_ERR_TYPE, fn, "invalid receive datatype handle");
  if (!recvcounts || !displs) return report(*rs, c, MPI_ERR_ARG, fn, "null counts or displacements");
  char* out = static_cast<char*>(recvbuf);
  std::vector<Req*> reqs;
  for (int i = 0; i < k.n(); ++i) {
    if (recvcounts[i] < 0) return report(*rs, c, MPI_ERR_COUNT, fn, "negative receive count");
    char* at = out + static_cast<std::ptrdiff_t>(displs[i]) * static_cast<std::ptrdiff_t>(rt->extent);
    const std::size_t bytes = static_cast<std::size_t>(recvcounts[i]) * rt->extent;
    if (i == root) {
      if (!in_place) {
        const std::size_t sbytes = static_cast<std::size_t>(sendcount) * st->extent;
        if (sbytes > bytes) {
          k.error = MPI_ERR_TRUNCATE;
          k.text = "the root's own block of " + std::to_string(sbytes) +
                   " bytes does not fit its receive block of " + std::to_string(bytes);
        }
        k.copy(at, sendbuf, std::min(sbytes, bytes));
      }
    } else {
      reqs.push_back(k.recv(at, bytes, i, kGather));
    }
  }
  for (Req* r : reqs) k.wait(r);
  return k.finish();
}

int PMPI_Gatherv(const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                 const int recvcounts[], const int displs[], MPI_Datatype recvtype, int root,
                 MPI_Comm comm) {
  return gatherv("MPI_Gatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, root, comm);
}

int PMPI_Gather(const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm) {
  RankState& rs = rank_state("MPI_Gather");
  Comm* c = comm_of(rs, comm);
  const int n = c ? c->size() : 0;
  std::vector<int> counts(static_cast<std::size_t>(n), recvcount), displs(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) displs[static_cast<std::size_t>(i)] = i * recvcount;
  if (c && c->rank == root && recvcount < 0)
    return report(rs, c, MPI_ERR_COUNT, "MPI_Gather", "negative receive count");
  return gatherv("MPI_Gather", sendbuf, sendcount, sendtype, recvbuf, counts.data(), displs.data(), recvtype,
                      root, comm);
}

static int scatterv(const char* fn, const void* sendbuf, const int sendcounts[], const int displs[],
                  MPI_Datatype sendtype, void* recvbuf, int recvcount, MPI_Datatype recvtype,
                  int root, MPI_Comm comm) {
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, fn, comm)) return e;
  if (int e = check_root(*rs, c, fn, root)) return e;
  const TypeInfo *st = nullptr, *rt = nullptr;
  const bool in_place = recvbuf == MPI_IN_PLACE && c->rank == root;
  if (!in_place)
    if (int e = check_type(*rs, c, fn, recvcount, recvtype, rt)) return e;
  Coll k{*rs, *c, fn, MPI_SUCCESS, {}};
  if (c->rank != root) {
    k.wait(k.recv(recvbuf, static_cast<std::size_t>(recvcount) * rt->extent, root, kScatter));
    return k.finish();
  }
  st = type_of(*rs, sendtype);
  if (!st) return report(*rs, c, MPI_ERR_TYPE, fn, "invalid send datatype handle");
  if (!sendcounts || !displs) return report(*rs, c, MPI_ERR_ARG, fn, "null counts or displacements");
  const char* in = static_cast<const char*>(sendbuf);
  std::vector<Req*> reqs;
  for (int i = 0; i < k.n(); ++i) {
    if (sendcounts[i] < 0) return report(*rs, c, MPI_ERR_COUNT, fn, "negative send count");
    const char* at = in + static_cast<std::ptrdiff_t>(displs[i]) * static_cast<std::ptrdiff_t>(st->extent);
    const std::size_t bytes = static_cast<std::size_t>(sendcounts[i]) * st->extent;
    if (i == root) {
      if (!in_place) {
        const std::size_t rbytes = static_cast<std::size_t>(recvcount) * rt->extent;
        if (bytes > rbytes) {
          k.error = MPI_ERR_TRUNCATE;
          k.text = "the root's own block of " + std::to_string(bytes) +
                   " bytes does not fit its receive buffer of " + std::to_string(rbytes);
        }
        k.copy(recvbuf, at, std::min(bytes, rbytes));
      }
    } else {
      reqs.push_back(k.send(at, bytes, i, kScatter));
    }
  }
  for (Req* r : reqs) k.wait(r);
  return k.finish();
}

int PMPI_Scatterv(const void* sendbuf, const int sendcounts[], const int displs[],
                  MPI_Datatype sendtype, void* recvbuf, int recvcount, MPI_Datatype recvtype,
                  int root, MPI_Comm comm) {
  return scatterv("MPI_Scatterv", sendbuf, sendcounts, displs, sendtype, recvbuf, recvcount, recvtype, root, comm);
}

int PMPI_Scatter(const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                 int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm) {
  RankState& rs = rank_state("MPI_Scatter");
  Comm* c = comm_of(rs, comm);
  const int n = c ? c->size() : 0;
  std::vector<int> counts(static_cast<std::size_t>(n), sendcount), displs(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) displs[static_cast<std::size_t>(i)] = i * sendcount;
  if (c && c->rank == root && sendcount < 0)
    return report(rs, c, MPI_ERR_COUNT, "MPI_Scatter", "negative send count");
  return scatterv("MPI_Scatter", sendbuf, counts.data(), displs.data(), sendtype, recvbuf, recvcount,
                       recvtype, root, comm);
}

static int allgatherv(const char* fn, const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                    const int recvcounts[], const int displs[], MPI_Datatype recvtype,
                    MPI_Comm comm) {
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, fn, comm)) return e;
  const TypeInfo *st = nullptr, *rt = nullptr;
  const bool in_place = sendbuf == MPI_IN_PLACE;
  if (!in_place)
    if (int e = check_type(*rs, c, fn, sendcount, sendtype, st)) return e;
  rt = type_of(*rs, recvtype);
  if (!rt) return report(*rs, c, MPI_ERR_TYPE, fn, "invalid receive datatype handle");
  if (!recvcounts || !displs) return report(*rs, c, MPI_ERR_ARG, fn, "null counts or displacements");
  Coll k{*rs, *c, fn, MPI_SUCCESS, {}};
  const int n = k.n(), me = k.me();
  char* out = static_cast<char*>(recvbuf);
  auto block = [&](int i) {
    return out + static_cast<std::ptrdiff_t>(displs[i]) * static_cast<std::ptrdiff_t>(rt->extent);
  };
  auto bytes_of = [&](int i) { return static_cast<std::size_t>(recvcounts[i]) * rt->extent; };
  if (!in_place) {
    const std::size_t sbytes = static_cast<std::size_t>(sendcount) * st->extent;
    if (sbytes > bytes_of(me)) {
      k.error = MPI_ERR_TRUNCATE;
      k.text = "own block of " + std::to_string(sbytes) + " bytes does not fit its receive block";
    }
    k.copy(block(me), sendbuf, std::min(sbytes, bytes_of(me)));
  }
  for (int s = 0; s < n - 1; ++s) {
    const int sb = (me - s + n) % n, rb = (me - s - 1 + n) % n;
    k.sendrecv(block(sb), bytes_of(sb), (me + 1) % n, block(rb), bytes_of(rb), (me - 1 + n) % n,
               kAllgather);
  }
  return k.finish();
}

int PMPI_Allgatherv(const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                    const int recvcounts[], const int displs[], MPI_Datatype recvtype,
                    MPI_Comm comm) {
  return allgatherv("MPI_Allgatherv", sendbuf, sendcount, sendtype, recvbuf, recvcounts, displs, recvtype, comm);
}

int PMPI_Allgather(const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                   int recvcount, MPI_Datatype recvtype, MPI_Comm comm) {
  RankState& rs = rank_state("MPI_Allgather");
  Comm* c = comm_of(rs, comm);
  const int n = c ? c->size() : 0;
  if (recvcount < 0) return report(rs, c, MPI_ERR_COUNT, "MPI_Allgather", "negative receive count");
  std::vector<int> counts(static_cast<std::size_t>(n), recvcount), displs(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) displs[static_cast<std::size_t>(i)] = i * recvcount;
  return allgatherv("MPI_Allgather", sendbuf, sendcount, sendtype, recvbuf, counts.data(), displs.data(),
                         recvtype, comm);
}

static int alltoallv(const char* fn, const void* sendbuf, const int sendcounts[], const int sdispls[],
                   MPI_Datatype sendtype, void* recvbuf, const int recvcounts[],
                   const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm) {
  RankState* rs;
  Comm* c;
  if (int e = enter(rs, c, fn, comm)) return e;
  const TypeInfo* rt = type_of(*rs, recvtype);
  if (!rt) return report(*rs, c, MPI_ERR_TYPE, fn, "invalid receive datatype handle");
  if (!recvcounts || !rdispls) return report(*rs, c, MPI_ERR_ARG, fn, "null receive counts");
  const int n = c->size(), me = c->rank;
  char* out = static_cast<char*>(recvbuf);
  auto rblock = [&](int i) {
    return out + static_cast<std::ptrdiff_t>(rdispls[i]) * static_cast<std::ptrdiff_t>(rt->extent);
  };
  auto rbytes = [&](int i) { return static_cast<std::size_t>(recvcounts[i]) * rt->extent; };
  // In place: the data to send is the receive buffer as it was on entry.
  std::vector<char> saved;
  const TypeInfo* st = rt;
  const char* in = nullptr;
  const int* scounts = recvcounts;
  const int* sdisp = rdispls;
  if (sendbuf == MPI_IN_PLACE) {
    std::size_t total = 0;
    for (int i = 0; i < n; ++i)
      total = std::max(total, static_cast<std::size_t>(rdispls[i]) * rt->extent + rbytes(i));
    saved.assign(out, out + total);
    charge_copy(*rs, total);
    in = saved.data();
  } else {
    st = type_of(*rs, sendtype);
    if (!st) return report(*rs, c, MPI_ERR_TYPE, fn, "invalid send datatype handle");
    if (!sendcounts || !sdispls) return report(*rs, c, MPI_ERR_ARG, fn, "null send counts");
    in = static_cast<const char*>(sendbuf);
    scounts = sendcounts;
    sdisp = sdispls;
  }
  auto sblock = [&](int i) {
    return in + static_cast<std::ptrdiff_t>(sdisp[i]) * static_cast<std::ptrdiff_t>(st->extent);
  };
  auto sbytes = [&](int i) { return static_cast<std::size_t>(scounts[i]) * st->extent; };
  Coll k{*rs, *c, fn, MPI_SUCCESS, {}};
  for (int s = 0; s < n; ++s) {
    const int dst = (me + s) % n, src = (me - s + n) % n;
    if (s == 0) {
      if (sbytes(me) > rbytes(me)) {
        k.error = MPI_ERR_TRUNCATE;
        k.text = "own block does not fit its receive block";
      }
      k.copy(rblock(me), sblock(me), std::min(sbytes(me), rbytes(me)));
      continue;
    }
    k.sendrecv(sblock(dst), sbytes(dst), dst, rblock(src), rbytes(src), src, kAlltoall);
  }
  return k.finish();
}

int PMPI_Alltoallv(const void* sendbuf, const int sendcounts[], const int sdispls[],
                   MPI_Datatype sendtype, void* recvbuf, const int recvcounts[],
                   const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm) {
  return alltoallv("MPI_Alltoallv", sendbuf, sendcounts, sdispls, sendtype, recvbuf, recvcounts, rdispls, recvtype, comm);
}

int PMPI_Alltoall(const void* sendbuf, int sendcount, MPI_Datatype sendtype, void* recvbuf,
                  int recvcount, MPI_Datatype recvtype, MPI_Comm comm) {
  RankState& rs = rank_state("MPI_Alltoall");
  Comm* c = comm_of(rs, comm);
  const int n = c ? c->size() : 0;
  if (recvcount < 0 || (sendbuf != MPI_IN_PLACE && sendcount < 0))
    return report(rs, c, MPI_ERR_COUNT, "MPI_Alltoall", "negative count");
  std::vector<int> sc(static_cast<std::size_t>(n), sendcount), sd(static_cast<std::size_t>(n)),
      rc(static_cast<std::size_t>(n), recvcount), rd(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) {
    sd[static_cast<std::size_t>(i)] = i * sendcount;
    rd[static_cast<std::size_t>(i)] = i * recvcount;
  }
  return alltoallv("MPI_Alltoall", sendbuf, sc.data(), sd.data(), sendtype, recvbuf, rc.data(), rd.data(),
                        recvtype, comm);
}

}  // extern "C"

SMVN_WEAK_ALIAS(Barrier)
SMVN_WEAK_ALIAS(Bcast)
SMVN_WEAK_ALIAS(Reduce)
SMVN_WEAK_ALIAS(Allreduce)
SMVN_WEAK_ALIAS(Scan)
SMVN_WEAK_ALIAS(Gather)
SMVN_WEAK_ALIAS(Gatherv)
SMVN_WEAK_ALIAS(Scatter)
SMVN_WEAK_ALIAS(Scatterv)
SMVN_WEAK_ALIAS(Allgather)
SMVN_WEAK_ALIAS(Allgatherv)
SMVN_WEAK_ALIAS(Alltoall)
SMVN_WEAK_ALIAS(Alltoallv)
