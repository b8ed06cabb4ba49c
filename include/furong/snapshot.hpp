#pragma once
/// @file
/// An immutable, query-ready view of a network: a Boost compressed sparse row graph whose
/// edges are the hierarchy (parent -> child) and every link, each edge with its kind and
/// validity; pre-order interval labels of the hierarchy; per-kind node lists; roles by
/// organisation. Built in O(V + E); shares the network's tables, so it is cheap to rebuild
/// after edits, and it keeps answering for the state it was built from however the network
/// changes afterwards (the network copies a table before writing to one a snapshot holds).
/// Memory besides the shared tables: 28 bytes per edge (csr_graph) plus about 41 per
/// organisation (row starts, labels, children, per-kind and role rows): 96 bytes per
/// organisation in a synthetic city with about 1.97 edges per organisation. The graph is
/// built from the tables directly, without a staged copy of the edges.

#include <furong/dates.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>
#include <furong/detail/huge_page_allocator.hpp>
#include <furong/network.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace furong {

/// Kind of a snapshot edge: a link kind, or the hierarchy (parent -> child).
using edge_kind_t = std::uint8_t;
inline constexpr edge_kind_t hierarchy_edge = static_cast<edge_kind_t>(link_kind_count);
inline constexpr std::size_t edge_kind_count = link_kind_count + 1;
inline constexpr edge_kind_t edge_kind(link_kind k) { return static_cast<edge_kind_t>(k); }

/// Name of an edge kind: "hierarchy" or a link kind's name.
inline std::string_view edge_kind_name(edge_kind_t k) {
    return k == hierarchy_edge ? std::string_view("hierarchy") : name_of(static_cast<link_kind>(k));
}
/// Parses "hierarchy" or a link kind name. @throws argument_error naming the valid names.
inline edge_kind_t parse_edge_kind(std::string_view s) {
    if (s == "hierarchy") return hierarchy_edge;
    if (auto k = parse_link_kind(s)) return edge_kind(*k);
    throw argument_error("unknown edge kind '" + std::string(s) + "' (expected hierarchy, " +
                         join_names(detail::link_kind_names) + ")");
}

/// Per-edge data of the snapshot graph.
struct edge_data {
    edge_kind_t kind = hierarchy_edge;
    validity valid;
    std::uint32_t link = no_index;  ///< row in the network's link table; no_index for hierarchy
};

/// Edge offsets and in-edge indices of the snapshot graph are 32-bit: 8 bytes per node and 4
/// per edge less than 64-bit ones. A snapshot holds at most max_snapshot_edges edges
/// (hierarchy edges plus links with a non-empty interval); building a larger one throws.
using edge_index_t = std::uint32_t;
inline constexpr std::size_t max_snapshot_edges = 0xFFFFFFFFu;

/// The graph type queries run on (Boost.Graph concepts: IncidenceGraph, BidirectionalGraph,
/// VertexListGraph, EdgeListGraph). Vertex i is organisation i of the network.
/// Per node 8 bytes of row starts (forward and backward); per edge a target, an edge_data,
/// a source and an edge index: 28 bytes.
using csr_graph = boost::compressed_sparse_row_graph<boost::bidirectionalS, boost::no_property, edge_data,
                                                     boost::no_property, index_t, edge_index_t>;

/// A contiguous run of indices (a C++17 stand-in for std::span<const index_t>).
struct index_range {
    const index_t* first = nullptr;
    const index_t* last = nullptr;
    const index_t* begin() const noexcept { return first; }
    const index_t* end() const noexcept { return last; }
    std::size_t size() const noexcept { return static_cast<std::size_t>(last - first); }
    bool empty() const noexcept { return first == last; }
    index_t operator[](std::size_t i) const noexcept { return first[i]; }
};

namespace detail {
/// Compressed rows: the values of row r are values[offsets[r] .. offsets[r+1]). The values
/// are indices (below 2^32), so 32-bit offsets hold any count of them.
struct compressed_rows {
    std::vector<std::uint32_t> offsets{0};
    std::vector<index_t> values;

