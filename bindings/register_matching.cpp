// Matching: the optimal co-building plan of a network (with reasons), preferences.csv,
// stable matching and blocking pairs, keyed by organisation ids (see furong.match).
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/algorithm/co_building.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <chrono>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

py::str id_str(std::string_view id) { return py::str(id.data(), id.size()); }

const char* why_name(unpaired_reason r) {
    switch (r) {
        case unpaired_reason::no_eligible_provider: return "no_eligible_provider";
        case unpaired_reason::providers_full: return "providers_full";
        default: return "none";
    }
}

// Resolves the ids of one column of an argument table; names the argument, row and column.
index_t resolve(const snapshot& s, const std::string& id, const char* arg, std::size_t row, const char* column) {
    if (auto i = s.find(id)) return *i;
    throw argument_error(std::string(arg) + ": row " + std::to_string(row) + ", column '" + column +
                         "': unknown organisation id '" + id + "'");
}

std::vector<preference_row> preference_rows(const snapshot& s, const std::vector<std::string>& from,
                                            const std::vector<std::string>& to, const std::vector<std::int64_t>& rank) {
    if (from.size() != to.size() || from.size() != rank.size())
        throw argument_error("preferences: the columns from, to and rank differ in length");
    std::vector<preference_row> rows(from.size());
    for (std::size_t k = 0; k < from.size(); ++k)
        rows[k] = {resolve(s, from[k], "preferences", k, "from"), resolve(s, to[k], "preferences", k, "to"), rank[k]};
    return rows;
}

preference_problem preferences_arg(const snapshot& s, const std::vector<preference_row>& rows) {
    return preferences_from_rows(s, rows, [](std::size_t k, const char* col, const std::string& msg, std::size_t earlier) {
        throw argument_error("preferences: row " + std::to_string(k) + ", column '" + col + "': " + msg +
                             (earlier < static_cast<std::size_t>(-1) ? " (first in row " + std::to_string(earlier) + ")"
                                                                     : ""));
    });
}

py::dict preference_columns(const snapshot& s, const std::vector<preference_row>& rows) {
    py::list from, to;
    std::vector<std::int64_t> rank;
    rank.reserve(rows.size());
    for (const auto& r : rows) {
        from.append(id_str(s.id(r.from)));
        to.append(id_str(s.id(r.to)));
        rank.push_back(r.rank);
    }
    py::dict out;
    out["from"] = from;
    out["to"] = to;
    out["rank"] = to_numpy(std::move(rank));
    return out;
}

}  // namespace

