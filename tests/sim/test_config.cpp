// Strict configuration: parsing, typed reads, error messages (file, line, dotted key),
// unused-key detection and the resolved tree.
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "sim/config.h"

namespace smvn {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::path(::testing::TempDir()) / "smvn_config_test" / info->name();
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }

  // Writes TEXT to a file in the test's folder and parses it.
  ConfigNode load(const std::string& text, const std::string& name = "cfg.yaml") {
    path_ = (dir_ / name).string();
    std::ofstream(path_) << text;
    return ConfigNode::parse_file(path_);
  }

  // Runs FN, which must throw ConfigError, and returns the error's text.
  std::string error_of(const std::function<void()>& fn) {
    try {
      fn();
    } catch (const ConfigError& e) {
      return e.what();
    }
    ADD_FAILURE() << "expected a ConfigError";
    return "";
  }

  // Loads TEXT and returns the error that loading it gives.
  std::string load_error(const std::string& text) {
    return error_of([&] { load(text); });
  }

  std::filesystem::path dir_;
  std::string path_;
};

// ---- parsing -----------------------------------------------------------------------

TEST_F(ConfigTest, SyntaxErrorNamesFileAndLine) {
  const std::string msg = load_error("a: 1\nb: 2\nc: [1, 2\nd: 4\n");
  EXPECT_THAT(msg, HasSubstr(path_ + ":"));
  // yaml-cpp notices the unclosed flow sequence on the line after it opens.
  EXPECT_THAT(msg, HasSubstr(path_ + ":4: "));
}

TEST_F(ConfigTest, SyntaxErrorLineIsOneBased) {
  const std::string msg = load_error("a: 1\n  b: 2\n");
  EXPECT_THAT(msg, HasSubstr(path_ + ":2: "));
}

TEST_F(ConfigTest, MissingFileIsAnError) {
  const std::string missing = (dir_ / "nope.yaml").string();
  const std::string msg = error_of([&] { ConfigNode::parse_file(missing); });
  EXPECT_THAT(msg, HasSubstr(missing));
  EXPECT_THAT(msg, HasSubstr("cannot open file"));
  EXPECT_THAT(msg, HasSubstr("No such file"));
}

TEST_F(ConfigTest, DirectoryIsNotAConfigFile) {
  const std::string msg = error_of([&] { ConfigNode::parse_file(dir_.string()); });
  EXPECT_THAT(msg, HasSubstr("is a directory"));
}

TEST_F(ConfigTest, TopLevelMustBeAMapping) {
  EXPECT_THAT(load_error("- a\n- b\n"), HasSubstr("top level must be a mapping"));
  EXPECT_THAT(load_error("# comment\njust a scalar\n"), HasSubstr(":2: "));
}

TEST_F(ConfigTest, EmptyFileIsAnEmptyMapping) {
  ConfigNode c = load("# only a comment\n");
  EXPECT_FALSE(c.has("x"));
  EXPECT_EQ(c.get<int>("x", 3), 3);
  EXPECT_NO_THROW(c.check_all_used());
}

TEST_F(ConfigTest, SeveralDocumentsAreAnError) {
  const std::string msg = load_error("a: 1\n---\nb: 2\n");
  EXPECT_THAT(msg, HasSubstr("single YAML document"));
}

// yaml-cpp 0.7's LoadAll never returns on these (a stray ',' at the top level: it makes
// empty documents until memory runs out); found by the fuzzer (fuzz/findings/).
TEST_F(ConfigTest, StrayTopLevelCommaIsAnErrorNotAHang) {
  for (const char* text : {",", "[a],", "a: 1\n...\n,", "# c\n\n  ,"})
    EXPECT_THROW(ConfigNode::parse_string(text, "stray.yaml"), ConfigError) << text;
}

TEST_F(ConfigTest, DuplicateKeyIsAnError) {
  const std::string msg = load_error("a: 1\nb: 2\na: 3\n");
  EXPECT_THAT(msg, HasSubstr(path_ + ":3: a: duplicate key 'a'"));
  EXPECT_THAT(msg, HasSubstr("first given on line 1"));
}

