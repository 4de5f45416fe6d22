/*
 * MPI environment semantics: MPI_Initialized / MPI_Finalized around MPI_Init_thread and
 * MPI_Finalize, the thread-level constants, MPI_Type_size of the basic C datatypes,
 * MPI_Get_address, MPI_Wtime and MPI_Wtick.
 *
 * Runs on any number of ranks; exits 0 when every check passed on every rank.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <mpi.h>

#include "mpi_check.h"

static void test_thread_levels(int provided)
{
    mc_begin("thread levels");
    /* The standard orders the levels: SINGLE < FUNNELED < SERIALIZED < MULTIPLE. */
    MC_CHECK("init_thread_levels_ordered",
             MPI_THREAD_SINGLE < MPI_THREAD_FUNNELED &&
                 MPI_THREAD_FUNNELED < MPI_THREAD_SERIALIZED &&
                 MPI_THREAD_SERIALIZED < MPI_THREAD_MULTIPLE,
             "levels SINGLE=%d FUNNELED=%d SERIALIZED=%d MULTIPLE=%d", MPI_THREAD_SINGLE,
             MPI_THREAD_FUNNELED, MPI_THREAD_SERIALIZED, MPI_THREAD_MULTIPLE);
    MC_CHECK("init_thread_provided",
             provided >= MPI_THREAD_SINGLE && provided <= MPI_THREAD_MULTIPLE,
             "provided level %d is not one of the four levels", provided);
}

static void test_initialized_finalized(void)
{
    int flag = -1;

    mc_begin("initialized/finalized while running");
    MC_CALL("initialized_after_init", MPI_Initialized(&flag));
    MC_CHECK("initialized_after_init", flag != 0, "MPI_Initialized gave %d after MPI_Init_thread",
             flag);
    flag = -1;
    MC_CALL("finalized_before_finalize", MPI_Finalized(&flag));
    MC_CHECK("finalized_before_finalize", flag == 0, "MPI_Finalized gave %d before MPI_Finalize",
             flag);
}

/* One datatype with the C type it must describe. */
struct type_case {
    MPI_Datatype type;
    const char *name;
    size_t c_size;
};

static void test_type_sizes(void)
{
    /* Initialized at run time: in some MPIs the handles are not constant expressions. */
    const struct type_case cases[] = {
        {MPI_CHAR, "MPI_CHAR", sizeof(char)},
        {MPI_SIGNED_CHAR, "MPI_SIGNED_CHAR", sizeof(signed char)},
        {MPI_UNSIGNED_CHAR, "MPI_UNSIGNED_CHAR", sizeof(unsigned char)},
        {MPI_BYTE, "MPI_BYTE", 1},
        {MPI_SHORT, "MPI_SHORT", sizeof(short)},
        {MPI_UNSIGNED_SHORT, "MPI_UNSIGNED_SHORT", sizeof(unsigned short)},
        {MPI_INT, "MPI_INT", sizeof(int)},
        {MPI_UNSIGNED, "MPI_UNSIGNED", sizeof(unsigned)},
        {MPI_LONG, "MPI_LONG", sizeof(long)},
        {MPI_UNSIGNED_LONG, "MPI_UNSIGNED_LONG", sizeof(unsigned long)},
        {MPI_LONG_LONG, "MPI_LONG_LONG", sizeof(long long)},
        {MPI_UNSIGNED_LONG_LONG, "MPI_UNSIGNED_LONG_LONG", sizeof(unsigned long long)},
        {MPI_FLOAT, "MPI_FLOAT", sizeof(float)},
        {MPI_DOUBLE, "MPI_DOUBLE", sizeof(double)},
        {MPI_LONG_DOUBLE, "MPI_LONG_DOUBLE", sizeof(long double)},
        {MPI_INT8_T, "MPI_INT8_T", sizeof(int8_t)},
        {MPI_INT16_T, "MPI_INT16_T", sizeof(int16_t)},
        {MPI_INT32_T, "MPI_INT32_T", sizeof(int32_t)},
        {MPI_INT64_T, "MPI_INT64_T", sizeof(int64_t)},
        {MPI_UINT8_T, "MPI_UINT8_T", sizeof(uint8_t)},
        {MPI_UINT16_T, "MPI_UINT16_T", sizeof(uint16_t)},
        {MPI_UINT32_T, "MPI_UINT32_T", sizeof(uint32_t)},
        {MPI_UINT64_T, "MPI_UINT64_T", sizeof(uint64_t)},
        {MPI_AINT, "MPI_AINT", sizeof(MPI_Aint)},
    };

    mc_begin("type sizes");
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int size = -1;
        MC_CALL("type_size", MPI_Type_size(cases[i].type, &size));
        MC_CHECK("type_size", size >= 0 && (size_t)size == cases[i].c_size,
                 "MPI_Type_size(%s) = %d, the C type has %zu bytes", cases[i].name, size,
                 cases[i].c_size);
    }
}

