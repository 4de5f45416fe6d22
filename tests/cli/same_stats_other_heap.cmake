# Runs COMMAND twice, with two output folders of different name lengths and the second
# time with another malloc layout (GLIBC_TUNABLES), and fails unless both runs write the
# same statistics: nothing of where the host put the programs' or the simulator's own
# buffers may leak into the results.
# cmake -DCOMMAND="smvn-sim;mpirun;..." -DPROGRAM="osu_bw;-m;..." -DOUT_A=dir -DOUT_B=dir -P ...
# (the run is COMMAND -o DIR PROGRAM)
execute_process(COMMAND ${COMMAND} -o ${OUT_A} ${PROGRAM} OUTPUT_QUIET ERROR_VARIABLE err1 RESULT_VARIABLE rc1)
if(NOT rc1 EQUAL 0)
  message(FATAL_ERROR "run 1 exited with ${rc1}:\n${err1}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E env GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4096
                        ${COMMAND} -o ${OUT_B} ${PROGRAM} OUTPUT_QUIET ERROR_VARIABLE err2 RESULT_VARIABLE rc2)
if(NOT rc2 EQUAL 0)
  message(FATAL_ERROR "run 2 exited with ${rc2}:\n${err2}")
endif()
file(READ ${OUT_A}/stats.txt a)
file(READ ${OUT_B}/stats.txt b)
if(NOT a STREQUAL b)
  message(FATAL_ERROR "the statistics depend on the host's memory layout (${OUT_A}/stats.txt vs ${OUT_B}/stats.txt)")
endif()
message(STATUS "identical statistics under two heap layouts")