TEST_F(ConfigTest, DuplicateKeyInsideSequenceElement) {
  const std::string msg = load_error(
      "topology:\n"
      "  links:\n"
      "    - a: 0\n"
      "      b: 1\n"
      "    - a: 1\n"
      "      a: 2\n");
  EXPECT_THAT(msg, HasSubstr(":6: topology.links[1].a: duplicate key 'a'"));
}

TEST_F(ConfigTest, ParseStringUsesSourceName) {
  const std::string msg = error_of([] { ConfigNode::parse_string("x: [", "inline-config"); });
  EXPECT_THAT(msg, HasSubstr("inline-config:"));
  ConfigNode c = ConfigNode::parse_string("x: 5\n", "inline-config");
  EXPECT_EQ(c.file(), "inline-config");
  EXPECT_EQ(c.get<int>("x"), 5);
}

// ---- typed scalars -------------------------------------------------------------------

TEST_F(ConfigTest, ReadsEveryScalarType) {
  ConfigNode c = load(
      "b: true\n"
      "i: -12\n"
      "i64: -9223372036854775808\n"
      "u32: 4294967295\n"
      "u64: 0xFFFFFFFFFFFFFFFF\n"
      "d: 2.5e-3\n"
      "s: hello world\n");
  EXPECT_TRUE(c.get<bool>("b"));
  EXPECT_EQ(c.get<int>("i"), -12);
  EXPECT_EQ(c.get<int64_t>("i64"), INT64_MIN);
  EXPECT_EQ(c.get<uint32_t>("u32"), 4294967295u);
  EXPECT_EQ(c.get<uint64_t>("u64"), UINT64_MAX);
  EXPECT_DOUBLE_EQ(c.get<double>("d"), 0.0025);
  EXPECT_EQ(c.get<std::string>("s"), "hello world");
}

TEST_F(ConfigTest, HexIntegers) {
  ConfigNode c = load("base: 0x8000_0000\nmask: 0x3f\nneg: -0x10\n");
  EXPECT_EQ(c.get<uint64_t>("mask"), 63u);
  EXPECT_EQ(c.get<int>("neg"), -16);
  EXPECT_THAT(error_of([&] { c.get<uint64_t>("base"); }), HasSubstr("got '0x8000_0000'"));
}

TEST_F(ConfigTest, MissingRequiredKeyNamesPathAndSectionLine) {
  ConfigNode c = load(
      "seed: 1\n"
      "node:\n"
      "  l1d:\n"
      "    size: 64KiB\n");
  ConfigNode l1d = c.child("node").child("l1d");
  const std::string msg = error_of([&] { l1d.get<uint32_t>("ways"); });
  EXPECT_EQ(msg, path_ + ":3: node.l1d.ways: missing required key");
}

TEST_F(ConfigTest, WrongTypeGivesLineKeyAndValue) {
  ConfigNode c = load(
      "node:\n"
      "  l1d:\n"
      "    ways: abc\n");
  const std::string msg = error_of([&] { c.child("node").child("l1d").get<uint32_t>("ways"); });
  EXPECT_EQ(msg, path_ + ":3: node.l1d.ways: expected an unsigned integer, got 'abc'");
}

TEST_F(ConfigTest, ConfigErrorExposesItsParts) {
  ConfigNode c = load("a: 1\nways: x\n");
  try {
    c.get<int>("ways");
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& e) {
    EXPECT_EQ(e.file(), path_);
    EXPECT_EQ(e.line(), 2);
    EXPECT_EQ(e.key(), "ways");
  }
}

TEST_F(ConfigTest, NegativeValueForUnsigned) {
  ConfigNode c = load("x: 1\nways: -4\n");
  const std::string msg = error_of([&] { c.get<uint32_t>("ways"); });
  EXPECT_THAT(msg, HasSubstr(":2: ways: "));
  EXPECT_THAT(msg, HasSubstr("negative value '-4'"));
  EXPECT_THAT(error_of([&] { c.get<uint64_t>("ways"); }), HasSubstr("negative"));
  EXPECT_EQ(c.get<int>("ways"), -4);
}

