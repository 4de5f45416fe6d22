// Cluster topologies (see topology.h): generators, validation, routing, printing.
#include "models/topology.h"

#include <algorithm>
#include <cctype>
#include <limits>
#include <map>
#include <stdexcept>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/graph/connected_components.hpp>
#include <fmt/format.h>

#include "sim/config.h"

namespace smvn {

namespace {

// Routes for every ordered pair are stored, so the size is bounded: 256 nodes is 65536
// routes, far beyond the 2x2 testbed and the 8x8 mesh the simulator is sized for.
constexpr unsigned kMaxNodes = 256;
constexpr unsigned kMaxSwitches = 256;

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>;

// Names appear unquoted in route tables, as Graphviz labels and inside SystemC object
// names (where '.' separates hierarchy levels): keep them to characters that need no
// quoting or escaping anywhere.
bool valid_name(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

}  // namespace

// ---------------------------------------------------------------------------------------
// LinkParams

LinkParams LinkParams::from_config(const ConfigNode& c, const LinkParams& d) {
  LinkParams p;
  p.width_bits = c.get<uint32_t>("width_bits", d.width_bits);
  if (p.width_bits != 8 && p.width_bits != 16)
    c.fail("width_bits", fmt::format("an HT link is 8 or 16 bits wide (Godson-3A's HT0 runs 8-bit), got {}",
                                     p.width_bits));
  p.clock_mhz = c.get<double>("clock_mhz", d.clock_mhz);
  // HT 1.x clocks links from 200 to 800 MHz; HT 3.1 reaches 3200 MHz.
  if (!(p.clock_mhz >= 200 && p.clock_mhz <= 3200))
    c.fail("clock_mhz", fmt::format("an HT link clock lies between 200 and 3200 MHz, got {}", p.clock_mhz));
  // A router forwards a packet in tens of ns; a microsecond is far beyond any real one,
  // and an unbounded value (4294967295) would make every remote access last seconds.
  p.router_ns = c.get<uint32_t>("router_ns", d.router_ns, 0u, 1000u);
  const struct {
    const char* key;
    uint32_t LinkParams::*field;
  } credits[] = {{"credits_posted", &LinkParams::credits_posted},
                 {"credits_nonposted", &LinkParams::credits_nonposted},
                 {"credits_response", &LinkParams::credits_response}};
  for (const auto& k : credits) {
    p.*k.field = c.get<uint32_t>(k.key, d.*k.field);
    if (p.*k.field < 1)
      c.fail(k.key, "a virtual channel needs at least 1 credit, or nothing can ever be sent on it");
  }
  return p;
}

// ---------------------------------------------------------------------------------------
// Construction

Topology Topology::from_config(const ConfigNode& s) {
  Topology t;
  t.kind_ = s.get<std::string>("kind");
  const LinkParams defaults = LinkParams::from_config(s.child_or_empty("link"), LinkParams{});
  if (t.kind_ == "mesh")
    t.build_mesh(s, defaults);
  else if (t.kind_ == "ring")
    t.build_ring(s, defaults);
  else if (t.kind_ == "star")
    t.build_star(s, defaults);
  else if (t.kind_ == "custom")
    t.build_custom(s, defaults);
  else if (t.kind_ == "standalone")
    t.build_standalone(s);
  else
    s.fail("kind", fmt::format("unknown topology kind '{}' (known: mesh, ring, star, custom, standalone)", t.kind_));
  t.compute_routes();
  return t;
}

Topology Topology::load_file(const std::string& path) {
  ConfigNode root = ConfigNode::parse_file(path);
  Topology t = from_config(root.child("topology"));
  root.check_all_used();
  return t;
}

unsigned Topology::add_vertex(const std::string& name) {
  names_.push_back(name);
  return unsigned(names_.size() - 1);
}

// All vertices exist before the first link (the index matrix is sized then).
void Topology::add_link(unsigned a, unsigned b, const LinkParams& p) {
  const unsigned v = vertices();
  if (link_index_.empty()) link_index_.assign(std::size_t(v) * v, -1);
  if (a > b) std::swap(a, b);
  link_index_[std::size_t(a) * v + b] = link_index_[std::size_t(b) * v + a] = int(links_.size());
  links_.push_back(Link{a, b, p});
}

// A positive node count N for a ring or star, at least LO.
static unsigned node_count(const ConfigNode& s, const char* shape, int lo) {
  const int n = s.get<int>("nodes");
  if (n < lo)
    s.fail("nodes", fmt::format("a {} needs at least {} node{}, got {}", shape, lo, lo == 1 ? "" : "s", n));
  if (n > int(kMaxNodes)) s.fail("nodes", fmt::format("at most {} nodes are supported, got {}", kMaxNodes, n));
  return unsigned(n);
}

void Topology::build_mesh(const ConfigNode& s, const LinkParams& lp) {
  if (!s.has("dims")) s.fail("dims", "a mesh needs its size: dims: [W, H] (nodes along X, along Y)");
  const std::vector<int> dims = s.get_list<int>("dims", {});
  if (dims.size() != 2 || dims[0] < 1 || dims[1] < 1)
    s.fail("dims", fmt::format("expected two positive integers [W, H], got [{}]", fmt::join(dims, ", ")));
  const uint64_t n = uint64_t(dims[0]) * uint64_t(dims[1]);
  if (n > kMaxNodes)
    s.fail("dims", fmt::format("a {}x{} mesh has {} nodes; at most {} are supported", dims[0], dims[1], n, kMaxNodes));
  width_ = unsigned(dims[0]);
  height_ = unsigned(dims[1]);
  nodes_ = unsigned(n);
  // "<y><x>" is Godson-3A's chip numbering on the 2x2; it stays unambiguous up to 10x10.
  const bool digits = width_ <= 10 && height_ <= 10;
  for (unsigned y = 0; y < height_; ++y)
    for (unsigned x = 0; x < width_; ++x)
      add_vertex(digits ? fmt::format("{}{}", y, x) : fmt::format("n{}_{}", y, x));
  for (unsigned id = 0; id < nodes_; ++id) {
    if (mesh_x(id) + 1 < width_) add_link(id, id + 1, lp);
    if (mesh_y(id) + 1 < height_) add_link(id, id + width_, lp);
  }
}

void Topology::build_ring(const ConfigNode& s, const LinkParams& lp) {
  nodes_ = node_count(s, "ring", 2);
  for (unsigned i = 0; i < nodes_; ++i) add_vertex(fmt::format("n{}", i));
  for (unsigned i = 0; i + 1 < nodes_; ++i) add_link(i, i + 1, lp);
  // Two nodes are already joined both ways round; a second link would duplicate the first.
  if (nodes_ > 2) add_link(nodes_ - 1, 0, lp);
}

void Topology::build_star(const ConfigNode& s, const LinkParams& lp) {
  nodes_ = node_count(s, "star", 1);
  for (unsigned i = 0; i < nodes_; ++i) add_vertex(fmt::format("n{}", i));
  const unsigned hub = add_vertex("sw");  // a switch: routes pass through it, no traffic starts there
  for (unsigned i = 0; i < nodes_; ++i) add_link(i, hub, lp);
}

void Topology::build_standalone(const ConfigNode& s) {
  nodes_ = node_count(s, "standalone cluster", 1);
  for (unsigned i = 0; i < nodes_; ++i) add_vertex(fmt::format("n{}", i));
  if (s.has("link")) s.fail("link", "standalone nodes have no HyperTransport links to configure");
}

void Topology::build_custom(const ConfigNode& s, const LinkParams& lp) {
  const std::vector<ConfigNode> list = s.children("nodes");
  if (list.empty()) s.fail("nodes", "a custom topology needs a list of nodes, e.g. nodes: [{name: a}, {name: b}]");

  // Read every entry first: compute nodes get ids 0..N-1 in file order, switches follow.
  std::vector<std::string> entry_names;
  std::vector<bool> entry_switch;
  std::map<std::string, std::size_t> first;  // name -> entry index
  unsigned switches = 0;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string name = list[i].get<std::string>("name");
    if (!valid_name(name))
      list[i].fail("name", fmt::format("node name '{}' must be letters, digits, '_' or '-'", name));
    auto [pos, inserted] = first.emplace(name, i);
    if (!inserted)
      list[i].fail("name", fmt::format("duplicate node name '{}' (first given on line {})", name,
                                       list[pos->second].line()));
    entry_names.push_back(name);
    entry_switch.push_back(list[i].get<bool>("switch", false));
    switches += entry_switch.back();
  }
  nodes_ = unsigned(list.size()) - switches;
  if (nodes_ == 0) s.fail("nodes", "a custom topology needs at least one compute node (one without switch: true)");
  if (nodes_ > kMaxNodes) s.fail("nodes", fmt::format("at most {} nodes are supported, got {}", kMaxNodes, nodes_));
  if (switches > kMaxSwitches)
    s.fail("nodes", fmt::format("at most {} switches are supported, got {}", kMaxSwitches, switches));
  std::vector<std::size_t> entry_of;  // vertex id -> entry index
  for (bool want_switch : {false, true})
    for (std::size_t i = 0; i < list.size(); ++i)
      if (entry_switch[i] == want_switch) {
        add_vertex(entry_names[i]);
        entry_of.push_back(i);
      }