    /// Groups `items` (key, value) by key into `rows` rows, keeping input order in a row. O(n + rows).
    /// @throws model_error when n does not fit in 32 bits.
    template <class KeyOf, class ValueOf>
    static compressed_rows build(std::size_t rows, std::size_t n, KeyOf key_of, ValueOf value_of) {
        if (n > 0xFFFFFFFFu)
            throw model_error("a snapshot index of " + std::to_string(n) + " items exceeds the limit of 2^32 - 1");
        compressed_rows c;
        c.offsets.assign(rows + 1, 0);
        for (std::size_t i = 0; i < n; ++i) ++c.offsets[key_of(i) + 1];
        for (std::size_t r = 0; r < rows; ++r) c.offsets[r + 1] += c.offsets[r];
        c.values.resize(n);
        std::vector<std::uint32_t> next(c.offsets.begin(), c.offsets.end() - 1);
        for (std::size_t i = 0; i < n; ++i) c.values[next[key_of(i)]++] = value_of(i);
        return c;
    }
    index_range row(std::size_t r) const noexcept {
        return {values.data() + offsets[r], values.data() + offsets[r + 1]};
    }
    std::size_t bytes() const noexcept {
        return offsets.capacity() * sizeof(std::uint32_t) + values.capacity() * sizeof(index_t);
    }
};

/// The snapshot's edges read straight from the network's tables, for Boost's CSR
/// constructor (which reads them in two passes): hierarchy edges parent -> child in child
/// order, then every link with a non-empty interval in row order. Position p < n stands for
/// the hierarchy edge into organisation p (skipped for a root), p >= n for link row p - n
/// (skipped when empty). No staged copy of the edges: that copy (24 bytes per edge) set the
/// peak memory of a snapshot of a 10^7-household city.
class edge_source {
public:
    edge_source(const org_table& o, const link_table& l) noexcept : o_(&o), l_(&l), n_(o.size()) {}

    std::size_t positions() const noexcept { return n_ + l_->rows.size(); }
    bool present(std::size_t p) const noexcept {
        return p < n_ ? o_->parents[p] != no_index : !l_->rows[p - n_].valid.empty();
    }
    std::pair<index_t, index_t> edge(std::size_t p) const noexcept {
        if (p < n_) return {o_->parents[p], static_cast<index_t>(p)};
        const auto& r = l_->rows[p - n_];
        return {r.source, r.target};
    }
    edge_data data(std::size_t p) const noexcept {
        if (p < n_) return edge_data{};
        const auto& r = l_->rows[p - n_];
        return edge_data{edge_kind(r.kind), r.valid, static_cast<std::uint32_t>(p - n_)};
    }
    std::size_t count() const noexcept {
        std::size_t c = 0;
        for (std::size_t p = 0; p < positions(); ++p) c += present(p);
        return c;
    }

    /// A forward iterator over the present positions yielding edge(p) (Pairs) or data(p).
    template <bool Pairs>
    class iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = std::conditional_t<Pairs, std::pair<index_t, index_t>, edge_data>;
        using difference_type = std::ptrdiff_t;
        using pointer = const value_type*;
        using reference = value_type;  // made on the fly

        iterator() = default;
        iterator(const edge_source* s, std::size_t p) noexcept : s_(s), p_(p) { skip(); }
        value_type operator*() const noexcept {
            if constexpr (Pairs) return s_->edge(p_);
            else return s_->data(p_);
        }
        iterator& operator++() noexcept { ++p_; skip(); return *this; }
        iterator operator++(int) noexcept { iterator t = *this; ++*this; return t; }
        bool operator==(const iterator& o) const noexcept { return p_ == o.p_; }
        bool operator!=(const iterator& o) const noexcept { return p_ != o.p_; }

    private:
        void skip() noexcept {
            const std::size_t end = s_->positions();
            while (p_ < end && !s_->present(p_)) ++p_;
        }
        const edge_source* s_ = nullptr;
        std::size_t p_ = 0;
    };
    iterator<true> begin() const noexcept { return {this, 0}; }
    iterator<true> end() const noexcept { return {this, positions()}; }
    iterator<false> data_begin() const noexcept { return {this, 0}; }

private:
    const org_table* o_;
    const link_table* l_;
    std::size_t n_;
};
}  // namespace detail

/// Pre-order interval label: the subtree of v is the pre-order range [pre, end).
struct interval_label {
    std::uint32_t pre;
    std::uint32_t end;
};

