// Cartesian process topologies: MPI_Dims_create, MPI_Cart_create and the local queries
// on the communicator it makes. A Cartesian communicator is a communicator (made by
// MPI_Comm_split over the old one, so its context agreement and synchronisation are
// Comm_split's) carrying its dimensions and periods; ranks map to coordinates row-major
// (the last dimension varies fastest), as the standard fixes. `reorder` is accepted and
// not used: every rank keeps its rank, which the standard allows.
#include <algorithm>
#include <numeric>

#include "mpi_shim/mpi_internal.h"

using namespace smvn::mpi;
using namespace smvn::mpi::detail;

namespace {

// The calling rank's Cartesian communicator COMM, or nullptr after reporting why not.
Comm* cart_of(RankState& rs, MPI_Comm comm, const char* fn, int* error) {
  Comm* c = comm_of(rs, comm);
  if (!c) {
    *error = report(rs, nullptr, MPI_ERR_COMM, fn, "invalid communicator handle");
    return nullptr;
  }
  if (!c->cart) {
    *error = report(rs, c, MPI_ERR_TOPOLOGY, fn, "the communicator has no Cartesian topology");
    return nullptr;
  }
  return c;
}

std::vector<int> coords_of(const Comm& c, int rank) {
  std::vector<int> coords(c.dims.size());
  for (std::size_t d = c.dims.size(); d-- > 0;) {
    coords[d] = rank % c.dims[d];
    rank /= c.dims[d];
  }
  return coords;
}

}  // namespace

