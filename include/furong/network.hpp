#pragma once
/// @file
/// The governance network: organisations in one administrative hierarchy, typed and dated
/// links between them, people with dated roles, and what providers offer and compounds need.
/// It is the only mutable object of the library; queries read an immutable furong::snapshot.

#include <furong/attributes.hpp>
#include <furong/dates.hpp>
#include <furong/detail/id_table.hpp>
#include <furong/error.hpp>
#include <furong/kinds.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <utility>
#include <vector>

namespace furong {

/// Dense index of an organisation or a person inside one network. Stable: rows are never
/// removed (an organisation leaves by ending its links and roles), so an index stays valid.
using index_t = std::uint32_t;
inline constexpr index_t no_index = 0xFFFFFFFFu;

/// Organisations, column by column. Missing counts are -1.
struct org_table {
    detail::id_table ids;
    detail::string_pool names;
    std::vector<org_kind> kinds;
    std::vector<index_t> parents;  ///< no_index for a root
    std::vector<compound_type> compound_types;
    std::vector<unit_type> unit_types;
    std::vector<std::int32_t> households, party_members, capacities;
    attribute_columns extra;
    std::size_t size() const noexcept { return kinds.size(); }
};

/// A typed link from `source` to `target`, active on the days of `valid`.
struct link_record {
    index_t source;
    index_t target;
    link_kind kind;
    validity valid;
};
struct link_table {
    std::vector<link_record> rows;
    attribute_columns extra;
};

/// People: ids and names; their roles are in role_table.
struct people_table {
    detail::id_table ids;
    detail::string_pool names;
    attribute_columns extra;
    std::size_t size() const noexcept { return names.size(); }
};

/// A person's role in an organisation, active on the days of `valid`.
struct role_record {
    index_t person;
    index_t org;
    role_kind kind;
    validity valid;
};
struct role_table {
    std::vector<role_record> rows;
    attribute_columns extra;
};

/// What a provider (agency or unit) offers and what a compound needs, for matching.
struct offer_record {
    index_t provider;
    std::string resource;
    double amount;  ///< finite, > 0
};
struct need_record {
    index_t compound;
    std::string resource;
    int priority;  ///< 1..5
};
struct resource_table {
    std::vector<offer_record> offers;
    std::vector<need_record> needs;
    attribute_columns offer_extra, need_extra;
    /// "index\x1fresource" keys of the offers and needs, for O(1) duplicate checks.
    std::unordered_set<std::string> offer_keys, need_keys;
    static std::string key(index_t i, std::string_view resource) {
        return std::to_string(i) + '\x1f' + std::string(resource);
    }
};

/// The mutable model. Every edit is checked, so a network is always consistent: ids are
/// unique, parents exist, kinds nest as kinds.hpp allows, there are no cycles, links and roles
/// join kinds that may be joined, dates run forwards.
///
/// Threads (docs/reliability.md): one network object is like a std::vector. Any number of
/// threads may call its const members at once; an edit needs the object to itself (no other
/// thread reading or editing that object meanwhile: lock it yourself). Copies are cheap
/// (O(1): they share the tables, copy-on-write) and independent: different network objects,
/// even copies of one another, may be read and edited on different threads at the same time
/// without a lock, since an edit copies a shared table before writing to it (see mut()).
/// A snapshot taken from a network is immutable and may be shared by any number of threads.
/// So the pattern for a long job beside an editor is: take a copy or a snapshot while holding
/// the lock (O(1) or O(V + E)), then work on it without the lock.
/// The columns of organisations.csv and people.csv that the format itself defines (in the
/// order they are written). A free-form attribute may not take one of these names, or the
/// saved file would name a column twice and no longer load.
inline constexpr std::array<std::string_view, 9> organisation_columns{
    "id", "kind", "name", "parent", "compound_type", "households", "party_members", "capacity", "unit_type"};
inline constexpr std::array<std::string_view, 2> person_columns{"id", "name"};

class network {
public:
    network()
        : orgs_(std::make_shared<org_table>()), links_(std::make_shared<link_table>()),
          people_(std::make_shared<people_table>()), roles_(std::make_shared<role_table>()),
          resources_(std::make_shared<resource_table>()) {}

