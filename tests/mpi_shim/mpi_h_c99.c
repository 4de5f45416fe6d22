/* mpi.h as strict C99 (-std=c99 -Wall -Wextra -Werror -pedantic): every function of the
 * set is called in an unevaluated sizeof, which type-checks the call against its
 * prototype without referencing the symbol; the constants are checked at run time.
 * Exit status 0 when all hold; each failure is printed. */
#include <stdio.h>
#include <mpi.h>

static int failures;
#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "mpi_h_c99.c:%d: failed: %s\n", __LINE__, #cond); \
      ++failures;                                                    \
    }                                                                \
  } while (0)

/* Compile-time constants (address constants included) in static initialisers. */
static MPI_Comm world = MPI_COMM_WORLD;
static MPI_Datatype types[] = {
    MPI_CHAR, MPI_SIGNED_CHAR, MPI_UNSIGNED_CHAR, MPI_BYTE, MPI_SHORT, MPI_UNSIGNED_SHORT,
    MPI_INT, MPI_UNSIGNED, MPI_LONG, MPI_UNSIGNED_LONG, MPI_LONG_LONG_INT,
    MPI_UNSIGNED_LONG_LONG, MPI_FLOAT, MPI_DOUBLE, MPI_LONG_DOUBLE, MPI_INT8_T, MPI_INT16_T,
    MPI_INT32_T, MPI_INT64_T, MPI_UINT8_T, MPI_UINT16_T, MPI_UINT32_T, MPI_UINT64_T,
    MPI_C_BOOL, MPI_AINT, MPI_2INT, MPI_DOUBLE_INT, MPI_FLOAT_INT, MPI_LONG_INT};
static MPI_Op ops[] = {MPI_SUM, MPI_PROD, MPI_MAX, MPI_MIN, MPI_LAND, MPI_LOR, MPI_LXOR,
                       MPI_BAND, MPI_BOR, MPI_BXOR, MPI_MAXLOC, MPI_MINLOC, MPI_REPLACE,
                       MPI_NO_OP};
static const int error_classes[] = {
    MPI_SUCCESS, MPI_ERR_BUFFER, MPI_ERR_COUNT, MPI_ERR_TYPE, MPI_ERR_TAG, MPI_ERR_COMM,
    MPI_ERR_RANK, MPI_ERR_REQUEST, MPI_ERR_ROOT, MPI_ERR_GROUP, MPI_ERR_OP, MPI_ERR_ARG,
    MPI_ERR_UNKNOWN, MPI_ERR_TRUNCATE, MPI_ERR_OTHER, MPI_ERR_INTERN, MPI_ERR_PENDING,
    MPI_ERR_IN_STATUS};
static MPI_Request zeroed_request; /* zero-initialised: must be the null handle */

static void user_op(void *in, void *inout, int *len, MPI_Datatype *type) {
  (void)in; (void)inout; (void)len; (void)type;
}