TEST_F(ConfigTest, ValueOutsideTheTypesRange) {
  ConfigNode c = load("big: 5000000000\nhuge: 99999999999999999999999\n");
  EXPECT_THAT(error_of([&] { c.get<uint32_t>("big"); }), HasSubstr("value 5000000000 is outside [0, 4294967295]"));
  EXPECT_THAT(error_of([&] { c.get<int>("big"); }), HasSubstr("outside [-2147483648, 2147483647]"));
  EXPECT_EQ(c.get<uint64_t>("big"), 5000000000u);
  EXPECT_THAT(error_of([&] { c.get<uint64_t>("huge"); }), HasSubstr(":2: huge: value 99999999999999999999999 is outside"));
}

TEST_F(ConfigTest, RangeCheckNamesBoundsAndLine) {
  ConfigNode c = load(
      "node:\n"
      "  l1:\n"
      "    banks: 2\n"
      "    ways: 7\n");
  ConfigNode l1 = c.child("node").child("l1");
  EXPECT_EQ(l1.get<uint32_t>("banks", 1u, 1u, 4u), 2u);
  const std::string msg = error_of([&] { l1.get<uint32_t>("ways", 4u, 1u, 4u); });
  EXPECT_THAT(msg, HasSubstr(":4:"));
  EXPECT_THAT(msg, HasSubstr("node.l1.ways"));
  EXPECT_THAT(msg, HasSubstr("value 7 is outside [1, 4]"));
  EXPECT_THAT(error_of([&] { l1.get<double>("ways", 0.5, 0.0, 1.0); }), HasSubstr("value 7 is outside [0, 1]"));
}

TEST_F(ConfigTest, RangeCheckSkipsTheModelsOwnFallback) {
  ConfigNode c = load("a: 1\n");
  EXPECT_EQ(c.get<int>("absent", 10, 1, 4), 10);
}

TEST_F(ConfigTest, BooleansAreOnlyTrueOrFalse) {
  ConfigNode c = load("on: false\nyes_word: yes\none: 1\n");
  EXPECT_FALSE(c.get<bool>("on"));
  EXPECT_THAT(error_of([&] { c.get<bool>("yes_word"); }), HasSubstr("expected a boolean (true or false), got 'yes'"));
  EXPECT_THAT(error_of([&] { c.get<bool>("one"); }), HasSubstr(":3: one: expected a boolean"));
}

TEST_F(ConfigTest, DoublesRejectWordsAndInfinities) {
  ConfigNode c = load("a: fast\nb: .inf\nc: 3\nd: -1.5\ne: inf\n");
  EXPECT_THAT(error_of([&] { c.get<double>("a"); }), HasSubstr("expected a number, got 'fast'"));
  EXPECT_THAT(error_of([&] { c.get<double>("b"); }), HasSubstr(":2: b: expected a number"));
  EXPECT_THAT(error_of([&] { c.get<double>("e"); }), HasSubstr("expected a finite number"));
  EXPECT_DOUBLE_EQ(c.get<double>("c"), 3.0);
  EXPECT_DOUBLE_EQ(c.get<double>("d"), -1.5);
}

TEST_F(ConfigTest, MappingWhereScalarExpected) {
  ConfigNode c = load("name: x\nways:\n  a: 1\n");
  EXPECT_EQ(error_of([&] { c.get<uint32_t>("ways"); }),
            path_ + ":2: ways: expected an unsigned integer, got a mapping");
}

TEST_F(ConfigTest, SequenceOrEmptyWhereScalarExpected) {
  ConfigNode c = load("ways: [1, 2]\nname:\n");
  EXPECT_THAT(error_of([&] { c.get<int>("ways"); }), HasSubstr(":1: ways: expected an integer, got a sequence"));
  EXPECT_THAT(error_of([&] { c.get<std::string>("name"); }), HasSubstr(":2: name: expected a string, got an empty value"));
}

TEST_F(ConfigTest, ScalarWhereMappingExpected) {
  ConfigNode c = load("node:\n  l1d: 4\n");
  const std::string msg = error_of([&] { c.child("node").child("l1d"); });
  EXPECT_EQ(msg, path_ + ":2: node.l1d: expected a mapping, got '4'");
  EXPECT_THAT(error_of([&] { c.child("node").child_or_empty("l1d"); }), HasSubstr("expected a mapping"));
}

TEST_F(ConfigTest, MissingRequiredSection) {
  ConfigNode c = load("x: 1\nnode:\n  y: 2\n");
  EXPECT_THAT(error_of([&] { c.child("node").child("l2"); }), HasSubstr(":2: node.l2: missing required section"));
}

