// The event farm (ATLAS AthenaMP's pattern, from the 2012 talk): a reader process hands
// events to N forked workers. Each worker sends a ready notification (carrying the result
// of its previous event, if any) and receives its next event; the reader answers the
// worker it heard from. One channel, the reader its server, each worker a client.
//
// A worker that dies holding an event: the reader learns it (PeerDied from its socket, or
// reaping the child) and reissues the event to another worker. The reader counts an event
// done at the first result for it and drops a later one (a worker may finish an event and
// die before the reader saw its result, after the reader already reissued it): each event
// is done exactly once, none is lost.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ipc/ipc.h"

namespace smvn::farm {

struct FarmOptions {
  unsigned workers = 4;
  uint64_t events = 10000;
  size_t event_bytes = 4096;          // payload of one event
  unsigned work_us = 0;               // busy work per event in a worker, besides checksumming it
  int kill_worker = -1;               // this worker is SIGKILLed ...
  uint64_t kill_after = 0;            // ... right after it is handed an event, once this many are done
  unsigned victim_work_us = 5000;     // the victim's work per event (so the kill lands mid-event)
  unsigned timeout_s = 60;            // the whole run, and each worker's alarm
};

struct FarmResult {
  double seconds = 0;
  double events_per_second = 0;
  std::vector<uint64_t> per_worker;   // events each worker completed (first results only)
  uint64_t done = 0;                  // distinct events done
  uint64_t reissued = 0;              // events handed out again after their worker died
  uint64_t duplicates_dropped = 0;    // late second results for an event already done
  uint64_t bad_checksums = 0;         // results whose checksum did not match the event
  std::vector<std::string> deaths;    // what the reader was told, one line per dead worker
  std::string transport;
};

// Runs the farm in this process (the reader) and N forked children; returns when every
// event is done and every surviving worker has stopped. Throws ipc::Error on a timeout.
FarmResult run_farm(const FarmOptions& options);

// The checksum the worker computes over event ID's payload (and the reader checks).
uint64_t event_checksum(const void* payload, size_t bytes);

}  // namespace smvn::farm