    // ---- organisations ---------------------------------------------------------------
    /// Adds an organisation under `parent_id` ("" for a root). O(1) expected.
    /// @throws model_error on an empty or duplicate id or a wrong nesting;
    ///         unknown_id_error when the parent does not exist.
    index_t add_organisation(std::string_view id, org_kind kind, std::string_view name,
                             std::string_view parent_id = {}) {
        if (id.empty()) throw model_error("an organisation id may not be empty");
        index_t parent = no_index;
        if (!parent_id.empty()) {
            parent = index_of(parent_id);
            check_nesting(id, kind, parent);
        }
        auto& t = mut(orgs_);
        auto [i, added] = t.ids.try_insert(id);  // checks and inserts in one probe
        if (!added) throw model_error("duplicate organisation id '" + std::string(id) + "'");
        t.names.push_back(name);
        t.kinds.push_back(kind);
        t.parents.push_back(parent);
        t.compound_types.push_back(compound_type::none);
        t.unit_types.push_back(unit_type::none);
        t.households.push_back(-1);
        t.party_members.push_back(-1);
        t.capacities.push_back(-1);
        ++revision_;
        return i;
    }

    /// Optional attributes of a new organisation, checked together with it (see below).
    struct organisation_fields {
        std::optional<compound_type> compound;  ///< compounds only
        std::optional<unit_type> unit;          ///< units only
        std::optional<std::int64_t> households, party_members;
        std::optional<std::int64_t> capacity;   ///< agencies and units only
        std::vector<std::pair<std::string, std::string>> extra;  ///< free-form attributes
    };

    /// Adds an organisation with its attributes. Everything is checked before the first
    /// change, so a refused call changes nothing. O(1) expected plus the attributes.
    /// @throws argument_error for an attribute its kind does not have or a count outside
    ///         0..2^31-1; model_error / unknown_id_error as the plain overload.
    index_t add_organisation(std::string_view id, org_kind kind, std::string_view name, std::string_view parent_id,
                             const organisation_fields& f) {
        for (auto [v, what] : {std::pair{f.households, "households"}, std::pair{f.party_members, "party_members"},
                               std::pair{f.capacity, "capacity"}})
            if (v && (*v < 0 || *v > 0x7FFFFFFF)) throw argument_error(std::string(what) + " must be a count >= 0");
        if (f.compound && kind != org_kind::compound) throw argument_error("compound_type applies to compounds only");
        if (f.unit && kind != org_kind::unit) throw argument_error("unit_type applies to units only");
        if (f.capacity && kind != org_kind::agency && kind != org_kind::unit)
            throw argument_error("capacity applies to agencies and units only");
        for (const auto& kv : f.extra) check_attribute_name(kv.first, organisation_columns, "organisation");
        const index_t i = add_organisation(id, kind, name, parent_id);  // its own checks come first
        // Nothing below can fail: the kinds and the counts were checked above.
        if (f.compound) set_compound_type(i, *f.compound);
        if (f.unit) set_unit_type(i, *f.unit);
        if (f.households) set_households(i, *f.households);
        if (f.party_members) set_party_members(i, *f.party_members);
        if (f.capacity) set_capacity(i, *f.capacity);
        for (const auto& [key, value] : f.extra) set_org_attribute(i, key, value);  // names checked above
        return i;
    }

    /// Moves `child` under `parent` (no_index makes it a root). O(depth).
    /// @throws model_error on a wrong nesting or when `parent` lies in `child`'s subtree.
    void set_parent(index_t child, index_t parent) {
        check_org(child);
        if (parent != no_index) {
            check_org(parent);
            check_nesting(id(child), kind(child), parent);
            for (index_t a = parent; a != no_index; a = orgs_->parents[a])
                if (a == child)
                    throw model_error("moving '" + std::string(id(child)) + "' under '" + std::string(id(parent)) +
                                      "' would make a cycle");
        }
        mut(orgs_).parents[child] = parent;
        ++revision_;
    }

    void set_name(index_t i, std::string_view name) { check_org(i); mut(orgs_).names.set(i, name); ++revision_; }
    /// Compound type; only for compounds. @throws model_error otherwise.
    void set_compound_type(index_t i, compound_type t) {
        require_kind(i, detail::bit(org_kind::compound), "compound_type");
        mut(orgs_).compound_types[i] = t;
        ++revision_;
    }
    /// Unit type; only for units. @throws model_error otherwise.
    void set_unit_type(index_t i, unit_type t) {
        require_kind(i, detail::bit(org_kind::unit), "unit_type");
        mut(orgs_).unit_types[i] = t;
        ++revision_;
    }
    /// How many compounds a provider may pair with; only for agencies and units (-1: unset).
    void set_capacity(index_t i, std::int64_t n) {
        require_kind(i, detail::bits(org_kind::agency, org_kind::unit), "capacity");
        mut(orgs_).capacities[i] = checked_count(n, "capacity");
        ++revision_;
    }
    void set_households(index_t i, std::int64_t n) { check_org(i); mut(orgs_).households[i] = checked_count(n, "households"); ++revision_; }
    void set_party_members(index_t i, std::int64_t n) { check_org(i); mut(orgs_).party_members[i] = checked_count(n, "party_members"); ++revision_; }
    /// Sets a free-form attribute (an extra CSV column) of an organisation.
    /// @throws argument_error for an empty name or a column of the format (organisation_columns).
    void set_org_attribute(index_t i, std::string_view name, std::string value) {
        check_org(i);
        check_attribute_name(name, organisation_columns, "organisation");
        mut(orgs_).extra.set(name, i, std::move(value));
        ++revision_;
    }