/* Every prototype, type-checked and never called. */
static size_t prototypes(void) {
  int i = 0, flag = 0, idx = 0, counts[1] = {0}, displs[1] = {0};
  char name[MPI_MAX_PROCESSOR_NAME], err[MPI_MAX_ERROR_STRING];
  char **argv = NULL;
  double buf[4];
  MPI_Comm comm = MPI_COMM_WORLD;
  MPI_Request req = MPI_REQUEST_NULL, reqs[2];
  MPI_Status st, sts[2];
  MPI_Datatype t = MPI_INT;
  MPI_Op op = MPI_SUM;
  MPI_Info info = MPI_INFO_NULL;
  MPI_Win win = MPI_WIN_NULL;
  MPI_Errhandler eh = MPI_ERRORS_RETURN;
  MPI_Aint a = 0, lb = 0;
  void *base = NULL;
  size_t n = 0;
  n += sizeof(MPI_Init(&i, &argv)) + sizeof(PMPI_Init(&i, &argv));
  n += sizeof(MPI_Init_thread(&i, &argv, MPI_THREAD_FUNNELED, &flag));
  n += sizeof(MPI_Initialized(&flag)) + sizeof(MPI_Finalize()) + sizeof(MPI_Finalized(&flag));
  n += sizeof(MPI_Abort(comm, 1)) + sizeof(MPI_Query_thread(&i)) + sizeof(MPI_Is_thread_main(&flag));
  n += sizeof(MPI_Comm_rank(comm, &i)) + sizeof(MPI_Comm_size(comm, &i));
  n += sizeof(MPI_Comm_dup(comm, &comm)) + sizeof(MPI_Comm_free(&comm));
  n += sizeof(MPI_Comm_split(comm, 0, 0, &comm)) + sizeof(MPI_Comm_compare(comm, comm, &i));
  n += sizeof(MPI_Comm_set_errhandler(comm, eh)) + sizeof(MPI_Comm_get_errhandler(comm, &eh));
  n += sizeof(MPI_Errhandler_free(&eh)) + sizeof(MPI_Error_class(0, &i));
  n += sizeof(MPI_Error_string(0, err, &i)) + sizeof(MPI_Get_processor_name(name, &i));
  n += sizeof(MPI_Get_version(&i, &i)) + sizeof(MPI_Get_library_version(name, &i));
  n += sizeof(MPI_Send(buf, 1, t, 0, 0, comm)) + sizeof(MPI_Ssend(buf, 1, t, 0, 0, comm));
  n += sizeof(MPI_Rsend(buf, 1, t, 0, 0, comm)) + sizeof(MPI_Bsend(buf, 1, t, 0, 0, comm));
  n += sizeof(MPI_Recv(buf, 1, t, MPI_ANY_SOURCE, MPI_ANY_TAG, comm, MPI_STATUS_IGNORE));
  n += sizeof(MPI_Isend(buf, 1, t, 0, 0, comm, &req)) + sizeof(MPI_Issend(buf, 1, t, 0, 0, comm, &req));
  n += sizeof(MPI_Irecv(buf, 1, t, 0, 0, comm, &req));
  n += sizeof(MPI_Sendrecv(buf, 1, t, 0, 0, buf, 1, t, 0, 0, comm, &st));
  n += sizeof(MPI_Sendrecv_replace(buf, 1, t, 0, 0, 0, 0, comm, &st));
  n += sizeof(MPI_Wait(&req, &st)) + sizeof(MPI_Waitall(2, reqs, MPI_STATUSES_IGNORE));
  n += sizeof(MPI_Waitany(2, reqs, &idx, &st)) + sizeof(MPI_Waitsome(2, reqs, &i, counts, sts));
  n += sizeof(MPI_Test(&req, &flag, &st)) + sizeof(MPI_Testall(2, reqs, &flag, sts));
  n += sizeof(MPI_Testany(2, reqs, &idx, &flag, &st)) + sizeof(MPI_Test_cancelled(&st, &flag));
  n += sizeof(MPI_Cancel(&req)) + sizeof(MPI_Request_free(&req));
  n += sizeof(MPI_Probe(0, 0, comm, &st)) + sizeof(MPI_Iprobe(0, 0, comm, &flag, &st));
  n += sizeof(MPI_Get_count(&st, t, &i)) + sizeof(MPI_Get_elements(&st, t, &i));
  n += sizeof(MPI_Barrier(comm)) + sizeof(MPI_Bcast(buf, 1, t, 0, comm));
  n += sizeof(MPI_Reduce(MPI_IN_PLACE, buf, 1, t, op, 0, comm));
  n += sizeof(MPI_Allreduce(buf, buf, 1, t, op, comm));
  n += sizeof(MPI_Gather(buf, 1, t, buf, 1, t, 0, comm));
  n += sizeof(MPI_Gatherv(buf, 1, t, buf, counts, displs, t, 0, comm));
  n += sizeof(MPI_Scatter(buf, 1, t, buf, 1, t, 0, comm));
  n += sizeof(MPI_Scatterv(buf, counts, displs, t, buf, 1, t, 0, comm));
  n += sizeof(MPI_Allgather(buf, 1, t, buf, 1, t, comm));
  n += sizeof(MPI_Allgatherv(buf, 1, t, buf, counts, displs, t, comm));
  n += sizeof(MPI_Alltoall(buf, 1, t, buf, 1, t, comm));
  n += sizeof(MPI_Alltoallv(buf, counts, displs, t, buf, counts, displs, t, comm));
  n += sizeof(MPI_Scan(buf, buf, 1, t, op, comm));
  n += sizeof(MPI_Wtime()) + sizeof(MPI_Wtick());
  n += sizeof(MPI_Type_size(t, &i)) + sizeof(MPI_Type_get_extent(t, &lb, &a));
  n += sizeof(MPI_Type_contiguous(2, t, &t)) + sizeof(MPI_Type_vector(2, 1, 2, t, &t));
  n += sizeof(MPI_Type_commit(&t)) + sizeof(MPI_Type_free(&t)) + sizeof(MPI_Get_address(buf, &a));
  n += sizeof(MPI_Op_create(user_op, 1, &op)) + sizeof(MPI_Op_free(&op));
  n += sizeof(MPI_Win_create(buf, 8, 1, info, comm, &win));
  n += sizeof(MPI_Win_allocate(8, 1, info, comm, &base, &win));
  n += sizeof(MPI_Win_create_dynamic(info, comm, &win)) + sizeof(MPI_Win_attach(win, buf, 8));
  n += sizeof(MPI_Win_free(&win));
  n += sizeof(MPI_Info_create(&info)) + sizeof(MPI_Info_set(info, "k", "v")) + sizeof(MPI_Info_free(&info));
  n += sizeof(MPI_Alloc_mem(8, info, &base)) + sizeof(MPI_Free_mem(base)) + sizeof(MPI_Pcontrol(1));
  n += sizeof(MPI_Comm_get_attr(comm, MPI_TAG_UB, &base, &flag));
  (void)user_op;
  return n;
}