/// An immutable view of a network, cheap to copy (shared state).
///
/// Threads: every member is const and nothing is computed lazily, so one snapshot (or copies
/// of it) may be queried by any number of threads at once, also while the network it was
/// taken from is edited or destroyed (it holds its own references to the tables). Building one
/// reads the network: do it where reading the network is allowed (see furong::network).
class snapshot {
public:
    /// Builds a snapshot of `net`. O(V + E + roles).
    explicit snapshot(const network& net) : d_(std::make_shared<data>()) {
        auto& d = *d_;
        d.revision = net.revision();
        d.orgs = net.shared_organisations();
        d.links = net.shared_links();
        d.people = net.shared_people();
        d.roles = net.shared_roles();
        d.resources = net.shared_resources();
        const auto& o = *d.orgs;
        const std::size_t n = o.size();

        d.children = detail::compressed_rows::build(
            n + 1, n, [&](std::size_t i) { return o.parents[i] == no_index ? n : o.parents[i]; },
            [](std::size_t i) { return static_cast<index_t>(i); });
        d.by_kind = detail::compressed_rows::build(
            org_kind_count, n, [&](std::size_t i) { return static_cast<std::size_t>(o.kinds[i]); },
            [](std::size_t i) { return static_cast<index_t>(i); });
        label_hierarchy();

        // Graph edges: hierarchy first, then links (empty-interval links are left out), read
        // from the tables by Boost's two passes without a staged copy.
        const detail::edge_source edges(o, *d.links);
        if (edges.positions() > max_snapshot_edges && edges.count() > max_snapshot_edges)
            throw model_error("a snapshot of " + std::to_string(edges.count()) +
                              " edges exceeds the limit of 2^32 - 1 edges (hierarchy edges and dated links)");
        d.graph = csr_graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), edges.data_begin(), n);

        const auto& rr = d.roles->rows;
        d.roles_by_org = detail::compressed_rows::build(
            n, rr.size(), [&](std::size_t k) { return rr[k].org; }, [](std::size_t k) { return static_cast<index_t>(k); });
        d.roles_by_person = detail::compressed_rows::build(
            d.people->size(), rr.size(), [&](std::size_t k) { return rr[k].person; },
            [](std::size_t k) { return static_cast<index_t>(k); });
    }

    /// The network revision this snapshot was built from.
    std::uint64_t revision() const noexcept { return d_->revision; }
    std::size_t size() const noexcept { return d_->orgs->size(); }

    // ---- ids -------------------------------------------------------------------------
    std::optional<index_t> find(std::string_view id) const { return d_->orgs->ids.find(id); }
    /// @throws unknown_id_error naming the id.
    index_t index_of(std::string_view id) const {
        if (auto i = d_->orgs->ids.find(id)) return *i;
        throw unknown_id_error(std::string(id));
    }
    std::string_view id(index_t i) const { return d_->orgs->ids[i]; }
    std::string_view name(index_t i) const { return d_->orgs->names[i]; }
    org_kind kind(index_t i) const { return d_->orgs->kinds[i]; }
    index_t parent(index_t i) const { return d_->orgs->parents[i]; }
    const org_table& organisations() const noexcept { return *d_->orgs; }

    // ---- structure -------------------------------------------------------------------
    const csr_graph& graph() const noexcept { return d_->graph; }
    /// Children of `i` in index order; `size()` as the argument gives the roots.
    index_range children(std::size_t i) const noexcept { return d_->children.row(i); }
    index_range roots() const noexcept { return d_->children.row(size()); }
    /// Every organisation of kind `k`, in index order.
    index_range of_kind(org_kind k) const noexcept { return d_->by_kind.row(static_cast<std::size_t>(k)); }
    const interval_label& label(index_t i) const noexcept { return d_->labels[i]; }
    /// Organisations in hierarchy pre-order: `preorder()[label(v).pre] == v`.
    const std::vector<index_t>& preorder() const noexcept { return d_->preorder; }
    std::uint32_t depth(index_t i) const noexcept { return d_->depth[i]; }

    /// True when `a` lies strictly above `b` in the hierarchy. O(1): two interval loads.
    bool is_ancestor(index_t a, index_t b) const noexcept {
        const auto& la = d_->labels[a];
        std::uint32_t pb = d_->labels[b].pre;
        return la.pre < pb && pb < la.end;
    }
    /// The nearest ancestor of `i` (itself included) of kind `k`, or no_index. O(depth).
    index_t ancestor_of_kind(index_t i, org_kind k) const noexcept {
        for (index_t a = i; a != no_index; a = d_->orgs->parents[a])
            if (d_->orgs->kinds[a] == k) return a;
        return no_index;
    }

    // ---- links, people, roles ----------------------------------------------------------
    const link_table& links() const noexcept { return *d_->links; }
    const people_table& people() const noexcept { return *d_->people; }
    const role_table& roles() const noexcept { return *d_->roles; }
    const resource_table& resources() const noexcept { return *d_->resources; }
    /// Rows of roles() held in organisation `org`.
    index_range roles_in(index_t org) const noexcept { return d_->roles_by_org.row(org); }
    /// Rows of roles() held by person `p`.
    index_range roles_of(index_t p) const noexcept { return d_->roles_by_person.row(p); }
    /// @throws unknown_id_error naming the person id.
    index_t person_index(std::string_view id) const {
        if (auto i = d_->people->ids.find(id)) return *i;
        throw unknown_id_error(std::string(id), "person");
    }
    std::string_view person_id(index_t p) const { return d_->people->ids[p]; }

    /// People holding role `r` in `org` on the as-of day (all such roles when undated).
    template <class F>
    void for_each_holder(index_t org, role_kind r, as_of when, F&& f) const {
        for (index_t k : roles_in(org)) {
            const auto& row = d_->roles->rows[k];
            if (row.kind == r && when.admits(row.valid)) f(row.person);
        }
    }
    bool has_holder(index_t org, role_kind r, as_of when) const {
        for (index_t k : roles_in(org)) {
            const auto& row = d_->roles->rows[k];
            if (row.kind == r && when.admits(row.valid)) return true;
        }
        return false;
    }

    /// Approximate bytes held by the derived structures (not the shared network tables).
    std::size_t derived_bytes() const {
        const auto& d = *d_;
        std::size_t e = num_edges(d.graph);
        return d.children.bytes() + d.by_kind.bytes() + d.roles_by_org.bytes() + d.roles_by_person.bytes() +
               d.labels.capacity() * sizeof(interval_label) + d.preorder.capacity() * sizeof(index_t) +
               d.depth.capacity() * sizeof(std::uint32_t) +
               // forward rows, targets and properties, plus backward rows, sources and edge indices
               (size() + 1) * sizeof(edge_index_t) * 2 + e * (sizeof(index_t) + sizeof(edge_data)) +
               e * (sizeof(index_t) + sizeof(edge_index_t));
    }
    /// Approximate bytes of the network tables this snapshot shares.
    std::size_t table_bytes() const {
        const auto& o = *d_->orgs;
        return o.ids.bytes() + o.names.bytes() + o.kinds.capacity() * 21 /* kinds..capacities */ +
               d_->links->rows.capacity() * sizeof(link_record) + d_->people->ids.bytes() + d_->people->names.bytes() +
               d_->roles->rows.capacity() * sizeof(role_record);
    }

