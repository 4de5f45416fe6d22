// Datatypes (the predefined ones; derived types are contiguous runs of them) and the
// predefined reduction operations on them, plus user operations (MPI_Op_create).
#include <cstring>
#include <type_traits>

#include "mpi_shim/mpi_internal.h"

namespace smvn::mpi::detail {
namespace {

// The pair types of MAXLOC / MINLOC, laid out as C lays out { value; int index; }.
template <typename V> struct Pair {
  V value;
  int index;
};

TypeInfo make(const char* name, std::size_t size, std::size_t extent, int basic) {
  TypeInfo t;
  t.valid = true;
  t.name = name;
  t.size = size;
  t.extent = extent;
  t.basic = basic;
  t.basic_count = 1;
  return t;
}

const TypeInfo* basic_table() {
  static TypeInfo table[30];
  static bool ready = false;
  if (ready) return table;
  table[1] = make("MPI_CHAR", sizeof(char), sizeof(char), 1);
  table[2] = make("MPI_SIGNED_CHAR", sizeof(signed char), sizeof(signed char), 2);
  table[3] = make("MPI_UNSIGNED_CHAR", sizeof(unsigned char), sizeof(unsigned char), 3);
  table[4] = make("MPI_BYTE", 1, 1, 4);
  table[5] = make("MPI_SHORT", sizeof(short), sizeof(short), 5);
  table[6] = make("MPI_UNSIGNED_SHORT", sizeof(unsigned short), sizeof(unsigned short), 6);
  table[7] = make("MPI_INT", sizeof(int), sizeof(int), 7);
  table[8] = make("MPI_UNSIGNED", sizeof(unsigned), sizeof(unsigned), 8);
  table[9] = make("MPI_LONG", sizeof(long), sizeof(long), 9);
  table[10] = make("MPI_UNSIGNED_LONG", sizeof(unsigned long), sizeof(unsigned long), 10);
  table[11] = make("MPI_LONG_LONG", sizeof(long long), sizeof(long long), 11);
  table[12] = make("MPI_UNSIGNED_LONG_LONG", sizeof(unsigned long long),
                   sizeof(unsigned long long), 12);
  table[13] = make("MPI_FLOAT", sizeof(float), sizeof(float), 13);
  table[14] = make("MPI_DOUBLE", sizeof(double), sizeof(double), 14);
  table[15] = make("MPI_LONG_DOUBLE", sizeof(long double), sizeof(long double), 15);
  table[16] = make("MPI_INT8_T", 1, 1, 16);
  table[17] = make("MPI_INT16_T", 2, 2, 17);
  table[18] = make("MPI_INT32_T", 4, 4, 18);
  table[19] = make("MPI_INT64_T", 8, 8, 19);
  table[20] = make("MPI_UINT8_T", 1, 1, 20);
  table[21] = make("MPI_UINT16_T", 2, 2, 21);
  table[22] = make("MPI_UINT32_T", 4, 4, 22);
  table[23] = make("MPI_UINT64_T", 8, 8, 23);
  table[24] = make("MPI_C_BOOL", sizeof(bool), sizeof(bool), 24);
  table[25] = make("MPI_AINT", sizeof(MPI_Aint), sizeof(MPI_Aint), 25);
  // Pair types: the size counts the data bytes (value + int), the extent includes C's
  // padding; messages carry whole extents, as the elements lie in memory.
  table[26] = make("MPI_2INT", 2 * sizeof(int), sizeof(Pair<int>), 26);
  table[27] = make("MPI_DOUBLE_INT", sizeof(double) + sizeof(int), sizeof(Pair<double>), 27);
  table[28] = make("MPI_FLOAT_INT", sizeof(float) + sizeof(int), sizeof(Pair<float>), 28);
  table[29] = make("MPI_LONG_INT", sizeof(long) + sizeof(int), sizeof(Pair<long>), 29);
  ready = true;
  return table;
}

enum OpCode { MAX = 1, MIN, SUM, PROD, LAND, BAND, LOR, BOR, LXOR, BXOR, MAXLOC, MINLOC };

template <typename T> bool arith(int op, const T* in, T* io, std::size_t n) {
  switch (op) {
    case MAX: for (std::size_t i = 0; i < n; ++i) io[i] = in[i] > io[i] ? in[i] : io[i]; return true;
    case MIN: for (std::size_t i = 0; i < n; ++i) io[i] = in[i] < io[i] ? in[i] : io[i]; return true;
    case SUM: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(in[i] + io[i]); return true;
    case PROD: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(in[i] * io[i]); return true;
    default: return false;
  }
}

template <typename T> bool logical(int op, const T* in, T* io, std::size_t n) {
  switch (op) {
    case LAND: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(in[i] && io[i]); return true;
    case LOR: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(in[i] || io[i]); return true;
    case LXOR: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(!in[i] != !io[i]); return true;
    default: return false;
  }
}

template <typename T> bool bitwise(int op, const T* in, T* io, std::size_t n) {
  switch (op) {
    case BAND: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(in[i] & io[i]); return true;
    case BOR: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(in[i] | io[i]); return true;
    case BXOR: for (std::size_t i = 0; i < n; ++i) io[i] = static_cast<T>(in[i] ^ io[i]); return true;
    default: return false;
  }
}

template <typename T> bool integer(int op, const void* in, void* io, std::size_t n) {
  auto a = static_cast<const T*>(in);
  auto b = static_cast<T*>(io);
  return arith(op, a, b, n) || logical(op, a, b, n) || bitwise(op, a, b, n);
}

template <typename T> bool floating(int op, const void* in, void* io, std::size_t n) {
  return arith(op, static_cast<const T*>(in), static_cast<T*>(io), n);
}

// MAXLOC / MINLOC: the winning value, and on a tie the smaller index (MPI 3.1 5.9.4).
template <typename V> bool loc(int op, const void* in, void* io, std::size_t n) {
  auto a = static_cast<const Pair<V>*>(in);
  auto b = static_cast<Pair<V>*>(io);
  if (op != MAXLOC && op != MINLOC) return false;
  for (std::size_t i = 0; i < n; ++i) {
    const bool a_wins = op == MAXLOC ? a[i].value > b[i].value : a[i].value < b[i].value;
    if (a_wins) b[i] = a[i];
    else if (a[i].value == b[i].value && a[i].index < b[i].index) b[i].index = a[i].index;
  }
  return true;
}

bool predefined(int op, int basic, const void* in, void* io, std::size_t n) {
  switch (basic) {
    case 1: return integer<char>(op, in, io, n);
    case 2: return integer<signed char>(op, in, io, n);
    case 3: return integer<unsigned char>(op, in, io, n);
    case 4: return bitwise(op, static_cast<const unsigned char*>(in), static_cast<unsigned char*>(io), n);
    case 5: return integer<short>(op, in, io, n);
    case 6: return integer<unsigned short>(op, in, io, n);
    case 7: return integer<int>(op, in, io, n);
    case 8: return integer<unsigned>(op, in, io, n);
    case 9: return integer<long>(op, in, io, n);
    case 10: return integer<unsigned long>(op, in, io, n);
    case 11: return integer<long long>(op, in, io, n);
    case 12: return integer<unsigned long long>(op, in, io, n);
    case 13: return floating<float>(op, in, io, n);
    case 14: return floating<double>(op, in, io, n);
    case 15: return floating<long double>(op, in, io, n);
    case 16: return integer<int8_t>(op, in, io, n);
    case 17: return integer<int16_t>(op, in, io, n);
    case 18: return integer<int32_t>(op, in, io, n);
    case 19: return integer<int64_t>(op, in, io, n);
    case 20: return integer<uint8_t>(op, in, io, n);
    case 21: return integer<uint16_t>(op, in, io, n);
    case 22: return integer<uint32_t>(op, in, io, n);
    case 23: return integer<uint64_t>(op, in, io, n);
    case 24: return logical(op, static_cast<const bool*>(in), static_cast<bool*>(io), n);
    case 25: return integer<MPI_Aint>(op, in, io, n);
    case 26: return loc<int>(op, in, io, n);
    case 27: return loc<double>(op, in, io, n);
    case 28: return loc<float>(op, in, io, n);
    case 29: return loc<long>(op, in, io, n);
    default: return false;
  }
}

}  // namespace

const TypeInfo& basic_type(int index) { return basic_table()[index]; }

bool apply_op(RankState& rs, const OpInfo& op, MPI_Datatype type_handle, const TypeInfo& type,
              const void* in, void* inout, int count, std::string& why) {
  // count 0 only checks that the operation is defined on the type (collectives check
  // before communicating, so that every rank fails alike instead of some deadlocking).
  const std::size_t elements = count > 0 ? static_cast<std::size_t>(count) * type.basic_count : 0;
  if (elements) charge(rs, elements * World::current()->options().costs.reduce_per_element);
  if (!op.predefined) {
    if (count <= 0) return true;
    int len = count;
    MPI_Datatype t = type_handle;
    op.fn(const_cast<void*>(in), inout, &len, &t);
    return true;
  }
  if (op.predefined == 13 || op.predefined == 14) {
    why = op.name + " is only for one-sided accumulate operations, not for reductions";
    return false;
  }
  if (!predefined(op.predefined, type.basic, in, inout, elements)) {
    why = op.name + " is not defined on " + type.name;
    return false;
  }
  return true;
}

}  // namespace smvn::mpi::detail
