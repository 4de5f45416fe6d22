# Runs COMMAND (a ;-list) twice and fails unless both runs print the same standard output
# and exit 0: the simulator is deterministic for a fixed configuration and seed.
# With -DSTATS=FILE the statistics file each run writes must be the same too.
# cmake -DCOMMAND="prog;arg;..." [-DSTATS=out/stats.txt] -P same_output_twice.cmake
foreach(run 1 2)
  execute_process(COMMAND ${COMMAND} OUTPUT_VARIABLE out${run} ERROR_VARIABLE err${run} RESULT_VARIABLE rc${run})
  if(NOT rc${run} EQUAL 0)
    message(FATAL_ERROR "run ${run} exited with ${rc${run}}:\n${err${run}}")
  endif()
  if(DEFINED STATS)
    file(READ ${STATS} stats${run})
  endif()
endforeach()
if(DEFINED STATS AND NOT stats1 STREQUAL stats2)
  message(FATAL_ERROR "the two runs wrote different statistics (${STATS})")
endif()
if(NOT out1 STREQUAL out2)
  message(FATAL_ERROR "the two runs printed different output:\n--- first\n${out1}\n--- second\n${out2}")
endif()
string(LENGTH "${out1}" n)
if(n LESS 200)
  message(FATAL_ERROR "suspiciously little output (${n} bytes):\n${out1}")
endif()
message(STATUS "identical output, ${n} bytes")