extern "C" {

int PMPI_Dims_create(int nnodes, int ndims, int dims[]) {
  const char* fn = "MPI_Dims_create";
  RankState& rs = rank_state(fn);
  if (nnodes <= 0) return report(rs, nullptr, MPI_ERR_ARG, fn, "nnodes must be positive, not " + std::to_string(nnodes));
  if (ndims < 0 || (ndims > 0 && !dims))
    return report(rs, nullptr, MPI_ERR_DIMS, fn, "invalid ndims " + std::to_string(ndims) + " or null dims");
  int fixed = 1;
  std::vector<int> free_at;
  for (int d = 0; d < ndims; ++d) {
    if (dims[d] < 0) return report(rs, nullptr, MPI_ERR_DIMS, fn, "dims[" + std::to_string(d) + "] is negative");
    if (dims[d] == 0) free_at.push_back(d);
    else fixed *= dims[d];
  }
  if (nnodes % fixed != 0)
    return report(rs, nullptr, MPI_ERR_DIMS, fn,
                  "the given dimensions (product " + std::to_string(fixed) + ") do not divide " + std::to_string(nnodes));
  int rest = nnodes / fixed;
  if (free_at.empty()) {
    if (rest != 1)
      return report(rs, nullptr, MPI_ERR_DIMS, fn, "the dimensions' product is not " + std::to_string(nnodes));
    return MPI_SUCCESS;
  }
  // As balanced as possible: prime factors, largest first, each to the smallest free
  // dimension so far; then the free dimensions in non-increasing order.
  std::vector<int> factors;
  for (int p = 2; p * p <= rest; ++p)
    while (rest % p == 0) {
      factors.push_back(p);
      rest /= p;
    }
  if (rest > 1) factors.push_back(rest);
  std::sort(factors.rbegin(), factors.rend());
  std::vector<int> sizes(free_at.size(), 1);
  for (int f : factors) *std::min_element(sizes.begin(), sizes.end()) *= f;
  std::sort(sizes.rbegin(), sizes.rend());
  for (std::size_t i = 0; i < free_at.size(); ++i) dims[free_at[i]] = sizes[i];
  return MPI_SUCCESS;
}

int PMPI_Cart_create(MPI_Comm comm_old, int ndims, const int dims[], const int periods[], int reorder,
                     MPI_Comm* comm_cart) {
  (void)reorder;
  const char* fn = "MPI_Cart_create";
  RankState& rs = rank_state(fn);
  Comm* c = comm_of(rs, comm_old);
  if (!c) return report(rs, nullptr, MPI_ERR_COMM, fn, "invalid communicator handle");
  if (!comm_cart) return report(rs, c, MPI_ERR_ARG, fn, "null comm_cart pointer");
  if (ndims < 0 || (ndims > 0 && (!dims || !periods)))
    return report(rs, c, MPI_ERR_DIMS, fn, "invalid ndims " + std::to_string(ndims) + " or null dims / periods");
  long cells = 1;
  for (int d = 0; d < ndims; ++d) {
    if (dims[d] <= 0)
      return report(rs, c, MPI_ERR_DIMS, fn, "dims[" + std::to_string(d) + "] = " + std::to_string(dims[d]));
    cells *= dims[d];
    if (cells > c->size()) break;
  }
  if (cells > c->size())
    return report(rs, c, MPI_ERR_DIMS, fn,
                  "the grid has more cells than the communicator's " + std::to_string(c->size()) + " ranks");
  const int my_rank = c->rank;
  const std::vector<int> d(dims, dims + ndims), p(periods, periods + ndims);
  // Ranks beyond the grid get MPI_COMM_NULL, as the standard says.
  if (int e = PMPI_Comm_split(comm_old, my_rank < cells ? 0 : MPI_UNDEFINED, my_rank, comm_cart)) return e;
  if (*comm_cart == MPI_COMM_NULL) return MPI_SUCCESS;
  Comm* cart = comm_of(rs, *comm_cart);
  cart->cart = true;
  cart->dims = d;
  cart->periods.clear();
  for (int v : p) cart->periods.push_back(v ? 1 : 0);
  return MPI_SUCCESS;
}

int PMPI_Cartdim_get(MPI_Comm comm, int* ndims) {
  const char* fn = "MPI_Cartdim_get";
  RankState& rs = rank_state(fn);
  int e = MPI_SUCCESS;
  Comm* c = cart_of(rs, comm, fn, &e);
  if (!c) return e;
  if (!ndims) return report(rs, c, MPI_ERR_ARG, fn, "null ndims pointer");
  *ndims = static_cast<int>(c->dims.size());
  return MPI_SUCCESS;
}

int PMPI_Cart_get(MPI_Comm comm, int maxdims, int dims[], int periods[], int coords[]) {
  const char* fn = "MPI_Cart_get";
  RankState& rs = rank_state(fn);
  int e = MPI_SUCCESS;
  Comm* c = cart_of(rs, comm, fn, &e);
  if (!c) return e;
  const int n = static_cast<int>(c->dims.size());
  if (maxdims < n || (n > 0 && (!dims || !periods || !coords)))
    return report(rs, c, MPI_ERR_ARG, fn, "maxdims " + std::to_string(maxdims) + " is below the " +
                                              std::to_string(n) + " dimensions, or a null array");
  const std::vector<int> mine = coords_of(*c, c->rank);
  for (int d = 0; d < n; ++d) {
    dims[d] = c->dims[std::size_t(d)];
    periods[d] = c->periods[std::size_t(d)];
    coords[d] = mine[std::size_t(d)];
  }
  return MPI_SUCCESS;
}

int PMPI_Cart_coords(MPI_Comm comm, int rank, int maxdims, int coords[]) {
  const char* fn = "MPI_Cart_coords";
  RankState& rs = rank_state(fn);
  int e = MPI_SUCCESS;
  Comm* c = cart_of(rs, comm, fn, &e);
  if (!c) return e;
  if (rank < 0 || rank >= c->size())
    return report(rs, c, MPI_ERR_RANK, fn, "rank " + std::to_string(rank) + " is not in the communicator");
  const int n = static_cast<int>(c->dims.size());
  if (maxdims < n || (n > 0 && !coords))
    return report(rs, c, MPI_ERR_ARG, fn, "maxdims " + std::to_string(maxdims) + " is below the " +
                                              std::to_string(n) + " dimensions, or coords is null");
  const std::vector<int> v = coords_of(*c, rank);
  std::copy(v.begin(), v.end(), coords);
  return MPI_SUCCESS;
}

int PMPI_Cart_rank(MPI_Comm comm, const int coords[], int* rank) {
  const char* fn = "MPI_Cart_rank";
  RankState& rs = rank_state(fn);
  int e = MPI_SUCCESS;
  Comm* c = cart_of(rs, comm, fn, &e);
  if (!c) return e;
  if (!rank || (!c->dims.empty() && !coords)) return report(rs, c, MPI_ERR_ARG, fn, "null coords or rank pointer");
  int r = 0;
  for (std::size_t d = 0; d < c->dims.size(); ++d) {
    int x = coords[d];
    const int n = c->dims[d];
    if (c->periods[d]) x = ((x % n) + n) % n;
    else if (x < 0 || x >= n)
      return report(rs, c, MPI_ERR_ARG, fn, "coordinate " + std::to_string(x) + " of non-periodic dimension " +
                                                std::to_string(d) + " is outside 0.." + std::to_string(n - 1));
    r = r * n + x;
  }
  *rank = r;
  return MPI_SUCCESS;
}

int PMPI_Cart_shift(MPI_Comm comm, int direction, int disp, int* rank_source, int* rank_dest) {
  const char* fn = "MPI_Cart_shift";
  RankState& rs = rank_state(fn);
  int e = MPI_SUCCESS;
  Comm* c = cart_of(rs, comm, fn, &e);
  if (!c) return e;
  if (direction < 0 || direction >= static_cast<int>(c->dims.size()))
    return report(rs, c, MPI_ERR_ARG, fn, "direction " + std::to_string(direction) + " is not a dimension");
  if (!rank_source || !rank_dest) return report(rs, c, MPI_ERR_ARG, fn, "null rank pointer");
  const std::vector<int> mine = coords_of(*c, c->rank);
  auto neighbour = [&](int offset) {
    std::vector<int> v = mine;
    const int n = c->dims[std::size_t(direction)];
    int x = v[std::size_t(direction)] + offset;
    if (c->periods[std::size_t(direction)]) x = ((x % n) + n) % n;
    else if (x < 0 || x >= n) return MPI_PROC_NULL;
    v[std::size_t(direction)] = x;
    int r = 0;
    for (std::size_t d = 0; d < v.size(); ++d) r = r * c->dims[d] + v[d];
    return r;
  };
  *rank_source = neighbour(-disp);
  *rank_dest = neighbour(disp);
  return MPI_SUCCESS;
}

int PMPI_Cart_sub(MPI_Comm comm, const int remain_dims[], MPI_Comm* newcomm) {
  const char* fn = "MPI_Cart_sub";
  RankState& rs = rank_state(fn);
  int e = MPI_SUCCESS;
  Comm* c = cart_of(rs, comm, fn, &e);
  if (!c) return e;
  if (!newcomm || (!c->dims.empty() && !remain_dims)) return report(rs, c, MPI_ERR_ARG, fn, "null argument");
  // Ranks that agree on the dropped coordinates form one sub-grid; within it, the kept
  // coordinates order them (row-major), which is Comm_split's colour and key.
  const std::vector<int> mine = coords_of(*c, c->rank);
  int color = 0, key = 0;
  std::vector<int> dims, periods;
  for (std::size_t d = 0; d < c->dims.size(); ++d) {
    if (remain_dims[d]) {
      key = key * c->dims[d] + mine[d];
      dims.push_back(c->dims[d]);
      periods.push_back(c->periods[d]);
    } else {
      color = color * c->dims[d] + mine[d];
    }
  }
  if (int err = PMPI_Comm_split(comm, color, key, newcomm)) return err;
  Comm* sub = comm_of(rs, *newcomm);
  sub->cart = true;
  sub->dims = dims;
  sub->periods = periods;
  return MPI_SUCCESS;
}

int PMPI_Topo_test(MPI_Comm comm, int* status) {
  const char* fn = "MPI_Topo_test";
  RankState& rs = rank_state(fn);
  Comm* c = comm_of(rs, comm);
  if (!c) return report(rs, nullptr, MPI_ERR_COMM, fn, "invalid communicator handle");
  if (!status) return report(rs, c, MPI_ERR_ARG, fn, "null status pointer");
  *status = c->cart ? MPI_CART : MPI_UNDEFINED;
  return MPI_SUCCESS;
}

}  // extern "C"

SMVN_WEAK_ALIAS(Dims_create)
SMVN_WEAK_ALIAS(Cart_create)
SMVN_WEAK_ALIAS(Cartdim_get)
SMVN_WEAK_ALIAS(Cart_get)
SMVN_WEAK_ALIAS(Cart_coords)
SMVN_WEAK_ALIAS(Cart_rank)
SMVN_WEAK_ALIAS(Cart_shift)
SMVN_WEAK_ALIAS(Cart_sub)
SMVN_WEAK_ALIAS(Topo_test)
