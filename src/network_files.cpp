// Loading and saving the network's CSV directory. Loading stages every row with its line,
// checks everything, and only then builds a fresh network: a failed load changes nothing.

#include <furong/io/atomic_dir.hpp>
#include <furong/io/csv.hpp>
#include <furong/io/network_files.hpp>

#include <charconv>
#include <fstream>
#include <set>

namespace furong::io {
namespace {

namespace fs = std::filesystem;

/// A file's known columns and its extra ones (kept as attributes).
struct columns {
    std::vector<std::size_t> extra;  // indices of columns the format does not know
    std::vector<std::string> extra_names;
};

columns split_columns(const csv_reader& r, const std::vector<std::string_view>& known) {
    columns c;
    for (std::size_t i = 0; i < r.header().size(); ++i) {
        bool is_known = false;
        for (auto k : known) is_known |= (r.header()[i] == k);
        if (!is_known) {
            c.extra.push_back(i);
            c.extra_names.push_back(r.header()[i]);
        }
    }
    return c;
}

struct extra_values {
    std::vector<std::pair<std::string, std::string>> values;  // (column, value) non-empty only
};
extra_values take_extra(const csv_reader& r, const columns& c) {
    extra_values e;
    for (std::size_t k = 0; k < c.extra.size(); ++k)
        if (!r[c.extra[k]].empty()) e.values.emplace_back(c.extra_names[k], r[c.extra[k]]);
    return e;
}

struct org_row {
    std::string id, name, parent;
    org_kind kind;
    compound_type ctype = compound_type::none;
    unit_type utype = unit_type::none;
    std::int64_t households = -1, party_members = -1, capacity = -1;
    extra_values extra;
    std::size_t line;
};
struct link_row {
    index_t source, target;
    link_kind kind;
    validity valid;
    extra_values extra;
};
struct person_row {
    std::string id, name;
    extra_values extra;
};
struct role_row {
    index_t person, org;
    role_kind kind;
    validity valid;
    extra_values extra;
};
struct offer_row {
    index_t provider;
    std::string resource;
    double amount;
    extra_values extra;
};
struct need_row {
    index_t compound;
    std::string resource;
    int priority;
    extra_values extra;
};

/// Staged content of a directory, checked, not yet built.
struct staged {
    std::vector<org_row> orgs;
    detail::id_table org_index;  // id -> row, the same fast table the network uses
    std::vector<link_row> links;
    std::vector<person_row> people;
    detail::id_table person_index;
    std::vector<role_row> roles;
    std::vector<offer_row> offers;
    std::vector<need_row> needs;
    columns org_cols, link_cols, person_cols, role_cols, offer_cols, need_cols;
};

validity read_validity(const csv_reader& r, std::optional<std::size_t> since, std::optional<std::size_t> until) {
    date s = since ? r.day(*since) : date();
    date u = until ? r.day(*until) : date();
    validity v = validity::between(s, u);
    if (v.since > v.until) r.fail(*until, "until " + to_iso(u) + " is before since " + to_iso(s));
    return v;
}

index_t resolve(const csv_reader& r, std::size_t col, const detail::id_table& index, const char* what) {
    const std::string_view f = r.text(col);
    auto found = index.find(f);
    if (!found) r.fail(col, std::string("unknown ") + what + " id '" + std::string(f) + "'");
    return *found;
}

void read_organisations(const fs::path& dir, staged& s) {
    auto path = dir / "organisations.csv";
    if (!fs::exists(path))
        throw input_error("organisations.csv", 0, 0, "missing required file (looked in " + dir.string() + ")");
    auto r = csv_reader::open(path);
    auto c_id = r.require_column("id"), c_kind = r.require_column("kind"), c_name = r.require_column("name"),
         c_parent = r.require_column("parent");
    auto c_ctype = r.column("compound_type"), c_hh = r.column("households"), c_pm = r.column("party_members"),
         c_cap = r.column("capacity"), c_utype = r.column("unit_type");
    s.org_cols = split_columns(r, {organisation_columns.begin(), organisation_columns.end()});
    std::vector<std::size_t> parent_lines;
    while (r.next()) {
        org_row row;
        row.line = r.line();
        row.id = r.text(c_id);
        row.kind = detail::enum_field<org_kind>(r, c_kind, detail::org_kind_names, "organisation kind");
        row.name = r[c_name];
        row.parent = r[c_parent];
        auto only_for = [&](std::optional<std::size_t> col, std::uint32_t kinds) {
            if (col && !r[*col].empty() && !(kinds & detail::bit(row.kind)))
                r.fail(*col, "applies to " + detail::kinds_in(kinds) + " only, not to a " + std::string(name_of(row.kind)));
        };
        only_for(c_ctype, detail::bit(org_kind::compound));
        only_for(c_utype, detail::bit(org_kind::unit));
        only_for(c_cap, detail::bits(org_kind::agency, org_kind::unit));
        if (c_ctype && !r[*c_ctype].empty())
            row.ctype = detail::enum_field<compound_type>(r, *c_ctype, detail::compound_type_names, "compound type");
        if (c_utype && !r[*c_utype].empty())
            row.utype = detail::enum_field<unit_type>(r, *c_utype, detail::unit_type_names, "unit type");
        const std::int64_t max_count = 0x7FFFFFFF;
        if (c_hh) row.households = r.integer(*c_hh, 0, max_count, -1);
        if (c_pm) row.party_members = r.integer(*c_pm, 0, max_count, -1);
        if (c_cap) row.capacity = r.integer(*c_cap, 0, max_count, -1);
        row.extra = take_extra(r, s.org_cols);
        if (auto first = s.org_index.find(row.id))
            r.fail(c_id, "duplicate organisation id '" + row.id + "' (first on line " +
                             std::to_string(s.orgs[*first].line) + ")");
        s.org_index.insert(row.id);
        s.orgs.push_back(std::move(row));
    }
    // Parents: they may come later in the file, so they are resolved once every id is known.
    auto fail_at = [&](const org_row& row, std::size_t col, const std::string& message) {
        throw input_error(r.file(), row.line, col + 1, "column '" + r.header()[col] + "': " + message);
    };
    std::vector<index_t> parent(s.orgs.size(), no_index);
    for (std::size_t i = 0; i < s.orgs.size(); ++i) {
        const auto& row = s.orgs[i];
        if (row.parent.empty()) continue;  // a root (the district, or the top of a partial extract)
        auto found = s.org_index.find(row.parent);
        if (!found) fail_at(row, c_parent, "unknown parent id '" + row.parent + "'");
        const auto& p = s.orgs[*found];
        if (!may_nest(row.kind, p.kind))
            fail_at(row, c_parent,
                    "a " + std::string(name_of(row.kind)) + " sits under " +
                        detail::kinds_in(detail::allowed_parents[static_cast<std::size_t>(row.kind)]) + ", not under " +
                        std::string(name_of(p.kind)) + " '" + p.id + "'");
        parent[i] = *found;
    }
    // Cycles: walk up from each row, colouring; O(n) overall.
    std::vector<std::uint8_t> state(s.orgs.size(), 0);  // 0 new, 1 on the current walk, 2 done
    for (std::size_t i = 0; i < s.orgs.size(); ++i) {
        std::vector<index_t> walk;
        index_t v = static_cast<index_t>(i);
        while (v != no_index && state[v] == 0) {
            state[v] = 1;
            walk.push_back(v);
            v = parent[v];
        }
        if (v != no_index && state[v] == 1) {
            std::string cycle;
            bool in = false;
            for (index_t w : walk) {
                in |= (w == v);
                if (in) cycle += s.orgs[w].id + " -> ";
            }
            fail_at(s.orgs[v], c_parent, "the parents form a cycle: " + cycle + s.orgs[v].id);
        }
        for (index_t w : walk) state[w] = 2;
    }
}

void read_links(const fs::path& dir, staged& s) {
    auto path = dir / "links.csv";
    if (!fs::exists(path)) return;
    auto r = csv_reader::open(path);
    auto c_s = r.require_column("source"), c_t = r.require_column("target"), c_k = r.require_column("kind");
    auto c_since = r.column("since"), c_until = r.column("until");
    s.link_cols = split_columns(r, {"source", "target", "kind", "since", "until"});
    while (r.next()) {
        link_row row;
        row.source = resolve(r, c_s, s.org_index, "organisation");
        row.target = resolve(r, c_t, s.org_index, "organisation");
        row.kind = detail::enum_field<link_kind>(r, c_k, detail::link_kind_names, "link kind");
        const auto& so = s.orgs[row.source];
        const auto& to = s.orgs[row.target];
        if (row.source == row.target) r.fail(c_t, "a link from '" + so.id + "' to itself");
        if (!link_allowed(row.kind, so.kind, to.kind)) {
            const auto& rule = detail::link_endpoints[static_cast<std::size_t>(row.kind)];
            r.fail(c_k, "a " + std::string(name_of(row.kind)) + " link runs from " + detail::kinds_in(rule.sources) +
                            " to " + detail::kinds_in(rule.targets) + ", not from " + std::string(name_of(so.kind)) +
                            " to " + std::string(name_of(to.kind)));
        }
        row.valid = read_validity(r, c_since, c_until);
        row.extra = take_extra(r, s.link_cols);
        s.links.push_back(std::move(row));
    }
}

void read_people(const fs::path& dir, staged& s) {
    auto path = dir / "people.csv";
    if (!fs::exists(path)) return;
    auto r = csv_reader::open(path);
    auto c_id = r.require_column("id"), c_name = r.require_column("name");
    s.person_cols = split_columns(r, {person_columns.begin(), person_columns.end()});
    while (r.next()) {
        person_row row;
        row.id = r.text(c_id);
        row.name = r[c_name];
        row.extra = take_extra(r, s.person_cols);
        if (s.person_index.find(row.id)) r.fail(c_id, "duplicate person id '" + row.id + "'");
        s.person_index.insert(row.id);
        s.people.push_back(std::move(row));
    }
}

void read_roles(const fs::path& dir, staged& s) {
    auto path = dir / "roles.csv";
    if (!fs::exists(path)) return;
    auto r = csv_reader::open(path);
    auto c_p = r.require_column("person"), c_o = r.require_column("org"), c_r = r.require_column("role");
    auto c_since = r.column("since"), c_until = r.column("until");
    s.role_cols = split_columns(r, {"person", "org", "role", "since", "until"});
    while (r.next()) {
        role_row row;
        row.person = resolve(r, c_p, s.person_index, "person");
        row.org = resolve(r, c_o, s.org_index, "organisation");
        row.kind = detail::enum_field<role_kind>(r, c_r, detail::role_kind_names, "role");
        const auto& o = s.orgs[row.org];
        if (!role_allowed(row.kind, o.kind))
            r.fail(c_r, "the role " + std::string(name_of(row.kind)) + " is held in " +
                            detail::kinds_in(detail::role_orgs[static_cast<std::size_t>(row.kind)]) + ", not in " +
                            std::string(name_of(o.kind)) + " '" + o.id + "'");
        row.valid = read_validity(r, c_since, c_until);
        row.extra = take_extra(r, s.role_cols);
        s.roles.push_back(std::move(row));
    }
}

void read_offers_and_needs(const fs::path& dir, staged& s) {
    if (fs::exists(dir / "offers.csv")) {
        auto r = csv_reader::open(dir / "offers.csv");
        auto c_p = r.require_column("provider"), c_r = r.require_column("resource"), c_a = r.require_column("amount");
        s.offer_cols = split_columns(r, {"provider", "resource", "amount"});
        std::set<std::pair<index_t, std::string>> seen;
        while (r.next()) {
            offer_row row;
            row.provider = resolve(r, c_p, s.org_index, "organisation");
            auto k = s.orgs[row.provider].kind;
            if (k != org_kind::agency && k != org_kind::unit)
                r.fail(c_p, "a provider is an agency or a unit, not a " + std::string(name_of(k)));
            row.resource = r.text(c_r);
            row.amount = r.number(c_a, 0.0);
            if (row.amount <= 0) r.fail(c_a, "expected an amount > 0, found " + std::string(r[c_a]));
            if (!seen.emplace(row.provider, row.resource).second)
                r.fail(c_r, "'" + std::string(r[c_p]) + "' already offers '" + row.resource + "'");
            row.extra = take_extra(r, s.offer_cols);
            s.offers.push_back(std::move(row));
        }
    }
    if (fs::exists(dir / "needs.csv")) {
        auto r = csv_reader::open(dir / "needs.csv");
        auto c_c = r.require_column("compound"), c_r = r.require_column("resource"), c_p = r.require_column("priority");
        s.need_cols = split_columns(r, {"compound", "resource", "priority"});
        std::set<std::pair<index_t, std::string>> seen;
        while (r.next()) {
            need_row row;
            row.compound = resolve(r, c_c, s.org_index, "organisation");
            auto k = s.orgs[row.compound].kind;
            if (k != org_kind::compound) r.fail(c_c, "a need belongs to a compound, not to a " + std::string(name_of(k)));
            row.resource = r.text(c_r);
            row.priority = static_cast<int>(r.integer(c_p, 1, 5));
            if (!seen.emplace(row.compound, row.resource).second)
                r.fail(c_r, "'" + std::string(r[c_c]) + "' already needs '" + row.resource + "'");
            row.extra = take_extra(r, s.need_cols);
            s.needs.push_back(std::move(row));
        }
    }
}

template <class Setter>
void apply_extra(const extra_values& e, Setter set) {
    for (const auto& [name, value] : e.values) set(name, value);
}

network build(const staged& s) {
    network net;
    std::size_t chars = 0;
    for (const auto& o : s.orgs) chars += o.id.size();
    net.reserve(s.orgs.size(), chars, s.links.size(), s.people.size(), s.roles.size());
    for (const auto& o : s.orgs) {
        auto i = net.add_organisation(o.id, o.kind, o.name);
        if (o.ctype != compound_type::none) net.set_compound_type(i, o.ctype);
        if (o.utype != unit_type::none) net.set_unit_type(i, o.utype);
        if (o.households >= 0) net.set_households(i, o.households);
        if (o.party_members >= 0) net.set_party_members(i, o.party_members);
        if (o.capacity >= 0) net.set_capacity(i, o.capacity);
        apply_extra(o.extra, [&](const std::string& n, const std::string& v) { net.set_org_attribute(i, n, v); });
    }
    for (std::size_t i = 0; i < s.orgs.size(); ++i)
        if (!s.orgs[i].parent.empty()) net.set_parent(static_cast<index_t>(i), *s.org_index.find(s.orgs[i].parent));
    for (const auto& l : s.links) {
        auto k = net.add_link(l.source, l.target, l.kind, l.valid);
        apply_extra(l.extra, [&](const std::string& n, const std::string& v) { net.set_link_attribute(k, n, v); });
    }
    for (const auto& p : s.people) {
        auto i = net.add_person(p.id, p.name);
        apply_extra(p.extra, [&](const std::string& n, const std::string& v) { net.set_person_attribute(i, n, v); });
    }
    for (const auto& r : s.roles) {
        auto k = net.add_role(r.person, r.org, r.kind, r.valid);
        apply_extra(r.extra, [&](const std::string& n, const std::string& v) { net.set_role_attribute(k, n, v); });
    }
    for (std::size_t k = 0; k < s.offers.size(); ++k) {
        net.add_offer(s.offers[k].provider, s.offers[k].resource, s.offers[k].amount);
        apply_extra(s.offers[k].extra, [&](const std::string& n, const std::string& v) { net.set_offer_attribute(k, n, v); });
    }
    for (std::size_t k = 0; k < s.needs.size(); ++k) {
        net.add_need(s.needs[k].compound, s.needs[k].resource, s.needs[k].priority);
        apply_extra(s.needs[k].extra, [&](const std::string& n, const std::string& v) { net.set_need_attribute(k, n, v); });
    }
    return net;
}

std::string count_text(std::int32_t v) { return v < 0 ? std::string() : std::to_string(v); }

std::string number_text(double v) {
    char buf[64];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest text that reads back exactly
    (void)ec;
    return std::string(buf, end);
}

void write_header(csv_writer& w, std::vector<std::string> known, const attribute_columns& extra) {
    for (const auto& n : extra.names()) known.push_back(n);
    w.row(known);
}
void append_extra(std::vector<std::string>& row, const attribute_columns& extra, std::size_t r) {
    for (std::size_t c = 0; c < extra.names().size(); ++c) row.emplace_back(extra.get(c, r));
}

}  // namespace

network load_network(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw input_error(dir.string(), 0, 0, "not a directory (expected a directory of CSV files)");
    dir_read_lock lock(dir);  // finishes an interrupted save; no save runs while we read
    staged s;
    read_organisations(dir, s);
    read_links(dir, s);
    read_people(dir, s);
    read_roles(dir, s);
    read_offers_and_needs(dir, s);
    return build(s);
}

void write_network_files(const network& net, atomic_dir& tx) {
    const auto& o = net.organisations();
    tx.write("organisations.csv", [&](std::ostream& out) {
        csv_writer w(out);
        write_header(w, {organisation_columns.begin(), organisation_columns.end()}, o.extra);
        std::vector<std::string> row;
        for (index_t i = 0; i < o.size(); ++i) {
            row.assign({std::string(o.ids[i]), std::string(name_of(o.kinds[i])), std::string(o.names[i]),
                        o.parents[i] == no_index ? std::string() : std::string(o.ids[o.parents[i]]),
                        std::string(name_of(o.compound_types[i])), count_text(o.households[i]),
                        count_text(o.party_members[i]), count_text(o.capacities[i]), std::string(name_of(o.unit_types[i]))});
            append_extra(row, o.extra, i);
            w.row(row);
        }
    });
    tx.write("links.csv", [&](std::ostream& out) {
        csv_writer w(out);
        const auto& t = net.links();
        write_header(w, {"source", "target", "kind", "since", "until"}, t.extra);
        std::vector<std::string> row;
        for (std::size_t k = 0; k < t.rows.size(); ++k) {
            const auto& l = t.rows[k];
            if (l.valid.empty()) continue;
            row.assign({std::string(o.ids[l.source]), std::string(o.ids[l.target]), std::string(name_of(l.kind)),
                        to_iso(l.valid.since_date()), to_iso(l.valid.until_date())});
            append_extra(row, t.extra, k);
            w.row(row);
        }
    });
    tx.write("people.csv", [&](std::ostream& out) {
        csv_writer w(out);
        const auto& t = net.people();
        write_header(w, {person_columns.begin(), person_columns.end()}, t.extra);
        std::vector<std::string> row;
        for (index_t p = 0; p < t.size(); ++p) {
            row.assign({std::string(t.ids[p]), std::string(t.names[p])});
            append_extra(row, t.extra, p);
            w.row(row);
        }
    });
    tx.write("roles.csv", [&](std::ostream& out) {
        csv_writer w(out);
        const auto& t = net.roles();
        write_header(w, {"person", "org", "role", "since", "until"}, t.extra);
        std::vector<std::string> row;
        for (std::size_t k = 0; k < t.rows.size(); ++k) {
            const auto& r = t.rows[k];
            if (r.valid.empty()) continue;
            row.assign({std::string(net.people().ids[r.person]), std::string(o.ids[r.org]), std::string(name_of(r.kind)),
                        to_iso(r.valid.since_date()), to_iso(r.valid.until_date())});
            append_extra(row, t.extra, k);
            w.row(row);
        }
    });
    const auto& res = net.resources();
    tx.write("offers.csv", [&](std::ostream& out) {
        csv_writer w(out);
        write_header(w, {"provider", "resource", "amount"}, res.offer_extra);
        std::vector<std::string> row;
        for (std::size_t k = 0; k < res.offers.size(); ++k) {
            const auto& f = res.offers[k];
            row.assign({std::string(o.ids[f.provider]), f.resource, number_text(f.amount)});
            append_extra(row, res.offer_extra, k);
            w.row(row);
        }
    });
    tx.write("needs.csv", [&](std::ostream& out) {
        csv_writer w(out);
        write_header(w, {"compound", "resource", "priority"}, res.need_extra);
        std::vector<std::string> row;
        for (std::size_t k = 0; k < res.needs.size(); ++k) {
            const auto& n = res.needs[k];
            row.assign({std::string(o.ids[n.compound]), n.resource, std::to_string(n.priority)});
            append_extra(row, res.need_extra, k);
            w.row(row);
        }
    });
}

void save_network(const network& net, const std::filesystem::path& dir) {
    atomic_dir tx(dir);
    write_network_files(net, tx);
    tx.commit();
}

}  // namespace furong::io
