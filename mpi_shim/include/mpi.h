/* mpi.h: the C ABI that MPI programs compiled by smvn-mpicc see (MPI 3.1 subset).
 *
 * Programs built against this header become shared objects that the simulator loads once
 * per rank (mpi_shim/program_loader.h); their MPI_* calls resolve, at load time, to the
 * functions the simulator executable exports. Valid C99 and C++ (checked by
 * tests/mpi_shim: -std=c99 -Wall -Wextra -Werror -pedantic, and as C++17).
 *
 * Handles. Every handle type is a pointer to its own incomplete struct, and predefined
 * handles are small integer constants cast to that pointer type. Why:
 *   - type safety: passing an MPI_Datatype where an MPI_Comm is expected is a compile
 *     error in C++ and a diagnostic in C, where integer handles (all `int`) would pass;
 *   - the constants are still compile-time constants (C99 6.6p9 "address constants"), so
 *     `static MPI_Comm c = MPI_COMM_WORLD;` works, and no data symbol has to be exported
 *     by the simulator or relocated into every rank copy;
 *   - every null handle is 0, so a zero-initialised handle variable is the null handle;
 *   - the simulator never has to hand out real addresses: it may encode table indices in
 *     the pointer value (as it should, so that handle values and hence any ordering by
 *     handle are the same in every run).
 * Predefined handle values: kind in bits 8..11, index in bits 0..7; all below 4096, so an
 * implementation can tell a predefined handle from a dynamic one by value. The one thing
 * lost compared with integer handles is `switch` on a handle; compare with `==` instead.
 *
 * exit(): nothing here. smvn-mpicc links every program with -Wl,--wrap=exit (and _exit,
 * _Exit, quick_exit, abort), so such a call ends only the calling rank; see
 * mpi_shim/rank_exit.h.
 */
#ifndef SMVN_MPI_H
#define SMVN_MPI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define MPI_VERSION    3
#define MPI_SUBVERSION 1

/* ---- handle types ------------------------------------------------------------------ */
typedef struct smvn_mpi_comm       *MPI_Comm;
typedef struct smvn_mpi_datatype   *MPI_Datatype;
typedef struct smvn_mpi_op         *MPI_Op;
typedef struct smvn_mpi_request    *MPI_Request;
typedef struct smvn_mpi_info       *MPI_Info;
typedef struct smvn_mpi_win        *MPI_Win;
typedef struct smvn_mpi_errhandler *MPI_Errhandler;
typedef struct smvn_mpi_group      *MPI_Group;

/* ---- integer types ----------------------------------------------------------------- */
typedef intptr_t MPI_Aint;   /* holds an address (MPI_Get_address) and displacements */
typedef int64_t  MPI_Offset; /* file offsets: 64-bit on every target */
typedef int64_t  MPI_Count;  /* large counts: must hold both MPI_Aint and MPI_Offset */

/* ---- status ------------------------------------------------------------------------ */
typedef struct MPI_Status {
  int MPI_SOURCE;
  int MPI_TAG;
  int MPI_ERROR;
  /* Private to the implementation: received size in bytes, and whether the request
   * was cancelled (MPI_Get_count, MPI_Get_elements, MPI_Test_cancelled read these). */
  int       smvn_cancelled;
  MPI_Count smvn_count_bytes;
} MPI_Status;

/* The "ignore" sentinels are non-null so an implementation can tell them from a
 * missing argument; they are never dereferenced. Status arrays are declared as pointers,
 * not `MPI_Status a[]`: GCC 11+ reads array syntax as "accesses elements" and, under
 * -Werror=stringop-overflow, rejects passing MPI_STATUSES_IGNORE (address 1) to it. */
#define MPI_STATUS_IGNORE   ((MPI_Status *)1)
#define MPI_STATUSES_IGNORE ((MPI_Status *)1)

/* ---- predefined handles ------------------------------------------------------------ */
#define SMVN_MPI_HANDLE(type, kind, index) ((type)(uintptr_t)(((kind) << 8) | (index)))

