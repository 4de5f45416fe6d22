# A golden regression test: runs COMMAND (a ;-list; `-o DIR` is put in after its first
# PREFIX_WORDS words, before a program's own arguments) and compares what it prints on
# stdout and the statistics it writes with the committed references NAME.out and
# NAME.stats.txt in GOLDEN_DIR. Byte for byte: the simulator is deterministic, so any
# change is a change of the model, to be made on purpose and committed with new
# references (`./smvn test --update-golden`, which sets SMVN_UPDATE_GOLDEN=1 and prints
# the changed figures).
# cmake -DNAME=n -DCOMMAND="smvn-sim;probe;numa;--csv" -DPREFIX_WORDS=3 -DOUT=dir -DGOLDEN_DIR=dir -P golden.cmake
list(SUBLIST COMMAND 0 ${PREFIX_WORDS} head)
list(LENGTH COMMAND n)
math(EXPR rest "${n} - ${PREFIX_WORDS}")
list(SUBLIST COMMAND ${PREFIX_WORDS} ${rest} tail)
file(REMOVE_RECURSE ${OUT})
execute_process(COMMAND ${head} -o ${OUT} ${tail} OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${NAME}: the run exited with ${rc}:\n${err}")
endif()
file(READ ${OUT}/stats.txt stats)
set(ref_out ${GOLDEN_DIR}/${NAME}.out)
set(ref_stats ${GOLDEN_DIR}/${NAME}.stats.txt)
if("$ENV{SMVN_UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE ${ref_out} "${out}")
  file(WRITE ${ref_stats} "${stats}")
  message(STATUS "${NAME}: references written")
  return()
endif()
if(NOT EXISTS ${ref_out} OR NOT EXISTS ${ref_stats})
  message(FATAL_ERROR "${NAME}: no reference in ${GOLDEN_DIR} (write them with ./smvn test --update-golden)")
endif()
file(READ ${ref_out} want_out)
file(READ ${ref_stats} want_stats)
if(NOT out STREQUAL want_out)
  file(WRITE ${OUT}/output.txt "${out}")
  message(FATAL_ERROR "${NAME}: the output differs from ${ref_out}:\n--- reference\n${want_out}\n--- now\n${out}")
endif()
if(NOT stats STREQUAL want_stats)
  message(FATAL_ERROR "${NAME}: the statistics differ from ${ref_stats} (diff it against ${OUT}/stats.txt)")
endif()
message(STATUS "${NAME}: output and statistics identical to the references")
