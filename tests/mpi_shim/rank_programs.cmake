# Included from tests/CMakeLists.txt for the mpi_shim area (the test_mpi_shim target).
#
# The C programs the loader tests load are built here, at build time, by the configured
# build/bin/smvn-mpicc: the tests then need no compiler at run time, and a change to
# mpi.h or to the wrapper rebuilds them. Building them is itself a test of the wrapper's
# option handling (-O2, -Wall, -I, -D, -c, several objects, -l).
set(RANK_SRC ${CMAKE_CURRENT_SOURCE_DIR}/mpi_shim/programs)
set(RANK_OUT ${CMAKE_CURRENT_BINARY_DIR}/mpi_shim_programs)
set(MPICC ${CMAKE_BINARY_DIR}/bin/smvn-mpicc)
set(MPICC_DEPS ${MPICC} ${CMAKE_SOURCE_DIR}/mpi_shim/include/mpi.h)
file(MAKE_DIRECTORY ${RANK_OUT})

set(rank_program_outputs)
foreach(prog globals exits args interleave atexit_rank shadow no_main unresolved)
  add_custom_command(OUTPUT ${RANK_OUT}/${prog}.so
    COMMAND ${MPICC} -O2 -Wall -Wextra -Werror ${RANK_SRC}/${prog}.c -o ${RANK_OUT}/${prog}.so
    DEPENDS ${RANK_SRC}/${prog}.c ${MPICC_DEPS}
    COMMENT "smvn-mpicc ${prog}.c")
  list(APPEND rank_program_outputs ${RANK_OUT}/${prog}.so)
endforeach()

# Two sources compiled separately (-c), then linked into one program.
foreach(part main util)
  add_custom_command(OUTPUT ${RANK_OUT}/multi_${part}.o
    COMMAND ${MPICC} -c -O2 -Wall -Werror -I${RANK_SRC}/include -DSCALE=10
            ${RANK_SRC}/multi_${part}.c -o ${RANK_OUT}/multi_${part}.o
    DEPENDS ${RANK_SRC}/multi_${part}.c ${RANK_SRC}/include/multi_util.h ${MPICC_DEPS}
    COMMENT "smvn-mpicc -c multi_${part}.c")
endforeach()
add_custom_command(OUTPUT ${RANK_OUT}/multi.so
  COMMAND ${MPICC} ${RANK_OUT}/multi_main.o ${RANK_OUT}/multi_util.o -lm -o ${RANK_OUT}/multi.so
  DEPENDS ${RANK_OUT}/multi_main.o ${RANK_OUT}/multi_util.o ${MPICC_DEPS}
  COMMENT "smvn-mpicc multi_main.o multi_util.o -lm")
list(APPEND rank_program_outputs ${RANK_OUT}/multi.so)

add_custom_target(mpi_shim_rank_programs DEPENDS ${rank_program_outputs})
add_dependencies(test_mpi_shim mpi_shim_rank_programs)
target_link_libraries(test_mpi_shim PRIVATE smvn_mpi_loader)
target_include_directories(test_mpi_shim PRIVATE ${CMAKE_SOURCE_DIR}/mpi_shim/include)
target_compile_definitions(test_mpi_shim PRIVATE
  SMVN_RANK_PROGRAM_DIR="${RANK_OUT}"
  SMVN_RANK_PROGRAM_SOURCE_DIR="${RANK_SRC}")
# The test fixture's own hooks (smvn_test_*) that the test programs call.
target_link_options(test_mpi_shim PRIVATE
  "LINKER:--dynamic-list=${CMAKE_CURRENT_SOURCE_DIR}/mpi_shim/test_exports.list")
# mpi.h must compile cleanly as pedantic C++ too.
set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/mpi_shim/test_mpi_h.cpp
  PROPERTIES COMPILE_OPTIONS "-pedantic;-Werror")

# mpi.h as strict C99: a C program that checks the constants at run time and the
# prototypes in unevaluated sizeof expressions (so it links without an MPI library).
add_executable(mpi_h_c99_check ${CMAKE_CURRENT_SOURCE_DIR}/mpi_shim/mpi_h_c99.c)
set_target_properties(mpi_h_c99_check PROPERTIES C_STANDARD 99 C_STANDARD_REQUIRED ON
                                                 C_EXTENSIONS OFF)
target_compile_options(mpi_h_c99_check PRIVATE -Wall -Wextra -Werror -pedantic -Wunused-parameter)
target_include_directories(mpi_h_c99_check PRIVATE ${CMAKE_SOURCE_DIR}/mpi_shim/include)
add_test(NAME MpiHeader.StrictC99ConstantsAreConsistent COMMAND mpi_h_c99_check)

# The wrapper's -show prints the full command (our include dir first, the shared-object
# and --wrap link options last) and runs nothing.
add_test(NAME SmvnMpicc.ShowPrintsTheCommand
         COMMAND ${MPICC} -show -O2 -DX=1 prog.c -o prog -lm)
set_tests_properties(SmvnMpicc.ShowPrintsTheCommand PROPERTIES PASS_REGULAR_EXPRESSION
  "^[^ ]+ -O2 -fPIC -c [^ ]+/runtime/smvn_block_counter.c -o <tmp>/smvn_block_counter.o\n[^ ]+ -I${CMAKE_SOURCE_DIR}/mpi_shim/include -O2 -DX=1 prog.c -o prog -lm -fPIC -fexceptions -fstack-clash-protection -fsanitize-coverage=trace-pc <tmp>/smvn_block_counter.o -shared -Wl,-Bsymbolic -Wl,--wrap=exit,--wrap=_exit,--wrap=_Exit,--wrap=quick_exit,--wrap=abort -Wl,--wrap=sleep,--wrap=usleep,--wrap=nanosleep,--wrap=clock_nanosleep -Wl,--wrap=gettimeofday,--wrap=clock_gettime,--wrap=time\n$")
add_test(NAME SmvnMpicc.CompileOnlyDoesNotLink COMMAND ${MPICC} -show -c prog.c)
set_tests_properties(SmvnMpicc.CompileOnlyDoesNotLink PROPERTIES PASS_REGULAR_EXPRESSION
  "^[^ ]+ -I[^ ]+ -c prog.c -fPIC -fexceptions -fstack-clash-protection -fsanitize-coverage=trace-pc\n$")
add_test(NAME SmvnMpicc.RefusesStatic COMMAND ${MPICC} -static prog.c)
set_tests_properties(SmvnMpicc.RefusesStatic PROPERTIES
  PASS_REGULAR_EXPRESSION "smvn-mpicc: '-static' is not possible: rank programs are shared objects")