TEST_F(ConfigTest, FailNamesKeyLineOrSectionLine) {
  ConfigNode c = load(
      "a: 1\n"
      "driver:\n"
      "  pool: 12\n");
  ConfigNode d = c.child("driver");
  EXPECT_EQ(d.line(), 2);
  EXPECT_EQ(d.key_path(), "driver");
  EXPECT_EQ(error_of([&] { d.fail("pool", "too small for one frame"); }),
            path_ + ":3: driver.pool: too small for one frame");
  EXPECT_EQ(error_of([&] { d.fail("frame", "needed"); }), path_ + ":2: driver.frame: needed");
  EXPECT_EQ(error_of([&] { d.fail("", "bad section"); }), path_ + ":2: driver: bad section");
}

// ---- byte sizes --------------------------------------------------------------------

TEST_F(ConfigTest, ByteSizes) {
  ConfigNode c = load(
      "a: 64KiB\n"
      "b: 4MiB\n"
      "c: 256MiB\n"
      "d: 1GiB\n"
      "e: 4096\n"
      "f: 0x1000\n"
      "g: 2 KiB\n"
      "h: 3TiB\n"
      "i: 100B\n");
  EXPECT_EQ(c.get_bytes("a"), 64u * 1024);
  EXPECT_EQ(c.get_bytes("b"), 4u << 20);
  EXPECT_EQ(c.get_bytes("c"), 256u << 20);
  EXPECT_EQ(c.get_bytes("d"), 1ull << 30);
  EXPECT_EQ(c.get_bytes("e"), 4096u);
  EXPECT_EQ(c.get_bytes("f"), 4096u);
  EXPECT_EQ(c.get_bytes("g"), 2048u);
  EXPECT_EQ(c.get_bytes("h"), 3ull << 40);
  EXPECT_EQ(c.get_bytes("i"), 100u);
  EXPECT_EQ(c.get_bytes("absent", 512), 512u);
}

TEST_F(ConfigTest, DecimalUnitsAreRejectedWithASuggestion) {
  ConfigNode c = load("a: 64KB\nb: 4MB\nc: 1G\nd: 8kb\n");
  const std::string a = error_of([&] { c.get_bytes("a"); });
  EXPECT_THAT(a, HasSubstr(":1: a: ambiguous unit 'KB'"));
  EXPECT_THAT(a, HasSubstr("write '64KiB'"));
  EXPECT_THAT(error_of([&] { c.get_bytes("b"); }), HasSubstr("write '4MiB'"));
  EXPECT_THAT(error_of([&] { c.get_bytes("c"); }), HasSubstr("write '1GiB'"));
  EXPECT_THAT(error_of([&] { c.get_bytes("d"); }), HasSubstr("write '8KiB'"));
}

TEST_F(ConfigTest, BadByteSizes) {
  ConfigNode c = load("a: lots\nb: 12XB\nc: -4\nd: 20000000TiB\ne: KiB\nf: {x: 1}\ng: 1.5MiB\n");
  EXPECT_THAT(error_of([&] { c.get_bytes("a"); }), HasSubstr("expected a byte size"));
  EXPECT_THAT(error_of([&] { c.get_bytes("b"); }), HasSubstr("unknown unit 'XB'"));
  EXPECT_THAT(error_of([&] { c.get_bytes("c"); }), HasSubstr("negative"));
  EXPECT_THAT(error_of([&] { c.get_bytes("d"); }), HasSubstr(":4: d: value 20000000TiB does not fit in 64 bits"));
  EXPECT_THAT(error_of([&] { c.get_bytes("e"); }), HasSubstr("expected a byte size"));
  EXPECT_THAT(error_of([&] { c.get_bytes("f"); }), HasSubstr("got a mapping"));
  EXPECT_THAT(error_of([&] { c.get_bytes("missing"); }), HasSubstr("missing: missing required key"));
  EXPECT_THAT(error_of([&] { c.get_bytes("g"); }), HasSubstr(":7: g: '1.5MiB' is not a whole number of units"));
}

// ---- lists and sequences of mappings ---------------------------------------------------