int main(void) {
  size_t i, j;
  MPI_Status st;
  CHECK(MPI_VERSION == 3 && MPI_SUBVERSION == 1);
  CHECK(prototypes() > 0);
  CHECK(world == MPI_COMM_WORLD && world != MPI_COMM_SELF && world != MPI_COMM_NULL);
  CHECK(zeroed_request == MPI_REQUEST_NULL);
  for (i = 0; i < sizeof types / sizeof types[0]; ++i) {
    CHECK(types[i] != MPI_DATATYPE_NULL);
    for (j = 0; j < i; ++j) CHECK(types[i] != types[j]);
  }
  CHECK(MPI_LONG_LONG == MPI_LONG_LONG_INT);
  for (i = 0; i < sizeof ops / sizeof ops[0]; ++i) {
    CHECK(ops[i] != MPI_OP_NULL);
    for (j = 0; j < i; ++j) CHECK(ops[i] != ops[j]);
  }
  for (i = 1; i < sizeof error_classes / sizeof error_classes[0]; ++i)
    CHECK(error_classes[i] > error_classes[i - 1] && error_classes[i] <= MPI_ERR_LASTCODE);
  CHECK(MPI_ANY_SOURCE != MPI_PROC_NULL && MPI_ANY_SOURCE < 0 && MPI_PROC_NULL < 0);
  CHECK(MPI_ANY_TAG < 0 && MPI_UNDEFINED < 0);
  CHECK(MPI_THREAD_SINGLE < MPI_THREAD_FUNNELED && MPI_THREAD_FUNNELED < MPI_THREAD_SERIALIZED &&
        MPI_THREAD_SERIALIZED < MPI_THREAD_MULTIPLE);
  CHECK(MPI_IN_PLACE != MPI_BOTTOM);
  CHECK(MPI_ERRORS_ARE_FATAL != MPI_ERRORS_RETURN);
  CHECK(sizeof(MPI_Aint) == sizeof(void *) && sizeof(MPI_Count) >= sizeof(MPI_Offset));
  CHECK(MPI_MAX_PROCESSOR_NAME > 0 && MPI_MAX_ERROR_STRING > 0);
  st.MPI_SOURCE = 1; st.MPI_TAG = 2; st.MPI_ERROR = MPI_SUCCESS;
  CHECK(st.MPI_SOURCE + st.MPI_TAG == 3);
  return failures == 0 ? 0 : 1;
}
