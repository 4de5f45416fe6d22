// An OSU program's table as CSV beside its text output (osu.csv): `size,<metric>_<unit>`,
// e.g. `size,lat_us` or `size,bw_MBps`, one row per message size, so a run's results
// load into any tool without parsing OMB's column layout.
#pragma once

#include <cstdint>
#include <map>
#include <string>

namespace smvn {

constexpr const char* kOsuCsvFile = "osu.csv";

// The value column's name for PROGRAM's table ("lat_us" for osu_latency); "value" for a
// program that is not an OSU one.
std::string osu_value_column(const std::string& program);

// The CSV text of ROWS (size -> value) from PROGRAM.
std::string osu_csv(const std::string& program, const std::map<uint64_t, double>& rows);

// Writes DIR/osu.csv from PROGRAM's text OUTPUT if it holds an OSU table; returns whether it did.
bool write_osu_csv(const std::string& dir, const std::string& program, const std::string& output);

}  // namespace smvn