    std::size_t organisation_count() const noexcept { return orgs_->size(); }
    std::optional<index_t> find(std::string_view id) const { return orgs_->ids.find(id); }
    /// @throws unknown_id_error naming the id.
    index_t index_of(std::string_view id) const {
        if (auto i = orgs_->ids.find(id)) return *i;
        throw unknown_id_error(std::string(id));
    }
    std::string_view id(index_t i) const { return orgs_->ids[i]; }
    std::string_view name(index_t i) const { return orgs_->names[i]; }
    org_kind kind(index_t i) const { return orgs_->kinds[i]; }
    index_t parent(index_t i) const { return orgs_->parents[i]; }
    const org_table& organisations() const noexcept { return *orgs_; }

    // ---- links -----------------------------------------------------------------------
    /// Adds a link; returns its row. O(1).
    /// @throws model_error when the kinds may not be linked so, on a self link, or when
    ///         since > until; unknown_id_error for an unknown endpoint.
    std::size_t add_link(std::string_view source, std::string_view target, link_kind k,
                         validity valid = {}) {
        return add_link(index_of(source), index_of(target), k, valid);
    }
    std::size_t add_link(index_t s, index_t t, link_kind k, validity valid = {}) {
        check_org(s);
        check_org(t);
        if (s == t) throw model_error("a " + std::string(name_of(k)) + " link from '" + std::string(id(s)) + "' to itself");
        if (!link_allowed(k, kind(s), kind(t))) {
            const auto& r = detail::link_endpoints[static_cast<std::size_t>(k)];
            throw model_error("a " + std::string(name_of(k)) + " link runs from " + detail::kinds_in(r.sources) +
                              " to " + detail::kinds_in(r.targets) + ", not from " + std::string(name_of(kind(s))) +
                              " '" + std::string(id(s)) + "' to " + std::string(name_of(kind(t))) + " '" +
                              std::string(id(t)) + "'");
        }
        check_interval(valid);
        auto& lt = mut(links_);
        lt.rows.push_back({s, t, k, valid});
        ++revision_;
        return lt.rows.size() - 1;
    }
    /// Ends link `row` on `last_day` (it stays active up to and including that day). A link
    /// that had not started by then becomes empty: never active, and not saved.
    void end_link(std::size_t row, day_t last_day) {
        if (row >= links_->rows.size()) throw argument_error("no link row " + std::to_string(row));
        auto& r = mut(links_).rows[row];
        r.valid.until = std::min(r.valid.until, last_day);  // may leave it empty: never active
        ++revision_;
    }
    void set_link_attribute(std::size_t row, std::string_view name, std::string value) {
        mut(links_).extra.set(name, row, std::move(value));
        ++revision_;
    }
    const link_table& links() const noexcept { return *links_; }

    // ---- people and roles ------------------------------------------------------------
    /// @throws model_error on an empty or duplicate person id.
    index_t add_person(std::string_view id, std::string_view name) {
        if (id.empty()) throw model_error("a person id may not be empty");
        auto& t = mut(people_);
        auto [i, added] = t.ids.try_insert(id);
        if (!added) throw model_error("duplicate person id '" + std::string(id) + "'");
        t.names.push_back(name);
        ++revision_;
        return i;
    }
    /// Sets a free-form attribute (an extra CSV column) of a person.
    /// @throws argument_error for an empty name or a column of the format (person_columns).
    void set_person_attribute(index_t p, std::string_view name, std::string value) {
        check_person(p);
        check_attribute_name(name, person_columns, "person");
        mut(people_).extra.set(name, p, std::move(value));
        ++revision_;
    }
    std::size_t person_count() const noexcept { return people_->size(); }
    std::optional<index_t> find_person(std::string_view id) const { return people_->ids.find(id); }
    /// @throws unknown_id_error naming the id.
    index_t person_index(std::string_view id) const {
        if (auto i = people_->ids.find(id)) return *i;
        throw unknown_id_error(std::string(id), "person");
    }
    std::string_view person_id(index_t p) const { return people_->ids[p]; }
    std::string_view person_name(index_t p) const { return people_->names[p]; }
    const people_table& people() const noexcept { return *people_; }