private:
    struct data {
        std::uint64_t revision = 0;
        std::shared_ptr<const org_table> orgs;
        std::shared_ptr<const link_table> links;
        std::shared_ptr<const people_table> people;
        std::shared_ptr<const role_table> roles;
        std::shared_ptr<const resource_table> resources;
        detail::compressed_rows children, by_kind, roles_by_org, roles_by_person;
        std::vector<interval_label, detail::huge_page_allocator<interval_label>> labels;
        std::vector<index_t> preorder;
        std::vector<std::uint32_t> depth;
        csr_graph graph;
    };

    // Iterative depth-first numbering (recursion would overflow on deep synthetic trees).
    void label_hierarchy() {
        auto& d = *d_;
        const std::size_t n = d.orgs->size();
        d.labels.assign(n, interval_label{0, 0});
        d.depth.assign(n, 0);
        d.preorder.clear();
        d.preorder.reserve(n);
        std::vector<std::pair<index_t, std::uint32_t>> stack;  // (vertex, next child offset)
        for (index_t root : d.children.row(n)) {
            d.labels[root].pre = static_cast<std::uint32_t>(d.preorder.size());
            d.preorder.push_back(root);
            stack.emplace_back(root, d.children.offsets[root]);
            while (!stack.empty()) {
                auto& [v, next] = stack.back();
                if (next < d.children.offsets[v + 1]) {
                    index_t c = d.children.values[next++];
                    d.labels[c].pre = static_cast<std::uint32_t>(d.preorder.size());
                    d.depth[c] = d.depth[v] + 1;
                    d.preorder.push_back(c);
                    stack.emplace_back(c, d.children.offsets[c]);
                } else {
                    d.labels[v].end = static_cast<std::uint32_t>(d.preorder.size());
                    stack.pop_back();
                }
            }
        }
    }

    std::shared_ptr<data> d_;
};

}  // namespace furong