#define MPI_COMM_NULL       ((MPI_Comm)0)
#define MPI_COMM_WORLD      SMVN_MPI_HANDLE(MPI_Comm, 1, 1)
#define MPI_COMM_SELF       SMVN_MPI_HANDLE(MPI_Comm, 1, 2)

#define MPI_GROUP_NULL      ((MPI_Group)0)
#define MPI_GROUP_EMPTY     SMVN_MPI_HANDLE(MPI_Group, 2, 1)

#define MPI_REQUEST_NULL    ((MPI_Request)0)
#define MPI_INFO_NULL       ((MPI_Info)0)
#define MPI_INFO_ENV        SMVN_MPI_HANDLE(MPI_Info, 3, 1)
#define MPI_WIN_NULL        ((MPI_Win)0)

#define MPI_ERRHANDLER_NULL  ((MPI_Errhandler)0)
#define MPI_ERRORS_ARE_FATAL SMVN_MPI_HANDLE(MPI_Errhandler, 4, 1)
#define MPI_ERRORS_RETURN    SMVN_MPI_HANDLE(MPI_Errhandler, 4, 2)

#define MPI_OP_NULL  ((MPI_Op)0)
#define MPI_MAX      SMVN_MPI_HANDLE(MPI_Op, 5, 1)
#define MPI_MIN      SMVN_MPI_HANDLE(MPI_Op, 5, 2)
#define MPI_SUM      SMVN_MPI_HANDLE(MPI_Op, 5, 3)
#define MPI_PROD     SMVN_MPI_HANDLE(MPI_Op, 5, 4)
#define MPI_LAND     SMVN_MPI_HANDLE(MPI_Op, 5, 5)
#define MPI_BAND     SMVN_MPI_HANDLE(MPI_Op, 5, 6)
#define MPI_LOR      SMVN_MPI_HANDLE(MPI_Op, 5, 7)
#define MPI_BOR      SMVN_MPI_HANDLE(MPI_Op, 5, 8)
#define MPI_LXOR     SMVN_MPI_HANDLE(MPI_Op, 5, 9)
#define MPI_BXOR     SMVN_MPI_HANDLE(MPI_Op, 5, 10)
#define MPI_MAXLOC   SMVN_MPI_HANDLE(MPI_Op, 5, 11)
#define MPI_MINLOC   SMVN_MPI_HANDLE(MPI_Op, 5, 12)
#define MPI_REPLACE  SMVN_MPI_HANDLE(MPI_Op, 5, 13)
#define MPI_NO_OP    SMVN_MPI_HANDLE(MPI_Op, 5, 14)