    /// Gives `person` a role in `org`. @throws model_error when the role cannot be held in an
    /// organisation of that kind or since > until.
    std::size_t add_role(index_t person, index_t org, role_kind r, validity valid = {}) {
        check_person(person);
        check_org(org);
        if (!role_allowed(r, kind(org)))
            throw model_error("the role " + std::string(name_of(r)) + " is held in " +
                              detail::kinds_in(detail::role_orgs[static_cast<std::size_t>(r)]) + ", not in " +
                              std::string(name_of(kind(org))) + " '" + std::string(id(org)) + "'");
        check_interval(valid);
        auto& t = mut(roles_);
        t.rows.push_back({person, org, r, valid});
        ++revision_;
        return t.rows.size() - 1;
    }
    std::size_t add_role(std::string_view person, std::string_view org, role_kind r, validity valid = {}) {
        return add_role(person_index(person), index_of(org), r, valid);
    }
    /// Ends role `row` on `last_day`; like end_link, a role not yet started becomes empty.
    void end_role(std::size_t row, day_t last_day) {
        if (row >= roles_->rows.size()) throw argument_error("no role row " + std::to_string(row));
        auto& r = mut(roles_).rows[row];
        r.valid.until = std::min(r.valid.until, last_day);  // may leave it empty: never active
        ++revision_;
    }
    void set_role_attribute(std::size_t row, std::string_view name, std::string value) {
        mut(roles_).extra.set(name, row, std::move(value));
        ++revision_;
    }
    const role_table& roles() const noexcept { return *roles_; }

    // ---- offers and needs ------------------------------------------------------------
    /// What `provider` (an agency or a unit) offers. @throws model_error on a non-provider, a
    /// non-finite or non-positive amount, or a resource offered twice.
    void add_offer(index_t provider, std::string_view resource, double amount) {
        require_kind(provider, detail::bits(org_kind::agency, org_kind::unit), "an offer");
        if (resource.empty()) throw model_error("an offer needs a resource name");
        if (!std::isfinite(amount) || amount <= 0)
            throw model_error("offer amount must be a finite number > 0, got " + std::to_string(amount));
        if (resources_->offer_keys.count(resource_table::key(provider, resource)))
            throw model_error("'" + std::string(id(provider)) + "' offers '" + std::string(resource) + "' twice");
        auto& t = mut(resources_);
        t.offers.push_back({provider, std::string(resource), amount});
        t.offer_keys.insert(resource_table::key(provider, resource));
        ++revision_;
    }
    /// What `compound` needs, with priority 1..5. @throws model_error on a non-compound, a
    /// priority outside 1..5, or a resource needed twice.
    void add_need(index_t compound, std::string_view resource, int priority) {
        require_kind(compound, detail::bit(org_kind::compound), "a need");
        if (resource.empty()) throw model_error("a need needs a resource name");
        if (priority < 1 || priority > 5) throw model_error("need priority must be 1..5, got " + std::to_string(priority));
        if (resources_->need_keys.count(resource_table::key(compound, resource)))
            throw model_error("'" + std::string(id(compound)) + "' needs '" + std::string(resource) + "' twice");
        auto& t = mut(resources_);
        t.needs.push_back({compound, std::string(resource), priority});
        t.need_keys.insert(resource_table::key(compound, resource));
        ++revision_;
    }
    void set_offer_attribute(std::size_t row, std::string_view name, std::string value) {
        mut(resources_).offer_extra.set(name, row, std::move(value));
        ++revision_;
    }
    void set_need_attribute(std::size_t row, std::string_view name, std::string value) {
        mut(resources_).need_extra.set(name, row, std::move(value));
        ++revision_;
    }
    const resource_table& resources() const noexcept { return *resources_; }

    /// Reserves room for bulk construction (loaders, generators): counts of organisations,
    /// characters of their ids, links, people and roles. Changes nothing visible.
    void reserve(std::size_t organisations, std::size_t id_chars, std::size_t links, std::size_t people,
                 std::size_t roles) {
        auto& o = mut(orgs_);
        o.ids.reserve(organisations, id_chars);
        o.names.reserve(organisations, 0);
        for (auto* v : {&o.households, &o.party_members, &o.capacities}) v->reserve(organisations);
        o.kinds.reserve(organisations);
        o.parents.reserve(organisations);
        o.compound_types.reserve(organisations);
        o.unit_types.reserve(organisations);
        mut(links_).rows.reserve(links);
        auto& p = mut(people_);
        p.ids.reserve(people, people * 8);
        p.names.reserve(people, people * 9);
        mut(roles_).rows.reserve(roles);
    }

