// Overrides (--set KEY=VALUE, a case's set: map): values put into a parsed tree before any
// model reads it, checked as strictly as the file's own, with errors naming the override.
#include <functional>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/config.h"
#include "sim/config_override.h"

namespace smvn {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

const char* kFile =
    "seed: 1\n"
    "smvn:\n"
    "  mtu: 1500\n"
    "  zero_copy: false\n"
    "  pool:\n"
    "    cacheable: true\n"
    "workload:\n"
    "  cases:\n"
    "    - {name: a, map: cyclic}\n"
    "    - {name: b, map: block}\n";

ConfigNode load() { return ConfigNode::parse_string(kFile, "exp.yaml"); }

std::string error_of(const std::function<void()>& fn) {
  try {
    fn();
  } catch (const ConfigError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a ConfigError";
  return "";
}

// Reads every key of kFile (as the models would), so check_all_used() sees only extras.
void read_all(const ConfigNode& root) {
  root.get<uint64_t>("seed");
  const ConfigNode s = root.child("smvn");
  s.get<uint32_t>("mtu");
  s.get<bool>("zero_copy");
  s.child("pool").get<bool>("cacheable");
  for (const ConfigNode& c : root.child("workload").children("cases")) {
    c.get<std::string>("name");
    c.get<std::string>("map");
  }
}

TEST(ConfigOverride, SetReplacesOneValueAndLeavesTheRest) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("smvn.zero_copy=true"));
  EXPECT_TRUE(root.child("smvn").get<bool>("zero_copy"));
  EXPECT_EQ(root.child("smvn").get<uint32_t>("mtu"), 1500u);
}

TEST(ConfigOverride, SetAddsAKeyTheFileLacks) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("node.core.ipc=0.5"));
  EXPECT_DOUBLE_EQ(root.child("node").child("core").get<double>("ipc"), 0.5);
}

TEST(ConfigOverride, ValuesKeepTheirYamlForm) {
  ConfigNode root = load();
  apply_overrides(root, {parse_set_option("smvn.pool.size=4MiB"), parse_set_option("smvn.sizes=[60, 1514]")});
  EXPECT_EQ(root.child("smvn").child("pool").get_bytes("size"), 4u << 20);
  EXPECT_EQ(root.child("smvn").get_list<uint32_t>("sizes", {}), (std::vector<uint32_t>{60, 1514}));
}

TEST(ConfigOverride, TheLaterOfTwoSetsWins) {
  ConfigNode root = load();
  apply_overrides(root, {parse_set_option("smvn.mtu=9000"), parse_set_option("smvn.mtu=4000")});
  EXPECT_EQ(root.child("smvn").get<uint32_t>("mtu"), 4000u);
}

TEST(ConfigOverride, WrongTypeNamesTheSetKeyAndValue) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("smvn.zero_copy=maybe"));
  const std::string msg = error_of([&] { root.child("smvn").get<bool>("zero_copy"); });
  EXPECT_EQ(msg, "--set smvn.zero_copy=maybe: smvn.zero_copy: expected a boolean (true or false), got 'maybe'");
}

TEST(ConfigOverride, OutOfRangeNamesTheSet) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("smvn.mtu=0"));
  const std::string msg = error_of([&] { root.child("smvn").get<uint32_t>("mtu", 1500u, 68u, 65535u); });
  EXPECT_EQ(msg, "--set smvn.mtu=0: smvn.mtu: value 0 is outside [68, 65535]");
}

TEST(ConfigOverride, UnknownKeyNamesTheSet) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("smvn.zero_cpy=true"));
  read_all(root);
  const std::string msg = error_of([&] { root.check_all_used(); });
  EXPECT_EQ(msg, "--set smvn.zero_cpy=true: smvn.zero_cpy: unknown key 'zero_cpy' (not used by any model)");
}

TEST(ConfigOverride, UnknownSectionNamesTheSet) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("nodee.core.ipc=2"));
  read_all(root);
  EXPECT_THAT(error_of([&] { root.check_all_used(); }), StartsWith("--set nodee.core.ipc=2: nodee: unknown key"));
}