#define MPI_DATATYPE_NULL      ((MPI_Datatype)0)
#define MPI_CHAR               SMVN_MPI_HANDLE(MPI_Datatype, 6, 1)
#define MPI_SIGNED_CHAR        SMVN_MPI_HANDLE(MPI_Datatype, 6, 2)
#define MPI_UNSIGNED_CHAR      SMVN_MPI_HANDLE(MPI_Datatype, 6, 3)
#define MPI_BYTE               SMVN_MPI_HANDLE(MPI_Datatype, 6, 4)
#define MPI_SHORT              SMVN_MPI_HANDLE(MPI_Datatype, 6, 5)
#define MPI_UNSIGNED_SHORT     SMVN_MPI_HANDLE(MPI_Datatype, 6, 6)
#define MPI_INT                SMVN_MPI_HANDLE(MPI_Datatype, 6, 7)
#define MPI_UNSIGNED           SMVN_MPI_HANDLE(MPI_Datatype, 6, 8)
#define MPI_LONG               SMVN_MPI_HANDLE(MPI_Datatype, 6, 9)
#define MPI_UNSIGNED_LONG      SMVN_MPI_HANDLE(MPI_Datatype, 6, 10)
#define MPI_LONG_LONG_INT      SMVN_MPI_HANDLE(MPI_Datatype, 6, 11)
#define MPI_LONG_LONG          MPI_LONG_LONG_INT  /* the standard makes them synonyms */
#define MPI_UNSIGNED_LONG_LONG SMVN_MPI_HANDLE(MPI_Datatype, 6, 12)
#define MPI_FLOAT              SMVN_MPI_HANDLE(MPI_Datatype, 6, 13)
#define MPI_DOUBLE             SMVN_MPI_HANDLE(MPI_Datatype, 6, 14)
#define MPI_LONG_DOUBLE        SMVN_MPI_HANDLE(MPI_Datatype, 6, 15)
#define MPI_INT8_T             SMVN_MPI_HANDLE(MPI_Datatype, 6, 16)
#define MPI_INT16_T            SMVN_MPI_HANDLE(MPI_Datatype, 6, 17)
#define MPI_INT32_T            SMVN_MPI_HANDLE(MPI_Datatype, 6, 18)
#define MPI_INT64_T            SMVN_MPI_HANDLE(MPI_Datatype, 6, 19)
#define MPI_UINT8_T            SMVN_MPI_HANDLE(MPI_Datatype, 6, 20)
#define MPI_UINT16_T           SMVN_MPI_HANDLE(MPI_Datatype, 6, 21)
#define MPI_UINT32_T           SMVN_MPI_HANDLE(MPI_Datatype, 6, 22)
#define MPI_UINT64_T           SMVN_MPI_HANDLE(MPI_Datatype, 6, 23)
#define MPI_C_BOOL             SMVN_MPI_HANDLE(MPI_Datatype, 6, 24)
#define MPI_AINT               SMVN_MPI_HANDLE(MPI_Datatype, 6, 25)
/* pair types for MAXLOC / MINLOC: { value; int index } */
#define MPI_2INT               SMVN_MPI_HANDLE(MPI_Datatype, 6, 26)
#define MPI_DOUBLE_INT         SMVN_MPI_HANDLE(MPI_Datatype, 6, 27)
#define MPI_FLOAT_INT          SMVN_MPI_HANDLE(MPI_Datatype, 6, 28)
#define MPI_LONG_INT           SMVN_MPI_HANDLE(MPI_Datatype, 6, 29)

/* ---- special buffer addresses ------------------------------------------------------ */
#define MPI_BOTTOM   ((void *)0)
#define MPI_IN_PLACE ((void *)(intptr_t)-1)

/* ---- error classes ----------------------------------------------------------------- */
#define MPI_SUCCESS       0
#define MPI_ERR_BUFFER    1
#define MPI_ERR_COUNT     2
#define MPI_ERR_TYPE      3
#define MPI_ERR_TAG       4
#define MPI_ERR_COMM      5
#define MPI_ERR_RANK      6
#define MPI_ERR_REQUEST   7
#define MPI_ERR_ROOT      8
#define MPI_ERR_GROUP     9
#define MPI_ERR_OP        10
#define MPI_ERR_ARG       11
#define MPI_ERR_UNKNOWN   12
#define MPI_ERR_TRUNCATE  13
#define MPI_ERR_OTHER     14
#define MPI_ERR_INTERN    15
#define MPI_ERR_PENDING   16
#define MPI_ERR_IN_STATUS 17
#define MPI_ERR_TOPOLOGY  18
#define MPI_ERR_DIMS      19
#define MPI_ERR_LASTCODE  0x3fff  /* every error code the library returns is <= this */

/* ---- other constants --------------------------------------------------------------- */
#define MPI_ANY_SOURCE (-2)
#define MPI_ANY_TAG    (-1)
#define MPI_PROC_NULL  (-3)
#define MPI_ROOT       (-4)
#define MPI_UNDEFINED  (-32766)

#define MPI_MAX_PROCESSOR_NAME       256
#define MPI_MAX_ERROR_STRING         512
#define MPI_MAX_LIBRARY_VERSION_STRING 256
#define MPI_MAX_INFO_KEY             255
#define MPI_MAX_INFO_VAL             1024