TEST_F(ConfigTest, ListsOfScalars) {
  ConfigNode c = load(
      "sizes: [1, 2, 0x10]\n"
      "names:\n"
      "  - a\n"
      "  - b\n"
      "ratios: [0.5, 1]\n"
      "empty: []\n");
  EXPECT_EQ(c.get_list<uint64_t>("sizes", {}), (std::vector<uint64_t>{1, 2, 16}));
  EXPECT_EQ(c.get_list<std::string>("names", {}), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(c.get_list<double>("ratios", {}), (std::vector<double>{0.5, 1.0}));
  EXPECT_TRUE(c.get_list<int>("empty", {7}).empty());
  EXPECT_EQ(c.get_list<int>("absent", {7, 8}), (std::vector<int>{7, 8}));
}

TEST_F(ConfigTest, ListErrorsNameTheElement) {
  ConfigNode c = load(
      "x: 1\n"
      "sizes:\n"
      "  - 1\n"
      "  - big\n"
      "flat: 3\n");
  EXPECT_EQ(error_of([&] { c.get_list<int>("sizes", {}); }), path_ + ":4: sizes[1]: expected an integer, got 'big'");
  EXPECT_THAT(error_of([&] { c.get_list<int>("flat", {}); }), HasSubstr(":5: flat: expected a list, got '3'"));
}

TEST_F(ConfigTest, ChildrenOfASequence) {
  ConfigNode c = load(
      "topology:\n"
      "  links:\n"
      "    - {a: 0, b: 1, width: 16}\n"
      "    - a: 1\n"
      "      b: 2\n");
  std::vector<ConfigNode> links = c.child("topology").children("links");
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[1].key_path(), "topology.links[1]");
  EXPECT_EQ(links[1].line(), 4);
  EXPECT_EQ(links[0].get<int>("width", 8), 16);
  EXPECT_EQ(links[1].get<int>("width", 8), 8);
  EXPECT_EQ(error_of([&] { links[1].get<int>("speed"); }), path_ + ":4: topology.links[1].speed: missing required key");
  EXPECT_TRUE(c.children("absent").empty());
}

TEST_F(ConfigTest, ChildrenErrors) {
  ConfigNode c = load(
      "links:\n"
      "  - a: 1\n"
      "  - 7\n"
      "other: 5\n");
  EXPECT_EQ(error_of([&] { c.children("links"); }), path_ + ":3: links[1]: expected a mapping, got '7'");
  EXPECT_THAT(error_of([&] { c.children("other"); }), HasSubstr(":4: other: expected a list of mappings, got '5'"));
}

TEST_F(ConfigTest, ErrorsInsideSequenceElementsUseIndexedPath) {
  ConfigNode c = load(
      "topology:\n"
      "  links:\n"
      "    - width: 16\n"
      "    - width: 16\n"
      "    - width: wide\n");
  auto links = c.child("topology").children("links");
  EXPECT_EQ(links[0].get<uint32_t>("width"), 16u);
  EXPECT_EQ(error_of([&] { links[2].get<uint32_t>("width"); }),
            path_ + ":5: topology.links[2].width: expected an unsigned integer, got 'wide'");
}

// ---- unused keys ---------------------------------------------------------------------

TEST_F(ConfigTest, UnknownNestedKey) {
  ConfigNode c = load(
      "node:\n"
      "  l1d:\n"
      "    ways: 4\n"
      "    wyas: 4\n");
  EXPECT_EQ(c.child("node").child("l1d").get<int>("ways"), 4);
  EXPECT_EQ(error_of([&] { c.check_all_used(); }),
            path_ + ":4: node.l1d.wyas: unknown key 'wyas' (not used by any model)");
}

TEST_F(ConfigTest, UnknownTopLevelKey) {
  ConfigNode c = load("seed: 1\nsede: 2\n");
  c.get<int>("seed");
  EXPECT_THAT(error_of([&] { c.check_all_used(); }), HasSubstr(":2: sede: unknown key 'sede'"));
}

TEST_F(ConfigTest, UnknownKeyInSequenceElement) {
  ConfigNode c = load(
      "topology:\n"
      "  links:\n"
      "    - {a: 0, b: 1}\n"
      "    - a: 1\n"
      "      b: 2\n"
      "      widht: 8\n");
  for (const ConfigNode& link : c.child("topology").children("links")) {
    link.get<int>("a");
    link.get<int>("b");
    link.get<int>("width", 16);
  }
  EXPECT_EQ(error_of([&] { c.check_all_used(); }),
            path_ + ":6: topology.links[1].widht: unknown key 'widht' (not used by any model)");
}

