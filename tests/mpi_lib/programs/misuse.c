/*
 * Wrong MPI calls, for the library's error reporting tests. argv[1] picks the case:
 *   send99          MPI_Send to rank 99 under the default MPI_ERRORS_ARE_FATAL
 *   returned        the same and an unimplemented call under MPI_ERRORS_RETURN: prints the
 *                   error classes and strings, exits 0
 *   win_fatal       MPI_Win_create (not implemented) under MPI_ERRORS_ARE_FATAL
 *   before_init     MPI_Send before MPI_Init
 *   truncate_fatal  rank 1 receives 10 ints into room for 5 under MPI_ERRORS_ARE_FATAL
 * Needs 2 ranks. Prints "REACHED <case>" if a fatal case returns to the program.
 */
#include <stdio.h>
#include <string.h>

#include <mpi.h>

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    int rank = -1, data[10] = {0};

    if (strcmp(mode, "before_init") == 0) {
        MPI_Send(data, 1, MPI_INT, 0, 0, MPI_COMM_WORLD);
        printf("REACHED %s\n", mode);
        return 1;
    }
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);

    if (strcmp(mode, "send99") == 0) {
        if (rank == 0) {
            MPI_Send(data, 1, MPI_INT, 99, 0, MPI_COMM_WORLD);
            printf("REACHED %s\n", mode);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    } else if (strcmp(mode, "returned") == 0) {
        char text[MPI_MAX_ERROR_STRING];
        int len = 0, cls = -1;
        MPI_Comm_set_errhandler(MPI_COMM_WORLD, MPI_ERRORS_RETURN);
        if (rank == 0) {
            int rc = MPI_Send(data, 1, MPI_INT, 99, 0, MPI_COMM_WORLD);
            MPI_Error_class(rc, &cls);
            MPI_Error_string(rc, text, &len);
            printf("send99 rc_nonzero=%d class_is_rank=%d len_ok=%d text=%s\n", rc != MPI_SUCCESS,
                   cls == MPI_ERR_RANK, len == (int)strlen(text), text);
            MPI_Win win = MPI_WIN_NULL;
            static int window[4];
            rc = MPI_Win_create(window, sizeof window, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &win);
            MPI_Error_class(rc, &cls);
            MPI_Error_string(rc, text, &len);
            printf("win rc_nonzero=%d class_is_other=%d text=%s\n", rc != MPI_SUCCESS,
                   cls == MPI_ERR_OTHER, text);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    } else if (strcmp(mode, "win_fatal") == 0) {
        MPI_Win win = MPI_WIN_NULL;
        static int window[4];
        if (rank == 1) {
            MPI_Win_create(window, sizeof window, 1, MPI_INFO_NULL, MPI_COMM_WORLD, &win);
            printf("REACHED %s\n", mode);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    } else if (strcmp(mode, "truncate_fatal") == 0) {
        if (rank == 0) {
            MPI_Send(data, 10, MPI_INT, 1, 5, MPI_COMM_WORLD);
        } else if (rank == 1) {
            MPI_Recv(data, 5, MPI_INT, 0, 5, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            printf("REACHED %s\n", mode);
        }
        MPI_Barrier(MPI_COMM_WORLD);
    } else {
        if (rank == 0) {
            fprintf(stderr, "misuse: unknown case '%s'\n", mode);
        }
        MPI_Finalize();
        return 2;
    }
    MPI_Finalize();
    return 0;
}
