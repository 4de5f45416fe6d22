// The figures an evaluation reads out of OSU-format output, by name: `lat@SIZE` (one-way
// latency in us at SIZE bytes, from osu_latency), `bw@SIZE` (MB/s, from osu_bw), `bibw@SIZE`
// (osu_bibw) and `mlat@SIZE` (osu_multi_lat). The name says which program produces it,
// so an evaluation case knows which of its programs a paper figure or a calibration
// target needs.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace smvn {

struct OsuMetric {
  std::string quantity;  // lat, bw, bibw, mlat
  uint64_t size = 0;     // message size in bytes
  std::string program;   // the OSU program that reports it
  std::string unit;      // "us" or "MB/s"
};

// The metric NAME names, or nullopt (with WHY set) if it names none.
std::optional<OsuMetric> parse_osu_metric(const std::string& name, std::string* why = nullptr);

// The rows of an OSU table (size -> value); rows of any other kind of line are skipped.
// Empty if OUTPUT holds no OSU table.
std::map<uint64_t, double> osu_rows(const std::string& output);

}  // namespace smvn