#define MPI_THREAD_SINGLE     0
#define MPI_THREAD_FUNNELED   1
#define MPI_THREAD_SERIALIZED 2
#define MPI_THREAD_MULTIPLE   3

/* MPI_Comm_compare results */
#define MPI_GRAPH      1  /* MPI_Topo_test results */
#define MPI_CART       2
#define MPI_DIST_GRAPH 3
#define MPI_IDENT     0
#define MPI_CONGRUENT 1
#define MPI_SIMILAR   2
#define MPI_UNEQUAL   3

/* Attribute keys of MPI_COMM_WORLD (MPI_Comm_get_attr); MPI_TAG_UB is the key whose
 * value is the largest tag, as in the standard, not the largest tag itself. */
#define MPI_TAG_UB          1
#define MPI_HOST            2
#define MPI_IO              3
#define MPI_WTIME_IS_GLOBAL 4

/* ---- callbacks --------------------------------------------------------------------- */
typedef void MPI_User_function(void *invec, void *inoutvec, int *len, MPI_Datatype *datatype);

/* ---- functions (each also as PMPI_, for profiling wrappers) ------------------------- */
/* SMVN_MPI_DECLARE(ret, Name, params) declares MPI_Name and PMPI_Name. */
#define SMVN_MPI_DECLARE(ret, name, params) ret MPI_##name params; ret PMPI_##name params;

/* environment */
SMVN_MPI_DECLARE(int, Init, (int *argc, char ***argv))
SMVN_MPI_DECLARE(int, Init_thread, (int *argc, char ***argv, int required, int *provided))
SMVN_MPI_DECLARE(int, Initialized, (int *flag))
SMVN_MPI_DECLARE(int, Finalize, (void))
SMVN_MPI_DECLARE(int, Finalized, (int *flag))
SMVN_MPI_DECLARE(int, Abort, (MPI_Comm comm, int errorcode))
SMVN_MPI_DECLARE(int, Query_thread, (int *provided))
SMVN_MPI_DECLARE(int, Is_thread_main, (int *flag))
SMVN_MPI_DECLARE(int, Get_processor_name, (char *name, int *resultlen))
SMVN_MPI_DECLARE(int, Get_version, (int *version, int *subversion))
SMVN_MPI_DECLARE(int, Get_library_version, (char *version, int *resultlen))
SMVN_MPI_DECLARE(double, Wtime, (void))
SMVN_MPI_DECLARE(double, Wtick, (void))
SMVN_MPI_DECLARE(int, Pcontrol, (const int level, ...))
SMVN_MPI_DECLARE(int, Alloc_mem, (MPI_Aint size, MPI_Info info, void *baseptr))
SMVN_MPI_DECLARE(int, Free_mem, (void *base))

/* errors */
SMVN_MPI_DECLARE(int, Comm_set_errhandler, (MPI_Comm comm, MPI_Errhandler errhandler))
SMVN_MPI_DECLARE(int, Comm_get_errhandler, (MPI_Comm comm, MPI_Errhandler *errhandler))
SMVN_MPI_DECLARE(int, Errhandler_free, (MPI_Errhandler *errhandler))
SMVN_MPI_DECLARE(int, Error_class, (int errorcode, int *errorclass))
SMVN_MPI_DECLARE(int, Error_string, (int errorcode, char *string, int *resultlen))

/* communicators */
SMVN_MPI_DECLARE(int, Comm_rank, (MPI_Comm comm, int *rank))
SMVN_MPI_DECLARE(int, Comm_size, (MPI_Comm comm, int *size))
SMVN_MPI_DECLARE(int, Comm_dup, (MPI_Comm comm, MPI_Comm *newcomm))
SMVN_MPI_DECLARE(int, Comm_free, (MPI_Comm *comm))
SMVN_MPI_DECLARE(int, Comm_split, (MPI_Comm comm, int color, int key, MPI_Comm *newcomm))
SMVN_MPI_DECLARE(int, Comm_compare, (MPI_Comm comm1, MPI_Comm comm2, int *result))
SMVN_MPI_DECLARE(int, Comm_get_attr, (MPI_Comm comm, int comm_keyval, void *attribute_val, int *flag))

