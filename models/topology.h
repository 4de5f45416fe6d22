// The shape of the cluster: which nodes there are, which HyperTransport links join them,
// and the route every message takes. Plain data, no SystemC: the link and router models
// are built from it, and `./smvn routes` prints it.
//
// A topology is read from a `topology:` YAML section:
//
//   topology:
//     kind: mesh            # mesh | ring | star | custom
//     dims: [2, 2]          # mesh: [W, H]
//     link: {width_bits: 8, clock_mhz: 800}   # defaults for every link
//
//   kind: ring,  nodes: N   N >= 2 nodes in a cycle (N = 2 is a single link)
//   kind: star,  nodes: N   N >= 1 nodes each linked to one central switch
//   kind: standalone, nodes: N   N >= 1 nodes and no links at all: each node's memory is its
//                                own, and a node that touches another's memory or registers is
//                                an error (the Fast Ethernet baseline's nodes: fe_network.h)
//   kind: custom
//     nodes: [{name: a}, {name: s, switch: true}, ...]
//     links: [{a: a, b: s, width_bits: 16}, ...]   # per-link overrides of `link:`
//
// Vertices: compute nodes are numbered 0..nodes()-1 (they are the cluster's nodes);
// switch vertices (the star's centre, custom `switch: true`) come after them.
//
// Names. Mesh node id = y*W + x. When W and H are both <= 10 a node is named by its two
// digits "<y><x>", which on the 2x2 mesh is Godson-3A's own chip numbering: "11" is
// (x=1, y=1) and X-first routing sends 11 -> 00 via 10 and the reply 00 -> 11 via 01 (3A1000
// manual ch.9). Larger meshes are named "n<y>_<x>". Ring and star nodes are "n<i>", the
// star's switch "sw". Custom names are the file's.
//
// Routing is computed once, for every ordered pair of compute nodes. Meshes route X-Y (X
// first), so a reply generally takes a different path from its request; other shapes take
// a shortest path by hop count, ties going to the lowest vertex id at each step.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace smvn {

class ConfigNode;

// One HyperTransport link's parameters (both directions alike).
struct LinkParams {
  uint32_t width_bits = 8;   // HT0 on Godson-3A runs 8-bit (3A1000 manual ch.9); 16 also valid
  double clock_mhz = 800;    // HT at 800 MHz, DDR: 2 bit-times per clock (slides; MindShare)
  uint32_t router_ns = 20;   // per-hop router latency: calibration (REFERENCE: unknown; Opteron analogue)
  // Flow-control credits per virtual channel (MindShare; Altera HT core guide): calibration.
  uint32_t credits_posted = 8, credits_nonposted = 8, credits_response = 8;

  // Reads the keys present in C (width_bits, clock_mhz, router_ns, credits_posted,
  // credits_nonposted, credits_response) over DEFAULTS; checks their ranges.
  static LinkParams from_config(const ConfigNode& c, const LinkParams& defaults);
};

class Topology {
 public:
  struct Link {
    unsigned a, b;  // vertex ids, a < b
    LinkParams params;
  };

  // Builds from a `topology:` section; every error is a ConfigError naming file, line, key.
  static Topology from_config(const ConfigNode& section);
  // Reads the top-level `topology:` section of a file and rejects any other key in it.
  static Topology load_file(const std::string& path);

  const std::string& kind() const { return kind_; }
  unsigned nodes() const { return nodes_; }                      // compute nodes
  unsigned vertices() const { return unsigned(names_.size()); }  // compute nodes + switches
  const std::string& name(unsigned v) const { return names_.at(v); }
  bool is_switch(unsigned v) const { return v >= nodes_ && v < vertices(); }
  int find(const std::string& name) const;  // vertex id of NAME, or -1

  // Mesh shape and a mesh node's coordinates (all 0 for other kinds).
  unsigned mesh_width() const { return width_; }
  unsigned mesh_height() const { return height_; }
  unsigned mesh_x(unsigned node) const { return width_ ? node % width_ : 0; }
  unsigned mesh_y(unsigned node) const { return width_ ? node / width_ : 0; }

  // The vertices a message from compute node SRC to compute node DST passes, both ends
  // included ({src} when src == dst). Throws std::out_of_range for a non-node.
  const std::vector<unsigned>& route(unsigned src, unsigned dst) const;
  unsigned hops(unsigned src, unsigned dst) const { return unsigned(route(src, dst).size() - 1); }
  // Whether an HT route joins SRC and DST (only a standalone topology has pairs without).
  bool connected(unsigned src, unsigned dst) const;

  const std::vector<Link>& links() const { return links_; }
  int link_between(unsigned u, unsigned v) const;  // index into links(), or -1

  std::string to_dot() const;       // Graphviz (undirected; links labelled width @ clock)
  std::string route_table() const;  // one line per ordered pair of distinct nodes

 private:
  Topology() = default;
  unsigned add_vertex(const std::string& name);
  void add_link(unsigned a, unsigned b, const LinkParams& p);
  void build_mesh(const ConfigNode& s, const LinkParams& defaults);
  void build_ring(const ConfigNode& s, const LinkParams& defaults);
  void build_star(const ConfigNode& s, const LinkParams& defaults);
  void build_custom(const ConfigNode& s, const LinkParams& defaults);
  void build_standalone(const ConfigNode& s);
  int unreachable_vertex() const;  // a vertex not connected to vertex 0, or -1
  void compute_routes();

  std::string kind_;
  unsigned nodes_ = 0;
  unsigned width_ = 0, height_ = 0;
  std::vector<std::string> names_;
  std::vector<Link> links_;
  std::vector<int> link_index_;  // vertices() x vertices(): link id or -1
  std::vector<std::vector<unsigned>> routes_;  // nodes() x nodes(), row = source
};

}  // namespace smvn