    /// Gives back the spare capacity of the tables after bulk construction whose counts were
    /// not known in advance (the generator): vectors grown one row at a time hold up to twice
    /// their rows. Each table is copied to its exact size, one column at a time. Changes
    /// nothing visible (not the revision either), but counts as an edit for the thread rules
    /// above: a table shared with a snapshot or a copy is copied first.
    void shrink_to_fit() {
        auto& o = mut(orgs_);
        o.ids.shrink_to_fit();
        o.names.shrink_to_fit();
        o.kinds.shrink_to_fit();
        o.parents.shrink_to_fit();
        o.compound_types.shrink_to_fit();
        o.unit_types.shrink_to_fit();
        for (auto* v : {&o.households, &o.party_members, &o.capacities}) v->shrink_to_fit();
        mut(links_).rows.shrink_to_fit();
        auto& p = mut(people_);
        p.ids.shrink_to_fit();
        p.names.shrink_to_fit();
        mut(roles_).rows.shrink_to_fit();
    }

    /// Bumped by every edit; a snapshot records the revision it was built from.
    std::uint64_t revision() const noexcept { return revision_; }

    /// Shared, immutable views of the tables, for snapshots (copy-on-write keeps them intact).
    std::shared_ptr<const org_table> shared_organisations() const { return orgs_; }
    std::shared_ptr<const link_table> shared_links() const { return links_; }
    std::shared_ptr<const people_table> shared_people() const { return people_; }
    std::shared_ptr<const role_table> shared_roles() const { return roles_; }
    std::shared_ptr<const resource_table> shared_resources() const { return resources_; }

    template <std::size_t N>
    static void check_attribute_name(std::string_view name, const std::array<std::string_view, N>& reserved, const char* of) {
        if (name.empty()) throw argument_error(std::string("an ") + of + " attribute needs a name");
        for (auto c : reserved)
            if (c == name)
                throw argument_error("'" + std::string(name) + "' is a column of the " + of +
                                     " file, not a free-form attribute");
    }

private:
    template <class T>
    static T& mut(std::shared_ptr<T>& p) {
        // A snapshot or a copy of this network may hold the same table: copy before writing.
        // Other threads may hold those sharers and drop them at any moment. Seeing a count of
        // 1 means every other holder is gone, but use_count() is a relaxed load: the acquire
        // fence orders our writes after the reads those holders made before letting go (their
        // decrement is a release). A count > 1 read while others drop theirs only costs a copy.
        if (p.use_count() > 1) {
            p = std::make_shared<T>(*p);
        } else {
            std::atomic_thread_fence(std::memory_order_acquire);
        }
        return *p;
    }
    void check_org(index_t i) const {
        if (i >= orgs_->size()) throw argument_error("no organisation with index " + std::to_string(i));
    }
    void check_person(index_t p) const {
        if (p >= people_->size()) throw argument_error("no person with index " + std::to_string(p));
    }
    void check_nesting(std::string_view child_id, org_kind child, index_t parent) const {
        if (!may_nest(child, kind(parent)))
            throw model_error("a " + std::string(name_of(child)) + " sits under " +
                              detail::kinds_in(detail::allowed_parents[static_cast<std::size_t>(child)]) + ", not under " +
                              std::string(name_of(kind(parent))) + " '" + std::string(id(parent)) + "' ('" +
                              std::string(child_id) + "')");
    }
    void require_kind(index_t i, std::uint32_t mask, const char* what) const {
        check_org(i);
        if (!(mask & detail::bit(kind(i))))
            throw model_error(std::string(what) + " belongs to " + detail::kinds_in(mask) + ", not to " +
                              std::string(name_of(kind(i))) + " '" + std::string(id(i)) + "'");
    }
    static std::int32_t checked_count(std::int64_t n, const char* what) {
        if (n < -1 || n > 0x7FFFFFFF) throw model_error(std::string(what) + " must be a count >= 0, got " + std::to_string(n));
        return static_cast<std::int32_t>(n);
    }
    static void check_interval(const validity& v) {
        if (v.since > v.until)
            throw model_error("since " + to_iso(v.since_date()) + " is after until " + to_iso(v.until_date()));
    }

    std::shared_ptr<org_table> orgs_;
    std::shared_ptr<link_table> links_;
    std::shared_ptr<people_table> people_;
    std::shared_ptr<role_table> roles_;
    std::shared_ptr<resource_table> resources_;
    std::uint64_t revision_ = 0;
};

}  // namespace furong