/* Cartesian topologies (mpi_shim/mpi_topology.cpp) */
SMVN_MPI_DECLARE(int, Dims_create, (int nnodes, int ndims, int dims[]))
SMVN_MPI_DECLARE(int, Cart_create, (MPI_Comm comm_old, int ndims, const int dims[], const int periods[],
                                    int reorder, MPI_Comm *comm_cart))
SMVN_MPI_DECLARE(int, Cartdim_get, (MPI_Comm comm, int *ndims))
SMVN_MPI_DECLARE(int, Cart_get, (MPI_Comm comm, int maxdims, int dims[], int periods[], int coords[]))
SMVN_MPI_DECLARE(int, Cart_coords, (MPI_Comm comm, int rank, int maxdims, int coords[]))
SMVN_MPI_DECLARE(int, Cart_rank, (MPI_Comm comm, const int coords[], int *rank))
SMVN_MPI_DECLARE(int, Cart_shift, (MPI_Comm comm, int direction, int disp, int *rank_source, int *rank_dest))
SMVN_MPI_DECLARE(int, Cart_sub, (MPI_Comm comm, const int remain_dims[], MPI_Comm *newcomm))
SMVN_MPI_DECLARE(int, Topo_test, (MPI_Comm comm, int *status))

/* point to point */
SMVN_MPI_DECLARE(int, Send, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Ssend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Rsend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Bsend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Recv, (void *buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Status *status))
SMVN_MPI_DECLARE(int, Isend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
SMVN_MPI_DECLARE(int, Issend, (const void *buf, int count, MPI_Datatype datatype, int dest, int tag, MPI_Comm comm, MPI_Request *request))
SMVN_MPI_DECLARE(int, Irecv, (void *buf, int count, MPI_Datatype datatype, int source, int tag, MPI_Comm comm, MPI_Request *request))
SMVN_MPI_DECLARE(int, Sendrecv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype, int dest, int sendtag,
                                 void *recvbuf, int recvcount, MPI_Datatype recvtype, int source, int recvtag,
                                 MPI_Comm comm, MPI_Status *status))
SMVN_MPI_DECLARE(int, Sendrecv_replace, (void *buf, int count, MPI_Datatype datatype, int dest, int sendtag,
                                         int source, int recvtag, MPI_Comm comm, MPI_Status *status))
SMVN_MPI_DECLARE(int, Wait, (MPI_Request *request, MPI_Status *status))
SMVN_MPI_DECLARE(int, Waitall, (int count, MPI_Request array_of_requests[], MPI_Status *array_of_statuses))
SMVN_MPI_DECLARE(int, Waitany, (int count, MPI_Request array_of_requests[], int *index, MPI_Status *status))
SMVN_MPI_DECLARE(int, Waitsome, (int incount, MPI_Request array_of_requests[], int *outcount,
                                 int array_of_indices[], MPI_Status *array_of_statuses))
SMVN_MPI_DECLARE(int, Test, (MPI_Request *request, int *flag, MPI_Status *status))
SMVN_MPI_DECLARE(int, Testall, (int count, MPI_Request array_of_requests[], int *flag, MPI_Status *array_of_statuses))
SMVN_MPI_DECLARE(int, Testany, (int count, MPI_Request array_of_requests[], int *index, int *flag, MPI_Status *status))
SMVN_MPI_DECLARE(int, Test_cancelled, (const MPI_Status *status, int *flag))
SMVN_MPI_DECLARE(int, Cancel, (MPI_Request *request))
SMVN_MPI_DECLARE(int, Request_free, (MPI_Request *request))
SMVN_MPI_DECLARE(int, Probe, (int source, int tag, MPI_Comm comm, MPI_Status *status))
SMVN_MPI_DECLARE(int, Iprobe, (int source, int tag, MPI_Comm comm, int *flag, MPI_Status *status))
SMVN_MPI_DECLARE(int, Get_count, (const MPI_Status *status, MPI_Datatype datatype, int *count))
SMVN_MPI_DECLARE(int, Get_elements, (const MPI_Status *status, MPI_Datatype datatype, int *count))