TEST(ConfigOverride, ErrorsInTheFileStillNameTheFile) {
  ConfigNode root = ConfigNode::parse_string("smvn:\n  mtu: big\n", "exp.yaml");
  apply_override(root, parse_set_option("smvn.zero_copy=true"));
  EXPECT_EQ(error_of([&] { root.child("smvn").get<uint32_t>("mtu"); }),
            "exp.yaml:2: smvn.mtu: expected an unsigned integer, got 'big'");
}

TEST(ConfigOverride, MissingEqualsOrKeyIsRefused) {
  EXPECT_EQ(error_of([] { parse_set_option("smvn.zero_copy"); }),
            "--set smvn.zero_copy: expected KEY=VALUE (e.g. --set smvn.zero_copy=true)");
  EXPECT_THAT(error_of([] { parse_set_option("=1"); }), HasSubstr("needs a key"));
  EXPECT_THAT(error_of([] { parse_set_option("smvn..mtu=1"); }), HasSubstr("is not a dotted path of names"));
  EXPECT_THAT(error_of([] { parse_set_option("smvn.mtu=[1, 2"); }), StartsWith("--set smvn.mtu=[1, 2:"));
}

TEST(ConfigOverride, APathThroughAValueIsRefused) {
  ConfigNode root = load();
  EXPECT_EQ(error_of([&] { apply_override(root, parse_set_option("smvn.mtu.x=1")); }),
            "--set smvn.mtu.x=1: smvn.mtu.x: cannot set it: 'smvn.mtu' is a single value, not a mapping");
}

TEST(ConfigOverride, AMappingValueMergesIntoTheSection) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("smvn={zero_copy: true, pool: {cacheable: false}}"));
  const ConfigNode s = root.child("smvn");
  EXPECT_TRUE(s.get<bool>("zero_copy"));
  EXPECT_FALSE(s.child("pool").get<bool>("cacheable"));
  EXPECT_EQ(s.get<uint32_t>("mtu"), 1500u);
}

TEST(ConfigOverride, AnIndexStepsIntoAList) {
  ConfigNode root = load();
  apply_override(root, parse_set_option("workload.cases[1].map=cores:0,12"));
  EXPECT_EQ(root.child("workload").children("cases")[1].get<std::string>("map"), "cores:0,12");
  EXPECT_THAT(error_of([&] { apply_override(root, parse_set_option("workload.cases[2].map=block")); }),
              HasSubstr("'workload.cases' has 2 elements, so there is no [2]"));
}

TEST(ConfigOverride, AFileOriginNamesFileAndLine) {
  ConfigNode root = load();
  ConfigOverride o;
  o.key = "smvn.pool.cacheable";
  o.value = YAML::Load("sometimes");
  o.origin_file = "paper.yaml";
  o.origin_line = 42;
  apply_override(root, o);
  EXPECT_EQ(error_of([&] { root.child("smvn").child("pool").get<bool>("cacheable"); }),
            "paper.yaml:42: smvn.pool.cacheable: expected a boolean (true or false), got 'sometimes'");
}

TEST(ConfigOverride, RemoveSectionDropsItBeforeTheCheck) {
  ConfigNode root = load();
  remove_section(root, "workload");
  root.get<uint64_t>("seed");
  const ConfigNode s = root.child("smvn");
  s.get<uint32_t>("mtu");
  s.get<bool>("zero_copy");
  s.child("pool").get<bool>("cacheable");
  EXPECT_NO_THROW(root.check_all_used());
}

TEST(ConfigOverride, RawMarksAMapOfDataUsed) {
  ConfigNode root = ConfigNode::parse_string("set:\n  smvn.zero_copy: true\n  node: {core: {ipc: 2}}\n", "e.yaml");
  const ConfigNode set = root.child("set");
  EXPECT_EQ(set.keys(), (std::vector<std::string>{"smvn.zero_copy", "node"}));
  for (const std::string& k : set.keys()) set.raw(k);
  EXPECT_NO_THROW(root.check_all_used());
}

}  // namespace
}  // namespace smvn
