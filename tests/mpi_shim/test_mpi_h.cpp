// mpi.h as C++ (compiled with -pedantic -Werror): every function of the set exists under
// its MPI_ and PMPI_ names with the same type, handle kinds are distinct types, and the
// types programs build arrays and arithmetic on are complete and of the right kind.
#include <mpi.h>

#include <type_traits>

#include <gtest/gtest.h>

#define SAME_AS_PMPI(name) \
  static_assert(std::is_same_v<decltype(MPI_##name), decltype(PMPI_##name)>, #name);
SAME_AS_PMPI(Init) SAME_AS_PMPI(Init_thread) SAME_AS_PMPI(Initialized) SAME_AS_PMPI(Finalize)
SAME_AS_PMPI(Finalized) SAME_AS_PMPI(Abort) SAME_AS_PMPI(Query_thread)
SAME_AS_PMPI(Is_thread_main) SAME_AS_PMPI(Comm_rank) SAME_AS_PMPI(Comm_size)
SAME_AS_PMPI(Comm_dup) SAME_AS_PMPI(Comm_free) SAME_AS_PMPI(Comm_split)
SAME_AS_PMPI(Comm_compare) SAME_AS_PMPI(Comm_set_errhandler) SAME_AS_PMPI(Comm_get_errhandler)
SAME_AS_PMPI(Errhandler_free) SAME_AS_PMPI(Error_class) SAME_AS_PMPI(Error_string)
SAME_AS_PMPI(Get_processor_name) SAME_AS_PMPI(Get_version) SAME_AS_PMPI(Get_library_version)
SAME_AS_PMPI(Send) SAME_AS_PMPI(Ssend) SAME_AS_PMPI(Rsend) SAME_AS_PMPI(Bsend)
SAME_AS_PMPI(Recv) SAME_AS_PMPI(Isend) SAME_AS_PMPI(Issend) SAME_AS_PMPI(Irecv)
SAME_AS_PMPI(Sendrecv) SAME_AS_PMPI(Sendrecv_replace) SAME_AS_PMPI(Wait) SAME_AS_PMPI(Waitall)
SAME_AS_PMPI(Waitany) SAME_AS_PMPI(Waitsome) SAME_AS_PMPI(Test) SAME_AS_PMPI(Testall)
SAME_AS_PMPI(Testany) SAME_AS_PMPI(Test_cancelled) SAME_AS_PMPI(Cancel)
SAME_AS_PMPI(Request_free) SAME_AS_PMPI(Probe) SAME_AS_PMPI(Iprobe) SAME_AS_PMPI(Get_count)
SAME_AS_PMPI(Get_elements) SAME_AS_PMPI(Barrier) SAME_AS_PMPI(Bcast) SAME_AS_PMPI(Reduce)
SAME_AS_PMPI(Allreduce) SAME_AS_PMPI(Gather) SAME_AS_PMPI(Gatherv) SAME_AS_PMPI(Scatter)
SAME_AS_PMPI(Scatterv) SAME_AS_PMPI(Allgather) SAME_AS_PMPI(Allgatherv) SAME_AS_PMPI(Alltoall)
SAME_AS_PMPI(Alltoallv) SAME_AS_PMPI(Scan) SAME_AS_PMPI(Wtime) SAME_AS_PMPI(Wtick)
SAME_AS_PMPI(Type_size) SAME_AS_PMPI(Type_get_extent) SAME_AS_PMPI(Type_contiguous)
SAME_AS_PMPI(Type_vector) SAME_AS_PMPI(Type_commit) SAME_AS_PMPI(Type_free)
SAME_AS_PMPI(Get_address) SAME_AS_PMPI(Op_create) SAME_AS_PMPI(Op_free)
SAME_AS_PMPI(Win_create) SAME_AS_PMPI(Win_allocate) SAME_AS_PMPI(Win_create_dynamic)
SAME_AS_PMPI(Win_attach) SAME_AS_PMPI(Win_free) SAME_AS_PMPI(Info_create)
SAME_AS_PMPI(Info_set) SAME_AS_PMPI(Info_free) SAME_AS_PMPI(Alloc_mem) SAME_AS_PMPI(Free_mem)
SAME_AS_PMPI(Pcontrol)
#undef SAME_AS_PMPI

// Mixing handle kinds must not compile.
static_assert(!std::is_convertible_v<MPI_Datatype, MPI_Comm>);
static_assert(!std::is_convertible_v<MPI_Comm, MPI_Op>);
static_assert(!std::is_convertible_v<MPI_Request, MPI_Win>);
static_assert(!std::is_convertible_v<MPI_Info, MPI_Group>);
static_assert(!std::is_convertible_v<MPI_Errhandler, MPI_Comm>);
static_assert(!std::is_convertible_v<int, MPI_Comm>);
// What OMB relies on: integer MPI_Aint wide enough for an address, complete MPI_Status
// and MPI_Request (arrays of them are declared), the public status fields.
static_assert(std::is_integral_v<MPI_Aint> && std::is_signed_v<MPI_Aint> &&
              sizeof(MPI_Aint) == sizeof(void*));
static_assert(std::is_integral_v<MPI_Offset> && std::is_integral_v<MPI_Count> &&
              sizeof(MPI_Count) >= sizeof(MPI_Aint) && sizeof(MPI_Count) >= sizeof(MPI_Offset));
static_assert(std::is_standard_layout_v<MPI_Status> && std::is_trivial_v<MPI_Status>);
static_assert(std::is_same_v<decltype(MPI_Status{}.MPI_SOURCE), int> &&
              std::is_same_v<decltype(MPI_Status{}.MPI_TAG), int> &&
              std::is_same_v<decltype(MPI_Status{}.MPI_ERROR), int>);
static_assert(MPI_VERSION >= 3);

namespace {

// Predefined handles as the library will see them: small values, one range per kind.
unsigned long value(const void* handle) { return reinterpret_cast<unsigned long>(handle); }

TEST(MpiHeader, PredefinedHandlesAreSmallNonNullAndDistinct) {
  const void* predefined[] = {
      MPI_COMM_WORLD, MPI_COMM_SELF, MPI_GROUP_EMPTY, MPI_ERRORS_ARE_FATAL, MPI_ERRORS_RETURN,
      MPI_INFO_ENV, MPI_CHAR, MPI_SIGNED_CHAR, MPI_UNSIGNED_CHAR, MPI_BYTE, MPI_SHORT,
      MPI_UNSIGNED_SHORT, MPI_INT, MPI_UNSIGNED, MPI_LONG, MPI_UNSIGNED_LONG, MPI_LONG_LONG,
      MPI_UNSIGNED_LONG_LONG, MPI_FLOAT, MPI_DOUBLE, MPI_LONG_DOUBLE, MPI_INT8_T, MPI_INT16_T,
      MPI_INT32_T, MPI_INT64_T, MPI_UINT8_T, MPI_UINT16_T, MPI_UINT32_T, MPI_UINT64_T,
      MPI_C_BOOL, MPI_AINT, MPI_2INT, MPI_DOUBLE_INT, MPI_FLOAT_INT, MPI_LONG_INT, MPI_SUM,
      MPI_PROD, MPI_MAX, MPI_MIN, MPI_LAND, MPI_LOR, MPI_LXOR, MPI_BAND, MPI_BOR, MPI_BXOR,
      MPI_MAXLOC, MPI_MINLOC, MPI_REPLACE, MPI_NO_OP};
  for (size_t i = 0; i < std::size(predefined); ++i) {
    EXPECT_GT(value(predefined[i]), 0u) << "handle " << i;
    EXPECT_LT(value(predefined[i]), 4096u) << "handle " << i;
    for (size_t j = 0; j < i; ++j) EXPECT_NE(predefined[i], predefined[j]) << i << " vs " << j;
  }
}

TEST(MpiHeader, ZeroInitialisedHandlesAreTheNullHandles) {
  struct Handles {
    MPI_Comm comm; MPI_Datatype type; MPI_Op op; MPI_Request req; MPI_Info info;
    MPI_Win win; MPI_Errhandler eh; MPI_Group group;
  } h{};
  EXPECT_EQ(h.comm, MPI_COMM_NULL);
  EXPECT_EQ(h.type, MPI_DATATYPE_NULL);
  EXPECT_EQ(h.op, MPI_OP_NULL);
  EXPECT_EQ(h.req, MPI_REQUEST_NULL);
  EXPECT_EQ(h.info, MPI_INFO_NULL);
  EXPECT_EQ(h.win, MPI_WIN_NULL);
  EXPECT_EQ(h.eh, MPI_ERRHANDLER_NULL);
  EXPECT_EQ(h.group, MPI_GROUP_NULL);
}

TEST(MpiHeader, SpecialValuesDoNotCollide) {
  const int codes[] = {MPI_SUCCESS, MPI_ERR_BUFFER, MPI_ERR_COUNT, MPI_ERR_TYPE, MPI_ERR_TAG,
                       MPI_ERR_COMM, MPI_ERR_RANK, MPI_ERR_REQUEST, MPI_ERR_ROOT, MPI_ERR_GROUP,
                       MPI_ERR_OP, MPI_ERR_ARG, MPI_ERR_UNKNOWN, MPI_ERR_TRUNCATE,
                       MPI_ERR_OTHER, MPI_ERR_INTERN, MPI_ERR_PENDING, MPI_ERR_IN_STATUS};
  EXPECT_EQ(codes[0], 0);
  for (size_t i = 1; i < std::size(codes); ++i) {
    EXPECT_GT(codes[i], codes[i - 1]);
    EXPECT_LE(codes[i], MPI_ERR_LASTCODE);
  }
  // A source argument is a rank (>= 0) or one of these; they must differ from each other.
  EXPECT_LT(MPI_ANY_SOURCE, 0);
  EXPECT_LT(MPI_PROC_NULL, 0);
  EXPECT_NE(MPI_ANY_SOURCE, MPI_PROC_NULL);
  EXPECT_LT(MPI_ANY_TAG, 0);
  EXPECT_NE(MPI_IN_PLACE, MPI_BOTTOM);
  EXPECT_NE(static_cast<void*>(MPI_STATUS_IGNORE), nullptr);
}

}  // namespace