/* collectives */
SMVN_MPI_DECLARE(int, Barrier, (MPI_Comm comm))
SMVN_MPI_DECLARE(int, Bcast, (void *buffer, int count, MPI_Datatype datatype, int root, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Reduce, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                               MPI_Op op, int root, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Allreduce, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                                  MPI_Op op, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Gather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                               void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Gatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                void *recvbuf, const int recvcounts[], const int displs[],
                                MPI_Datatype recvtype, int root, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Scatter, (const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                void *recvbuf, int recvcount, MPI_Datatype recvtype, int root, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Scatterv, (const void *sendbuf, const int sendcounts[], const int displs[],
                                 MPI_Datatype sendtype, void *recvbuf, int recvcount,
                                 MPI_Datatype recvtype, int root, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Allgather, (const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                  void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Allgatherv, (const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                   void *recvbuf, const int recvcounts[], const int displs[],
                                   MPI_Datatype recvtype, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Alltoall, (const void *sendbuf, int sendcount, MPI_Datatype sendtype,
                                 void *recvbuf, int recvcount, MPI_Datatype recvtype, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Alltoallv, (const void *sendbuf, const int sendcounts[], const int sdispls[],
                                  MPI_Datatype sendtype, void *recvbuf, const int recvcounts[],
                                  const int rdispls[], MPI_Datatype recvtype, MPI_Comm comm))
SMVN_MPI_DECLARE(int, Scan, (const void *sendbuf, void *recvbuf, int count, MPI_Datatype datatype,
                             MPI_Op op, MPI_Comm comm))

/* datatypes */
SMVN_MPI_DECLARE(int, Type_size, (MPI_Datatype datatype, int *size))
SMVN_MPI_DECLARE(int, Type_get_extent, (MPI_Datatype datatype, MPI_Aint *lb, MPI_Aint *extent))
SMVN_MPI_DECLARE(int, Type_contiguous, (int count, MPI_Datatype oldtype, MPI_Datatype *newtype))
SMVN_MPI_DECLARE(int, Type_vector, (int count, int blocklength, int stride, MPI_Datatype oldtype,
                                    MPI_Datatype *newtype))
SMVN_MPI_DECLARE(int, Type_commit, (MPI_Datatype *datatype))
SMVN_MPI_DECLARE(int, Type_free, (MPI_Datatype *datatype))
SMVN_MPI_DECLARE(int, Get_address, (const void *location, MPI_Aint *address))

/* reduction operations */
SMVN_MPI_DECLARE(int, Op_create, (MPI_User_function *user_fn, int commute, MPI_Op *op))
SMVN_MPI_DECLARE(int, Op_free, (MPI_Op *op))

/* one-sided windows */
SMVN_MPI_DECLARE(int, Win_create, (void *base, MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm,
                                   MPI_Win *win))
SMVN_MPI_DECLARE(int, Win_allocate, (MPI_Aint size, int disp_unit, MPI_Info info, MPI_Comm comm,
                                     void *baseptr, MPI_Win *win))
SMVN_MPI_DECLARE(int, Win_create_dynamic, (MPI_Info info, MPI_Comm comm, MPI_Win *win))
SMVN_MPI_DECLARE(int, Win_attach, (MPI_Win win, void *base, MPI_Aint size))
SMVN_MPI_DECLARE(int, Win_free, (MPI_Win *win))

/* info objects */
SMVN_MPI_DECLARE(int, Info_create, (MPI_Info *info))
SMVN_MPI_DECLARE(int, Info_set, (MPI_Info info, const char *key, const char *value))
SMVN_MPI_DECLARE(int, Info_free, (MPI_Info *info))

#undef SMVN_MPI_DECLARE

#ifdef __cplusplus
}
#endif

#endif /* SMVN_MPI_H */