  const std::vector<ConfigNode> links = s.children("links");
  link_index_.assign(std::size_t(vertices()) * vertices(), -1);
  std::vector<std::size_t> link_entry;  // link id -> entry index, for duplicate messages
  for (std::size_t j = 0; j < links.size(); ++j) {
    const ConfigNode& l = links[j];
    unsigned end[2];
    for (int e = 0; e < 2; ++e) {
      const char* key = e ? "b" : "a";
      const std::string n = l.get<std::string>(key);
      const int v = find(n);
      if (v < 0) l.fail(key, fmt::format("no node is named '{}'", n));
      end[e] = unsigned(v);
    }
    if (end[0] == end[1]) l.fail("b", fmt::format("a link from node '{}' to itself", name(end[0])));
    const int dup = link_between(end[0], end[1]);
    if (dup >= 0)
      l.fail("", fmt::format("a second link between '{}' and '{}' (the first is {}, line {})", name(end[0]),
                             name(end[1]), links[link_entry[dup]].key_path(), links[link_entry[dup]].line()));
    add_link(end[0], end[1], LinkParams::from_config(l, lp));
    link_entry.push_back(j);
  }

  const int lost = unreachable_vertex();
  if (lost >= 0)
    list[entry_of[lost]].fail("name", fmt::format("{} '{}' cannot be reached from node '{}': no chain of links joins them",
                                                  is_switch(lost) ? "switch" : "node", name(lost), name(0)));
}

int Topology::unreachable_vertex() const {
  Graph g(vertices());
  for (const Link& l : links_) boost::add_edge(l.a, l.b, g);
  std::vector<int> component(vertices());
  boost::connected_components(g, component.data());
  for (unsigned v = 1; v < vertices(); ++v)
    if (component[v] != component[0]) return int(v);
  return -1;
}

// ---------------------------------------------------------------------------------------
// Routing

void Topology::compute_routes() {
  const unsigned n = nodes_;
  routes_.assign(std::size_t(n) * n, {});
  if (kind_ == "standalone") {
    for (unsigned v = 0; v < n; ++v) routes_[std::size_t(v) * n + v] = {v};  // the others: none
    return;
  }
  if (kind_ == "mesh") {
    // X-Y dimension order, X first (Godson-3A): deadlock-free on a mesh, and the reply
    // (dst -> src, X first again) turns at the other corner from the request.
    for (unsigned s = 0; s < n; ++s)
      for (unsigned d = 0; d < n; ++d) {
        std::vector<unsigned>& r = routes_[std::size_t(s) * n + d];
        unsigned x = mesh_x(s), y = mesh_y(s);
        const auto span = [](unsigned p, unsigned q) { return p > q ? p - q : q - p; };
        r.reserve(1 + span(x, mesh_x(d)) + span(y, mesh_y(d)));
        r.push_back(s);
        while (x != mesh_x(d)) {
          x = x < mesh_x(d) ? x + 1 : x - 1;
          r.push_back(y * width_ + x);
        }
        while (y != mesh_y(d)) {
          y = y < mesh_y(d) ? y + 1 : y - 1;
          r.push_back(y * width_ + x);
        }
      }
    return;
  }
  // Shortest paths: one BFS from each destination gives every vertex's hop distance to it;
  // a route then steps to the lowest-id neighbour one hop closer, so ties always go the
  // same way whatever order the links were listed in.
  Graph g(vertices());
  for (const Link& l : links_) boost::add_edge(l.a, l.b, g);
  constexpr unsigned kFar = std::numeric_limits<unsigned>::max();
  std::vector<unsigned> dist(vertices());
  for (unsigned d = 0; d < n; ++d) {
    std::fill(dist.begin(), dist.end(), kFar);
    dist[d] = 0;
    boost::breadth_first_search(
        g, boost::vertex(d, g),
        boost::visitor(boost::make_bfs_visitor(boost::record_distances(dist.data(), boost::on_tree_edge()))));
    for (unsigned s = 0; s < n; ++s) {
      std::vector<unsigned>& r = routes_[std::size_t(s) * n + d];
      unsigned cur = s;
      r.push_back(cur);
      while (cur != d) {
        unsigned next = kFar;
        for (auto [it, end] = boost::adjacent_vertices(cur, g); it != end; ++it)
          if (dist[*it] + 1 == dist[cur]) next = std::min(next, unsigned(*it));
        if (next == kFar) throw std::logic_error("topology: route through a disconnected graph");
        r.push_back(cur = next);
      }
    }
  }
}

const std::vector<unsigned>& Topology::route(unsigned src, unsigned dst) const {
  if (src >= nodes_ || dst >= nodes_)
    throw std::out_of_range(fmt::format("topology route {} -> {}: only nodes 0..{} send and receive", src, dst,
                                        nodes_ - 1));
  const std::vector<unsigned>& r = routes_[std::size_t(src) * nodes_ + dst];
  if (r.empty())
    throw std::runtime_error(fmt::format("no HyperTransport path from node {} to node {}: the topology is '{}', "
                                         "whose nodes share no memory (they talk over a NIC network only)",
                                         names_[src], names_[dst], kind_));
  return r;
}

bool Topology::connected(unsigned src, unsigned dst) const {
  return src < nodes_ && dst < nodes_ && !routes_[std::size_t(src) * nodes_ + dst].empty();
}

int Topology::link_between(unsigned u, unsigned v) const {
  if (u >= vertices() || v >= vertices() || link_index_.empty()) return -1;
  return link_index_[std::size_t(u) * vertices() + v];
}

int Topology::find(const std::string& name) const {
  auto it = std::find(names_.begin(), names_.end(), name);
  return it == names_.end() ? -1 : int(it - names_.begin());
}

// ---------------------------------------------------------------------------------------
// Printing

namespace {

std::string describe(const Topology& t) {
  std::string shape = t.kind() == "mesh" ? fmt::format("mesh {}x{}", t.mesh_width(), t.mesh_height()) : t.kind();
  const unsigned switches = t.vertices() - t.nodes();
  return fmt::format("{}: {} node{}, {}{} link{}; {}", shape, t.nodes(), t.nodes() == 1 ? "" : "s",
                     switches ? fmt::format("{} switch{}, ", switches, switches == 1 ? "" : "es") : "",
                     t.links().size(), t.links().size() == 1 ? "" : "s",
                     t.kind() == "mesh" ? "X-Y routing (X first)" : "shortest-path routing (ties: lowest id)");
}

}  // namespace

std::string Topology::to_dot() const {
  std::string out = fmt::format("// smvn-sim topology, {}\ngraph topology {{\n", describe(*this));
  // Names are restricted to [A-Za-z0-9_-] (see valid_name), so they need no escaping.
  for (unsigned v = 0; v < vertices(); ++v)
    out += fmt::format("  v{} [label=\"{}\", shape={}];\n", v, names_[v], is_switch(v) ? "box" : "circle");
  for (const Link& l : links_)
    out += fmt::format("  v{} -- v{} [label=\"{}-bit @ {} MHz\"];\n", l.a, l.b, l.params.width_bits,
                       l.params.clock_mhz);
  out += "}\n";
  return out;
}

std::string Topology::route_table() const {
  std::size_t w = 3;  // at least as wide as the "src" heading
  for (const std::string& n : names_) w = std::max(w, n.size());
  std::string out = fmt::format("# {}\n# {:<{}} -> {:<{}}  {:>4}  path\n", describe(*this), "src", w, "dst", w, "hops");
  for (unsigned s = 0; s < nodes_; ++s)
    for (unsigned d = 0; d < nodes_; ++d) {
      if (s == d) continue;
      if (!connected(s, d)) {
        out += fmt::format("  {:<{}} -> {:<{}}  {:>4}  (no HT path)\n", names_[s], w, names_[d], w, "-");
        continue;
      }
      std::string path;
      for (unsigned v : route(s, d)) path += (path.empty() ? "" : " ") + names_[v];
      out += fmt::format("  {:<{}} -> {:<{}}  {:>4}  {}\n", names_[s], w, names_[d], w, hops(s, d), path);
    }
  return out;
}

}  // namespace smvn