TEST_F(ConfigTest, UnreadSectionIsReportedAsAWhole) {
  ConfigNode c = load(
      "node:\n"
      "  cores: 4\n"
      "nic:\n"
      "  speed: 100\n");
  c.child("node").get<int>("cores");
  EXPECT_THAT(error_of([&] { c.check_all_used(); }), HasSubstr(":3: nic: unknown key 'nic'"));
}

TEST_F(ConfigTest, EnteredSectionStillChecksItsKeys) {
  ConfigNode c = load("nic:\n  speed: 100\n");
  c.child("nic");  // entered, but nothing read inside
  EXPECT_THAT(error_of([&] { c.check_all_used(); }), HasSubstr(":2: nic.speed: unknown key 'speed'"));
}

TEST_F(ConfigTest, UnreadSequenceIsReported) {
  ConfigNode c = load("a: 1\nlinks:\n  - x: 1\n");
  c.get<int>("a");
  EXPECT_THAT(error_of([&] { c.check_all_used(); }), HasSubstr(":2: links: unknown key"));
}

TEST_F(ConfigTest, HasDoesNotCountAsRead) {
  ConfigNode c = load("a: 1\n");
  EXPECT_TRUE(c.has("a"));
  EXPECT_FALSE(c.has("b"));
  EXPECT_THAT(error_of([&] { c.check_all_used(); }), HasSubstr("unknown key 'a'"));
}

TEST_F(ConfigTest, FullyReadConfigPasses) {
  ConfigNode c = load(
      "seed: 7\n"
      "node:\n"
      "  l1d: {size: 64KiB, ways: 4}\n"
      "  sizes: [1, 2]\n"
      "links:\n"
      "  - a: 0\n");
  c.get<int>("seed");
  ConfigNode node = c.child("node");
  node.get_list<int>("sizes", {});
  ConfigNode l1d = node.child("l1d");
  l1d.get_bytes("size");
  l1d.get<int>("ways");
  c.children("links")[0].get<int>("a");
  EXPECT_NO_THROW(c.check_all_used());
}

TEST_F(ConfigTest, ErrorReportsFirstUnusedKeyInFileOrder) {
  ConfigNode c = load("z: 1\na: 2\nm: 3\n");
  c.get<int>("a");
  EXPECT_THAT(error_of([&] { c.check_all_used(); }), HasSubstr(":1: z:"));
}

TEST_F(ConfigTest, CopiesShareBookkeeping) {
  ConfigNode c = load("a: 1\nb: 2\n");
  ConfigNode copy = c;
  copy.get<int>("a");
  const ConfigNode other_copy(c);
  other_copy.get<int>("b");
  EXPECT_NO_THROW(c.check_all_used());
  EXPECT_EQ(c.resolved()["a"].as<int>(), 1);
  EXPECT_EQ(c.resolved()["b"].as<int>(), 2);
}

TEST_F(ConfigTest, AssignmentRebindsWithoutSplicingTrees) {
  ConfigNode c = load("x:\n  v: 1\ny:\n  v: 2\n");
  ConfigNode n = c.child("x");
  EXPECT_EQ(n.get<int>("v"), 1);
  n = c.child("y");
  EXPECT_EQ(n.get<int>("v"), 2);
  EXPECT_EQ(n.key_path(), "y");
  // Reading x again still sees x's own value, in the input and in the resolved tree.
  EXPECT_EQ(c.child("x").get<int>("v"), 1);
  YAML::Node r = c.resolved();
  EXPECT_EQ(r["x"]["v"].as<int>(), 1);
  EXPECT_EQ(r["y"]["v"].as<int>(), 2);
}

// ---- resolved configuration ------------------------------------------------------------

