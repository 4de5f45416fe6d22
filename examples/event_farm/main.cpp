// smvn-event-farm: the event farm on the host (event_farm.h). Prints events per second,
// each worker's count, and what happened to a worker killed midway.
//
//   smvn-event-farm [--workers N] [--events N] [--bytes N] [--work-us N]
//                   [--kill W --kill-after N]
#include <cstdio>
#include <cstdlib>
#include <string>

#include "examples/event_farm/event_farm.h"

int main(int argc, char** argv) {
  smvn::farm::FarmOptions o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const char* v = i + 1 < argc ? argv[i + 1] : nullptr;
    if (!v) {
      std::fprintf(stderr, "smvn-event-farm: %s needs a value\n", a.c_str());
      return 2;
    }
    ++i;
    if (a == "--workers") o.workers = unsigned(std::atoi(v));
    else if (a == "--events") o.events = std::strtoull(v, nullptr, 10);
    else if (a == "--bytes") o.event_bytes = std::strtoull(v, nullptr, 10);
    else if (a == "--work-us") o.work_us = unsigned(std::atoi(v));
    else if (a == "--kill") o.kill_worker = std::atoi(v);
    else if (a == "--kill-after") o.kill_after = std::strtoull(v, nullptr, 10);
    else {
      std::fprintf(stderr, "smvn-event-farm: unknown option %s\n", a.c_str());
      return 2;
    }
  }
  if (o.workers < 1) {
    std::fprintf(stderr, "smvn-event-farm: --workers must be at least 1\n");
    return 2;
  }
  try {
    const auto r = smvn::farm::run_farm(o);
    std::printf("event farm over %s: %u workers, %llu events of %zu bytes in %.3f s: %.0f events/s\n",
                r.transport.c_str(), o.workers, (unsigned long long)r.done, o.event_bytes, r.seconds,
                r.events_per_second);
    for (size_t w = 0; w < r.per_worker.size(); ++w)
      std::printf("  worker %zu: %llu events\n", w, (unsigned long long)r.per_worker[w]);
    for (const auto& d : r.deaths) std::printf("  died: %s\n", d.c_str());
    std::printf("  reissued %llu, late duplicates dropped %llu, bad checksums %llu, lost %llu\n",
                (unsigned long long)r.reissued, (unsigned long long)r.duplicates_dropped,
                (unsigned long long)r.bad_checksums, (unsigned long long)(o.events - r.done));
    return r.done == o.events && r.bad_checksums == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "smvn-event-farm: %s\n", e.what());
    return 1;
  }
}