static void test_get_address(void)
{
    struct record {
        char tag;
        double value;
        int items[4];
    } record;
    MPI_Aint base = 0, value_at = 0, item3_at = 0;

    mc_begin("get_address");
    MC_CALL("get_address", MPI_Get_address(&record, &base));
    MC_CALL("get_address", MPI_Get_address(&record.value, &value_at));
    MC_CALL("get_address", MPI_Get_address(&record.items[3], &item3_at));

    /* Address differences inside one object equal the C offsets. */
    MC_CHECK("get_address_offsets", value_at - base == (MPI_Aint)offsetof(struct record, value),
             "field 'value' at +%ld, offsetof says %zu", (long)(value_at - base),
             offsetof(struct record, value));
    MC_CHECK("get_address_offsets",
             item3_at - base == (MPI_Aint)(offsetof(struct record, items) + 3 * sizeof(int)),
             "items[3] at +%ld, expected %zu", (long)(item3_at - base),
             offsetof(struct record, items) + 3 * sizeof(int));
    /* An address must fit: MPI_Aint is at least as wide as a pointer. */
    MC_CHECK("aint_width", sizeof(MPI_Aint) >= sizeof(void *),
             "MPI_Aint has %zu bytes, a pointer %zu", sizeof(MPI_Aint), sizeof(void *));
}

static void test_wtime(void)
{
    mc_begin("wtime/wtick");

    double tick = MPI_Wtick();
    MC_CHECK("wtick_positive", tick > 0.0 && tick < 1.0, "MPI_Wtick() = %g", tick);

    /* Successive readings never go backwards. */
    double first = MPI_Wtime();
    double previous = first;
    long backwards = 0;
    for (int i = 0; i < 100000; i++) {
        double now = MPI_Wtime();
        if (now < previous) {
            backwards++;
        }
        previous = now;
    }
    MC_CHECK("wtime_monotonic", backwards == 0, "MPI_Wtime went backwards %ld times", backwards);

    /*
     * The clock also moves: a program that polls MPI_Wtime (as every benchmark loop does)
     * must see time pass. A simulator satisfies this by charging time per call, as
     * SimGrid SMPI does.
     */
    int advanced = previous > first;
    for (long i = 0; i < 1000000L && !advanced; i++) {
        advanced = MPI_Wtime() > first;
    }
    MC_CHECK("wtime_advances", advanced, "MPI_Wtime stayed at %.9f over 1100000 calls", first);
    MC_CHECK("wtime_non_negative", first >= 0.0, "MPI_Wtime() = %g", first);
}

int main(int argc, char **argv)
{
    int flag = -1;
    int provided = -1;

    /* MPI_Initialized is one of the few calls allowed before initialization. */
    MPI_Initialized(&flag);
    const int initialized_before = flag;

    MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided);
    if (mc_init("mpi_env", argc, argv) != 0) {
        MPI_Finalize();
        return 2;
    }

    MC_CHECK("initialized_before_init", initialized_before == 0,
             "MPI_Initialized gave %d before MPI_Init_thread", initialized_before);
    test_thread_levels(provided);
    test_initialized_finalized();
    test_type_sizes();
    test_get_address();
    test_wtime();

    int status = mc_finish("mpi_env");
    MPI_Finalize();

    /* After MPI_Finalize, both queries are still allowed and both report true. */
    flag = -1;
    MPI_Finalized(&flag);
    if (flag == 0) {
        printf("FAIL finalized_after_finalize: rank %d: MPI_Finalized gave 0\n", mc_rank);
        status = 1;
    }
    flag = -1;
    MPI_Initialized(&flag);
    if (flag == 0) {
        printf("FAIL initialized_after_finalize: rank %d: MPI_Initialized gave 0\n", mc_rank);
        status = 1;
    }
    return status;
}