TEST_F(ConfigTest, ResolvedHoldsValuesAndDefaults) {
  ConfigNode c = load(
      "seed: 42\n"
      "node:\n"
      "  l1d:\n"
      "    ways: 4\n"
      "  unread: 1\n");
  c.get<uint64_t>("seed");
  c.get<double>("quantum_ns", 100.5);
  ConfigNode node = c.child("node");
  node.child("l1d").get<int>("ways");
  node.child("l1d").get_bytes("size", 64 * 1024);
  node.child_or_empty("l2").get<std::string>("policy", "lru");
  node.child_or_empty("l2").get<bool>("inclusive", true);
  c.get_list<int>("hops", {1, 2});

  YAML::Node r = c.resolved();
  EXPECT_EQ(r["seed"].as<uint64_t>(), 42u);
  EXPECT_DOUBLE_EQ(r["quantum_ns"].as<double>(), 100.5);
  EXPECT_EQ(r["node"]["l1d"]["ways"].as<int>(), 4);
  EXPECT_EQ(r["node"]["l1d"]["size"].as<uint64_t>(), 65536u);
  EXPECT_EQ(r["node"]["l2"]["policy"].as<std::string>(), "lru");
  EXPECT_TRUE(r["node"]["l2"]["inclusive"].as<bool>());
  EXPECT_EQ(r["hops"].size(), 2u);
  EXPECT_EQ(r["hops"][1].as<int>(), 2);
  EXPECT_FALSE(r["node"]["unread"].IsDefined());
}

TEST_F(ConfigTest, ResolvedRecordsSequenceElements) {
  ConfigNode c = load("links:\n  - a: 1\n  - a: 2\n");
  for (const ConfigNode& l : c.children("links")) {
    l.get<int>("a");
    l.get<int>("width", 16);
  }
  YAML::Node r = c.resolved();
  ASSERT_TRUE(r["links"].IsSequence());
  ASSERT_EQ(r["links"].size(), 2u);
  EXPECT_EQ(r["links"][1]["a"].as<int>(), 2);
  EXPECT_EQ(r["links"][0]["width"].as<int>(), 16);
}

TEST_F(ConfigTest, ResolvedEmitsAsYamlThatParsesBack) {
  ConfigNode c = load("name: 'two words: here'\nratio: 0.1\nsize: 4MiB\n");
  c.get<std::string>("name");
  c.get<double>("ratio");
  c.get_bytes("size");
  c.get<std::string>("empty", "");
  c.child_or_empty("section");
  c.children("none");

  YAML::Emitter out;
  out << c.resolved();
  ASSERT_TRUE(out.good());
  const std::string text = out.c_str();
  // Doubles are written in shortest round-trip form, not 0.10000000000000001.
  EXPECT_THAT(text, HasSubstr("ratio: 0.1\n"));
  EXPECT_THAT(text, Not(HasSubstr("0.1000")));

  ConfigNode back = ConfigNode::parse_string(text, "resolved");
  EXPECT_EQ(back.get<std::string>("name"), "two words: here");
  EXPECT_DOUBLE_EQ(back.get<double>("ratio"), 0.1);
  EXPECT_EQ(back.get_bytes("size"), 4u << 20);
  EXPECT_EQ(back.get<std::string>("empty"), "");
}

TEST_F(ConfigTest, ResolvedIsACopy) {
  ConfigNode c = load("a: 1\n");
  c.get<int>("a");
  YAML::Node r = c.resolved();
  r["a"] = 99;
  EXPECT_EQ(c.resolved()["a"].as<int>(), 1);
}

TEST_F(ConfigTest, EmptyNodeIsSynthetic) {
  ConfigNode e = ConfigNode::empty("defaults", "node.l2");
  EXPECT_EQ(e.line(), 0);
  EXPECT_EQ(e.key_path(), "node.l2");
  EXPECT_EQ(e.get<int>("ways", 8), 8);
  EXPECT_EQ(e.resolved()["ways"].as<int>(), 8);
  // No line is known, so none is printed.
  EXPECT_EQ(error_of([&] { e.get<int>("sets"); }), "defaults: node.l2.sets: missing required key");
  EXPECT_NO_THROW(e.check_all_used());
}

TEST_F(ConfigTest, EmptyValueStandsForEmptySection) {
  ConfigNode c = load("l2:\nlinks:\nlist:\n");
  EXPECT_EQ(c.child("l2").get<int>("ways", 8), 8);
  EXPECT_TRUE(c.children("links").empty());
  EXPECT_TRUE(c.get_list<int>("list", {1}).empty());
  EXPECT_NO_THROW(c.check_all_used());
}

}  // namespace
}  // namespace smvn