void register_matching(py::module_& m) {
    // Plain-input twins of the core, for benchmarks and oracle tests: no network involved.
    m.def("optimal_pairing", [](const std::vector<int>& capacity, int compound_count,
                                const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& provider,
                                const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& compound,
                                const py::array_t<double, py::array::c_style | py::array::forcecast>& score,
                                int max_per_compound, bool cover_first) {
        if (provider.size() != compound.size() || provider.size() != score.size())
            throw argument_error("optimal_pairing: provider, compound and score differ in length");
        pairing_problem pb;
        pb.provider_capacity = capacity;
        pb.compound_count = compound_count;
        pb.max_per_compound = max_per_compound;
        pb.eligible.resize(static_cast<std::size_t>(provider.size()));
        for (py::ssize_t k = 0; k < provider.size(); ++k)
            pb.eligible[static_cast<std::size_t>(k)] = {provider.data()[k], compound.data()[k], score.data()[k]};
        pairing_options po;
        po.cover_first = cover_first;
        pairing_result r;
        double seconds = 0;
        {
            py::gil_scoped_release release;  // plain C++ vectors only
            const auto t0 = std::chrono::steady_clock::now();
            r = optimal_pairing(pb, po);
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        std::vector<std::int32_t> pp, pc;
        std::vector<double> ps;
        for (const auto& e : r.pairs) {
            pp.push_back(e.provider);
            pc.push_back(e.compound);
            ps.push_back(e.score);
        }
        py::dict out;
        out["provider"] = to_numpy(std::move(pp));
        out["compound"] = to_numpy(std::move(pc));
        out["score"] = to_numpy(std::move(ps));
        out["total_score"] = r.total_score;
        out["compounds_covered"] = r.compounds_covered;
        out["seconds"] = seconds;
        return out;
    }, py::arg("capacity"), py::arg("compound_count"), py::arg("provider"), py::arg("compound"), py::arg("score"),
       py::arg("max_per_compound") = 1, py::arg("cover_first") = false,
       "optimal_pairing on plain arrays (benchmarks, oracle tests); 'seconds' is the solver time.");

    m.def("stable_pairing", [](const std::vector<std::vector<int>>& compound_prefs,
                               const std::vector<std::vector<int>>& provider_prefs, const std::vector<int>& capacity,
                               const std::string& side) {
        stable_matching_problem pb{compound_prefs, provider_prefs, capacity};
        stable_matching_result r;
        double seconds = 0;
        {
            py::gil_scoped_release release;  // plain C++ vectors only
            const auto t0 = std::chrono::steady_clock::now();
            r = stable_matching(pb, side == "providers" ? proposing_side::providers : proposing_side::compounds);
            seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        py::dict out;
        out["provider_of"] = to_numpy(std::vector<int>(r.provider_of));
        out["seconds"] = seconds;
        return out;
    }, py::arg("compound_prefs"), py::arg("provider_prefs"), py::arg("capacity"), py::arg("side") = "compounds",
       "stable_matching on plain index lists (benchmarks); 'seconds' is the solver time.");

    m.def("co_building", [](py_network& n, const date& when, int max_per_compound, bool cover_first, bool same_street,
                            const std::vector<std::string>& forbidden_providers,
                            const std::vector<std::string>& forbidden_compounds,
                            const std::optional<std::vector<std::string>>& score_providers,
                            const std::optional<std::vector<std::string>>& score_compounds,
                            const std::optional<std::vector<double>>& score_values) {
        auto s = n.snap();
        co_building_options o;
        o.when = when;
        o.max_per_compound = max_per_compound;
        o.cover_first = cover_first;
        o.same_street = same_street;
        if (forbidden_providers.size() != forbidden_compounds.size())
            throw argument_error("forbidden: provider and compound columns differ in length");
        for (std::size_t k = 0; k < forbidden_providers.size(); ++k)
            o.forbidden.emplace_back(resolve(*s, forbidden_providers[k], "forbidden", k, "provider"),
                                     resolve(*s, forbidden_compounds[k], "forbidden", k, "compound"));
        if (score_providers) {
            if (!score_compounds || !score_values || score_compounds->size() != score_providers->size() ||
                score_values->size() != score_providers->size())
                throw argument_error("scores: provider, compound and score columns differ in length");
            std::vector<co_building_score> tab(score_providers->size());
            for (std::size_t k = 0; k < tab.size(); ++k)
                tab[k] = {resolve(*s, (*score_providers)[k], "scores", k, "provider"),
                          resolve(*s, (*score_compounds)[k], "scores", k, "compound"), (*score_values)[k]};
            o.scores = std::move(tab);
        }
        co_building_result r;
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot we hold and local vectors
            r = co_building(*s, o);
        }
        py::list provider, compound, reasons, kept_p, kept_c, un_c, un_why;
        std::vector<double> score;
        score.reserve(r.pairs.size());
        std::vector<py::str> names;
        for (const auto& name : r.resources) names.push_back(py::str(name));
        for (const auto& p : r.pairs) {
            provider.append(id_str(s->id(p.provider)));
            compound.append(id_str(s->id(p.compound)));
            score.push_back(p.score);
            py::list why;
            for (std::size_t k = p.reasons_begin; k < p.reasons_end; ++k) {
                py::dict d;
                d["resource"] = names[r.reasons[k].resource];
                d["priority"] = r.reasons[k].priority;
                d["amount"] = r.reasons[k].amount;
                why.append(d);
            }
            reasons.append(why);
        }
        for (const auto& [p, c] : r.kept) {
            kept_p.append(id_str(s->id(p)));
            kept_c.append(id_str(s->id(c)));
        }
        for (const auto& u : r.unmatched) {
            un_c.append(id_str(s->id(u.compound)));
            un_why.append(why_name(u.why));
        }
        py::dict out;
        out["provider"] = provider;
        out["compound"] = compound;
        out["score"] = to_numpy(std::move(score));
        out["reasons"] = reasons;
        out["kept_provider"] = kept_p;
        out["kept_compound"] = kept_c;
        out["unmatched_compound"] = un_c;
        out["unmatched_why"] = un_why;
        out["total_score"] = r.total_score;
        out["compounds_covered"] = r.compounds_covered;
        out["providers"] = r.providers;
        out["compounds"] = r.compounds;
        out["eligible"] = r.stats.eligible_used;
        out["searches"] = r.stats.searches;
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("max_per_compound") = 1, py::arg("cover_first") = false,
       py::arg("same_street") = false, py::arg("forbidden_providers") = std::vector<std::string>{},
       py::arg("forbidden_compounds") = std::vector<std::string>{}, py::arg("score_providers") = py::none(),
       py::arg("score_compounds") = py::none(), py::arg("score_values") = py::none(),
       "The optimal co-building plan (see furong.match.co_building).");

    m.def("load_preferences", [](py_network& n, const std::string& path) {
        auto s = n.snap();
        preference_file f;
        {
            py::gil_scoped_release release;  // file parsing and checks on the immutable snapshot
            f = read_preference_file(path, *s);
            preferences_of_file(f, *s);  // every check, with file, line and column
        }
        return preference_columns(*s, f.rows);
    }, py::arg("net"), py::arg("path"), "Reads and checks preferences.csv: columns from, to, rank.");

    m.def("stable_match", [](py_network& n, const std::vector<std::string>& from, const std::vector<std::string>& to,
                             const std::vector<std::int64_t>& rank, const std::string& side) {
        if (side != "compounds" && side != "providers")
            throw argument_error("side must be 'compounds' or 'providers', not '" + side + "'");
        auto s = n.snap();
        const std::vector<preference_row> rows = preference_rows(*s, from, to, rank);
        stable_matching_result r;
        preference_problem pp;
        {
            py::gil_scoped_release release;  // local vectors and the immutable snapshot only
            pp = preferences_arg(*s, rows);
            r = stable_matching(pp.problem, side == "compounds" ? proposing_side::compounds : proposing_side::providers);
        }
        py::list provider, compound, un_c, un_why;
        std::vector<std::int64_t> c_rank, p_rank;  // 1-based positions in each side's list
        for (std::size_t c = 0; c < pp.compounds.size(); ++c) {
            const auto& prefs = pp.problem.compound_prefs[c];
            const int p = r.provider_of[c];
            if (p < 0) {
                if (prefs.empty()) continue;
                bool mutual = false;
                for (int q : prefs) {
                    const auto& back = pp.problem.provider_prefs[static_cast<std::size_t>(q)];
                    if (std::find(back.begin(), back.end(), static_cast<int>(c)) != back.end() &&
                        pp.problem.provider_capacity[static_cast<std::size_t>(q)] > 0)
                        mutual = true;
                }
                un_c.append(id_str(s->id(pp.compounds[c])));
                un_why.append(mutual ? "providers_prefer_others" : "no_acceptable_provider");
                continue;
            }
            compound.append(id_str(s->id(pp.compounds[c])));
            provider.append(id_str(s->id(pp.providers[static_cast<std::size_t>(p)])));
            c_rank.push_back(std::find(prefs.begin(), prefs.end(), p) - prefs.begin() + 1);
            const auto& back = pp.problem.provider_prefs[static_cast<std::size_t>(p)];
            p_rank.push_back(std::find(back.begin(), back.end(), static_cast<int>(c)) - back.begin() + 1);
        }
        py::dict out;
        out["compound"] = compound;
        out["provider"] = provider;
        out["compound_rank"] = to_numpy(std::move(c_rank));
        out["provider_rank"] = to_numpy(std::move(p_rank));
        out["unmatched_compound"] = un_c;
        out["unmatched_why"] = un_why;
        out["proposals"] = r.proposals;
        return out;
    }, py::arg("net"), py::arg("from_"), py::arg("to"), py::arg("rank"), py::arg("side") = "compounds",
       "Stable matching from checked preference columns (see furong.match.stable).");

    m.def("blocking_pairs", [](py_network& n, const std::vector<std::string>& from, const std::vector<std::string>& to,
                               const std::vector<std::int64_t>& rank, const std::vector<std::string>& assigned_compound,
                               const std::vector<std::string>& assigned_provider) {
        if (assigned_compound.size() != assigned_provider.size())
            throw argument_error("assignment: compound and provider columns differ in length");
        auto s = n.snap();
        const std::vector<preference_row> rows = preference_rows(*s, from, to, rank);
        const preference_problem pp = preferences_arg(*s, rows);
        std::vector<int> cslot(s->size(), -1), pslot(s->size(), -1);
        for (std::size_t c = 0; c < pp.compounds.size(); ++c) cslot[pp.compounds[c]] = static_cast<int>(c);
        for (std::size_t p = 0; p < pp.providers.size(); ++p) pslot[pp.providers[p]] = static_cast<int>(p);
        std::vector<int> assignment(pp.compounds.size(), -1), load(pp.providers.size(), 0);
        for (std::size_t k = 0; k < assigned_compound.size(); ++k) {
            const index_t ci = resolve(*s, assigned_compound[k], "assignment", k, "compound");
            const index_t pi = resolve(*s, assigned_provider[k], "assignment", k, "provider");
            const std::string where = "assignment: row " + std::to_string(k) + ": ";
            if (cslot[ci] < 0) throw argument_error(where + detail::org_text(*s, ci) + " is not a compound");
            if (pslot[pi] < 0) throw argument_error(where + detail::org_text(*s, pi) + " is not a provider (agency or unit)");
            const int c = cslot[ci], p = pslot[pi];
            if (assignment[c] >= 0)
                throw argument_error(where + "compound '" + assigned_compound[k] + "' is assigned twice");
            const auto& cl = pp.problem.compound_prefs[static_cast<std::size_t>(c)];
            const auto& pl = pp.problem.provider_prefs[static_cast<std::size_t>(p)];
            if (std::find(cl.begin(), cl.end(), p) == cl.end() || std::find(pl.begin(), pl.end(), c) == pl.end())
                throw argument_error(where + "'" + assigned_compound[k] + "' and '" + assigned_provider[k] +
                                     "' do not both rank each other");
            if (++load[static_cast<std::size_t>(p)] > pp.problem.provider_capacity[static_cast<std::size_t>(p)])
                throw argument_error(where + "'" + assigned_provider[k] + "' gets more compounds than its capacity " +
                                     std::to_string(pp.problem.provider_capacity[static_cast<std::size_t>(p)]));
            assignment[c] = p;
        }
        const std::vector<blocking_pair> bp = blocking_pairs(pp.problem, assignment);
        py::list compound, provider;
        for (const auto& b : bp) {
            compound.append(id_str(s->id(pp.compounds[static_cast<std::size_t>(b.compound)])));
            provider.append(id_str(s->id(pp.providers[static_cast<std::size_t>(b.provider)])));
        }
        py::dict out;
        out["compound"] = compound;
        out["provider"] = provider;
        return out;
    }, py::arg("net"), py::arg("from_"), py::arg("to"), py::arg("rank"), py::arg("assigned_compound"),
       py::arg("assigned_provider"), "Pairs that block an assignment (see furong.match.blocking_pairs).");
}

}  // namespace furong::python
