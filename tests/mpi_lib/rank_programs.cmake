# Included from tests/CMakeLists.txt for the mpi_lib area (the test_mpi_lib target).
#
# The MPI programs the library tests run, built at build time by build/bin/smvn-mpicc
# with the flags run_openmpi.sh uses for Open MPI: the semantics suite (tests/mpi), the
# OSU-method benchmarks (apps/omb) and this area's own misuse program.
set(MPILIB_OUT ${CMAKE_CURRENT_BINARY_DIR}/mpi_lib_programs)
set(MPILIB_MPICC ${CMAKE_BINARY_DIR}/bin/smvn-mpicc)
set(MPILIB_DEPS ${MPILIB_MPICC} ${CMAKE_SOURCE_DIR}/mpi_shim/include/mpi.h
                ${CMAKE_SOURCE_DIR}/mpi_shim/runtime/smvn_block_counter.c)
set(MPILIB_CFLAGS -std=c11 -pedantic -O2 -Wall -Wextra -Werror)
file(MAKE_DIRECTORY ${MPILIB_OUT})

set(mpilib_outputs)
# mpilib_program(NAME SOURCES...)
function(mpilib_program name)
  add_custom_command(OUTPUT ${MPILIB_OUT}/${name}.so
    COMMAND ${MPILIB_MPICC} ${MPILIB_CFLAGS} ${ARGN} -lm -o ${MPILIB_OUT}/${name}.so
    DEPENDS ${ARGN} ${MPILIB_DEPS}
    COMMENT "smvn-mpicc ${name}")
  set(mpilib_outputs ${mpilib_outputs} ${MPILIB_OUT}/${name}.so PARENT_SCOPE)
endfunction()

set(MPI_SUITE ${CMAKE_SOURCE_DIR}/tests/mpi)
foreach(p mpi_env mpi_p2p mpi_collectives mpi_topology)
  mpilib_program(${p} ${MPI_SUITE}/${p}.c ${MPI_SUITE}/mpi_check.c)
endforeach()
foreach(p globals exit_rank abort_rank)
  mpilib_program(${p} ${MPI_SUITE}/${p}.c)
endforeach()
set(OMB ${CMAKE_SOURCE_DIR}/apps/omb)
foreach(p osu_latency osu_bw osu_bibw osu_multi_lat)
  mpilib_program(${p} ${OMB}/${p}.c ${OMB}/omb_util.c)
endforeach()
mpilib_program(misuse ${CMAKE_CURRENT_SOURCE_DIR}/mpi_lib/programs/misuse.c)
mpilib_program(rank_faults ${CMAKE_CURRENT_SOURCE_DIR}/mpi_lib/programs/rank_faults.c)
mpilib_program(deadlock ${CMAKE_CURRENT_SOURCE_DIR}/mpi_lib/programs/deadlock.c)
mpilib_program(compute_time ${CMAKE_CURRENT_SOURCE_DIR}/mpi_lib/programs/compute_time.c)

add_custom_target(mpi_lib_rank_programs DEPENDS ${mpilib_outputs})
add_dependencies(test_mpi_lib mpi_lib_rank_programs)
target_link_libraries(test_mpi_lib PRIVATE smvn_mpi smvn_mpi_loader)
target_include_directories(test_mpi_lib PRIVATE ${CMAKE_SOURCE_DIR}/mpi_shim/include)
target_compile_definitions(test_mpi_lib PRIVATE SMVN_MPI_LIB_PROGRAM_DIR="${MPILIB_OUT}")
