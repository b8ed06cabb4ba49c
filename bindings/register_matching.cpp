// furong._core.match: the optimal co-building plan of a network (with reasons), preferences.csv,
// the stable co-building matching, blocking pairs and applying a plan, keyed by organisation
// ids (see furong.match). Conversion only: the rules live in domain/co_building.hpp,
// domain/stable_co_building.hpp, io/preferences_file.hpp and edit/apply_pairings.hpp.
#include "network_holder.hpp"
#include "register.hpp"

#include <furong/algorithm/assignment.hpp>
#include <furong/domain/co_building.hpp>
#include <furong/domain/stable_co_building.hpp>
#include <furong/edit/apply_pairings.hpp>
#include <furong/io/preferences_file.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <chrono>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace py = pybind11;

namespace furong::python {

namespace {

template <class Range, class F>
py::list id_list(const snapshot& s, const Range& items, F index_of) {
    py::list out;
    for (const auto& x : items) out.append(id_str(s.id(index_of(x))));
    return out;
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

// The preference checks of domain/stable_co_building.hpp, with errors naming the argument row.
preference_problem preferences_arg(const snapshot& s, const std::vector<preference_row>& rows) {
    return preferences_from_rows(s, rows, [](std::size_t k, const char* col, const std::string& msg, std::size_t earlier) {
        throw argument_error("preferences: row " + std::to_string(k) + ", column '" + col + "': " + msg +
                             (earlier < static_cast<std::size_t>(-1) ? " (first in row " + std::to_string(earlier) + ")"
                                                                     : ""));
    });
}

proposing_side side_arg(const std::string& side) {
    if (side == "compounds") return proposing_side::clients;
    if (side == "providers") return proposing_side::providers;
    throw argument_error("side must be 'compounds' or 'providers', not '" + side + "'");
}

std::vector<assigned_pair> assignment_arg(const snapshot& s, const std::vector<std::string>& compound,
                                          const std::vector<std::string>& provider) {
    if (compound.size() != provider.size())
        throw argument_error("assignment: compound and provider columns differ in length");
    std::vector<assigned_pair> rows(compound.size());
    for (std::size_t k = 0; k < rows.size(); ++k)
        rows[k] = {resolve(s, compound[k], "assignment", k, "compound"), resolve(s, provider[k], "assignment", k, "provider")};
    return rows;
}

// Results with the snapshot whose ids they name.
struct co_building_plan {
    std::shared_ptr<const snapshot> s;
    co_building_result r;
};
struct preference_table {
    std::shared_ptr<const snapshot> s;
    std::vector<preference_row> rows;
};
struct stable_result {
    std::shared_ptr<const snapshot> s;
    stable_co_building_result r;
};
struct pair_list {
    std::shared_ptr<const snapshot> s;
    std::vector<assigned_pair> pairs;
};
struct plain_pairing {
    pairing_result r;
    double seconds = 0;
};
struct plain_stable {
    stable_matching_result r;
    double seconds = 0;
};

// The result of linear_assignment / sparse_assignment for Python: per row its column (-1:
// unassigned), the total, feasibility, the row (or column) that could not be placed, and the
// solver time.
struct plain_assignment {
    std::vector<std::int64_t> col_of_row;
    double total = 0.0;
    bool feasible = true;
    int unassignable = -1;
    std::vector<int> hall_rows, hall_cols;
    std::size_t searches = 0;
    double seconds = 0.0;
};

template <class Cost>
plain_assignment to_plain(const assignment_result<Cost>& r, double seconds) {
    plain_assignment out;
    out.col_of_row.assign(r.col_of_row.begin(), r.col_of_row.end());
    out.total = static_cast<double>(r.total);
    out.feasible = r.feasible;
    out.unassignable = r.unassignable;
    out.hall_rows = r.hall_rows;
    out.hall_cols = r.hall_cols;
    out.searches = r.searches;
    out.seconds = seconds;
    return out;
}

template <class Cost>
using c_array = py::array_t<Cost, py::array::c_style | py::array::forcecast>;

// Dense: the matrix is copied while the GIL is held (numpy buffers may change under another
// thread), then solved without it.
template <class Cost>
plain_assignment dense_assignment(const c_array<Cost>& costs, bool maximize) {
    if (costs.ndim() != 2)
        throw argument_error("linear_assignment: costs must be a 2-d matrix (got " + std::to_string(costs.ndim()) +
                             " dimensions)");
    if (costs.shape(0) > std::numeric_limits<int>::max() / 2 || costs.shape(1) > std::numeric_limits<int>::max() / 2)
        throw argument_error("linear_assignment: the matrix is too large");
    const int rows = static_cast<int>(costs.shape(0)), cols = static_cast<int>(costs.shape(1));
    std::vector<Cost> copy(costs.data(), costs.data() + costs.size());
    assignment_result<Cost> r;
    double seconds = 0.0;
    {
        py::gil_scoped_release release;  // a private copy only
        const auto t0 = std::chrono::steady_clock::now();
        r = linear_assignment(copy.data(), rows, cols,
                              maximize ? assignment_sense::maximize : assignment_sense::minimize);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    return to_plain(r, seconds);
}

template <class Cost>
plain_assignment csr_assignment(std::int64_t rows, std::int64_t cols, const c_array<std::int64_t>& indptr,
                                const c_array<std::int32_t>& indices, const c_array<Cost>& data, bool maximize) {
    if (rows < 0 || cols < 0 || rows > std::numeric_limits<int>::max() / 2 || cols > std::numeric_limits<int>::max() / 2)
        throw argument_error("sparse_assignment: the shape must be two sizes >= 0 (got (" + std::to_string(rows) +
                             ", " + std::to_string(cols) + "))");
    if (indptr.ndim() != 1 || indices.ndim() != 1 || data.ndim() != 1)
        throw argument_error("sparse_assignment: indptr, indices and data must be 1-d arrays");
    csr_costs<Cost> s;
    s.rows = static_cast<int>(rows);
    s.cols = static_cast<int>(cols);
    s.first.assign(indptr.data(), indptr.data() + indptr.size());
    s.col.assign(indices.data(), indices.data() + indices.size());
    s.cost.assign(data.data(), data.data() + data.size());
    assignment_result<Cost> r;
    double seconds = 0.0;
    {
        py::gil_scoped_release release;  // private copies only
        const auto t0 = std::chrono::steady_clock::now();
        r = sparse_assignment(s, maximize ? assignment_sense::maximize : assignment_sense::minimize);
        seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    }
    return to_plain(r, seconds);
}

py::list why_list(const std::vector<co_building_unmatched>& u) {
    py::list out;
    for (const auto& x : u) out.append(py::str(std::string(name_of(x.why))));
    return out;
}

}  // namespace

void register_matching(py::module_& m) {
    auto sub = m.def_submodule("match", "Co-building matching: optimal plan with reasons, stable matching, "
                                        "blocking pairs, preferences.csv, applying a plan (see furong.match).");
    {
        py::tuple names(unmatched_why_names.size());
        for (std::size_t k = 0; k < unmatched_why_names.size(); ++k) names[k] = py::str(std::string(unmatched_why_names[k]));
        sub.attr("UNMATCHED_WHY") = names;
    }

    py::class_<co_building_plan>(sub, "CoBuildingResult",
                                 "The optimal co-building plan (furong.match.MatchPlan is built from it). New pairs "
                                 "by compound; the reasons of pair k are reason_*[reason_first[k]:reason_first[k+1]].")
        .def_property_readonly("provider", [](const co_building_plan& p) {
            return id_list(*p.s, p.r.pairs, [](const co_building_pair& x) { return x.provider; });
        }, "Provider id of each new pair.")
        .def_property_readonly("compound", [](const co_building_plan& p) {
            return id_list(*p.s, p.r.pairs, [](const co_building_pair& x) { return x.compound; });
        }, "Compound id of each new pair.")
        .def_property_readonly("score", [](const co_building_plan& p) {
            std::vector<double> v;
            v.reserve(p.r.pairs.size());
            for (const auto& x : p.r.pairs) v.push_back(x.score);
            return to_numpy(std::move(v));
        }, "Score of each new pair.")
        .def_property_readonly("reason_first", [](const co_building_plan& p) {
            std::vector<std::int64_t> v;
            v.reserve(p.r.pairs.size() + 1);
            for (const auto& x : p.r.pairs) v.push_back(static_cast<std::int64_t>(x.reasons_begin));
            v.push_back(static_cast<std::int64_t>(p.r.pairs.empty() ? 0 : p.r.pairs.back().reasons_end));
            return to_numpy(std::move(v));
        }, "Offsets of each pair's reasons (size pairs + 1).")
        .def_property_readonly("reason_resource", [](const co_building_plan& p) {
            py::list names, out;
            for (const auto& n : p.r.resources) names.append(py::str(n));
            for (const auto& x : p.r.reasons) out.append(names[x.resource]);
            return out;
        }, "Resource of each reason.")
        .def_property_readonly("reason_priority", [](const co_building_plan& p) {
            std::vector<std::int64_t> v;
            for (const auto& x : p.r.reasons) v.push_back(x.priority);
            return to_numpy(std::move(v));
        }, "Priority of the compound's need of each reason.")
        .def_property_readonly("reason_amount", [](const co_building_plan& p) {
            std::vector<double> v;
            for (const auto& x : p.r.reasons) v.push_back(x.amount);
            return to_numpy(std::move(v));
        }, "Amount the provider offers of each reason.")
        .def_property_readonly("kept_provider", [](const co_building_plan& p) {
            return id_list(*p.s, p.r.kept, [](const auto& x) { return x.first; });
        }, "Provider id of each kept pairing.")
        .def_property_readonly("kept_compound", [](const co_building_plan& p) {
            return id_list(*p.s, p.r.kept, [](const auto& x) { return x.second; });
        }, "Compound id of each kept pairing.")
        .def_property_readonly("unmatched_compound", [](const co_building_plan& p) {
            return id_list(*p.s, p.r.unmatched, [](const co_building_unmatched& x) { return x.compound; });
        }, "Compounds left without any partner.")
        .def_property_readonly("unmatched_why", [](const co_building_plan& p) { return why_list(p.r.unmatched); },
                               "Why each unmatched compound has no partner (a name of UNMATCHED_WHY).")
        .def_property_readonly("total_score", [](const co_building_plan& p) { return p.r.total_score; })
        .def_property_readonly("compounds_covered", [](const co_building_plan& p) { return p.r.compounds_covered; })
        .def_property_readonly("providers", [](const co_building_plan& p) { return p.r.providers; })
        .def_property_readonly("compounds", [](const co_building_plan& p) { return p.r.compounds; })
        .def_property_readonly("eligible", [](const co_building_plan& p) { return p.r.stats.eligible_used; })
        .def_property_readonly("searches", [](const co_building_plan& p) { return p.r.stats.searches; })
        .def("__len__", [](const co_building_plan& p) { return p.r.pairs.size(); });

    py::class_<preference_table>(sub, "Preferences", "Checked preference rows: from, to, rank (file order).")
        .def_property_readonly("from_", [](const preference_table& t) {
            return id_list(*t.s, t.rows, [](const preference_row& r) { return r.from; });
        })
        .def_property_readonly("to", [](const preference_table& t) {
            return id_list(*t.s, t.rows, [](const preference_row& r) { return r.to; });
        })
        .def_property_readonly("rank", [](const preference_table& t) {
            std::vector<std::int64_t> v;
            v.reserve(t.rows.size());
            for (const auto& r : t.rows) v.push_back(r.rank);
            return to_numpy(std::move(v));
        })
        .def("__len__", [](const preference_table& t) { return t.rows.size(); });

    py::class_<stable_result>(sub, "StableResult", "A stable co-building matching: pairs by compound with both ranks, "
                                                   "unmatched compounds with why.")
        .def_property_readonly("side", [](const stable_result& r) {
            return r.r.side == proposing_side::clients ? "compounds" : "providers";
        })
        .def_property_readonly("compound", [](const stable_result& r) {
            return id_list(*r.s, r.r.pairs, [](const stable_co_building_pair& x) { return x.compound; });
        })
        .def_property_readonly("provider", [](const stable_result& r) {
            return id_list(*r.s, r.r.pairs, [](const stable_co_building_pair& x) { return x.provider; });
        })
        .def_property_readonly("compound_rank", [](const stable_result& r) {
            std::vector<std::int64_t> v;
            for (const auto& x : r.r.pairs) v.push_back(x.compound_rank);
            return to_numpy(std::move(v));
        }, "Position (1 = first) of the provider in the compound's list.")
        .def_property_readonly("provider_rank", [](const stable_result& r) {
            std::vector<std::int64_t> v;
            for (const auto& x : r.r.pairs) v.push_back(x.provider_rank);
            return to_numpy(std::move(v));
        }, "Position (1 = first) of the compound in the provider's list.")
        .def_property_readonly("unmatched_compound", [](const stable_result& r) {
            return id_list(*r.s, r.r.unmatched, [](const co_building_unmatched& x) { return x.compound; });
        })
        .def_property_readonly("unmatched_why", [](const stable_result& r) { return why_list(r.r.unmatched); })
        .def_property_readonly("proposals", [](const stable_result& r) { return r.r.proposals; })
        .def("__len__", [](const stable_result& r) { return r.r.pairs.size(); });

    py::class_<pair_list>(sub, "BlockingPairs", "Pairs (compound, provider) that block an assignment, sorted.")
        .def_property_readonly("compound", [](const pair_list& l) {
            return id_list(*l.s, l.pairs, [](const assigned_pair& x) { return x.compound; });
        })
        .def_property_readonly("provider", [](const pair_list& l) {
            return id_list(*l.s, l.pairs, [](const assigned_pair& x) { return x.provider; });
        })
        .def("__len__", [](const pair_list& l) { return l.pairs.size(); });

    py::class_<plain_pairing>(sub, "PairingResult", "optimal_pairing on plain arrays; seconds = solver time.")
        .def_property_readonly("provider", [](const plain_pairing& p) {
            std::vector<std::int32_t> v;
            for (const auto& e : p.r.pairs) v.push_back(e.provider);
            return to_numpy(std::move(v));
        })
        .def_property_readonly("compound", [](const plain_pairing& p) {
            std::vector<std::int32_t> v;
            for (const auto& e : p.r.pairs) v.push_back(e.client);
            return to_numpy(std::move(v));
        })
        .def_property_readonly("score", [](const plain_pairing& p) {
            std::vector<double> v;
            for (const auto& e : p.r.pairs) v.push_back(e.score);
            return to_numpy(std::move(v));
        })
        .def_property_readonly("total_score", [](const plain_pairing& p) { return p.r.total_score; })
        .def_property_readonly("compounds_covered", [](const plain_pairing& p) { return p.r.clients_covered; })
        .def_property_readonly("seconds", [](const plain_pairing& p) { return p.seconds; });

    py::class_<plain_stable>(sub, "StablePairingResult", "stable_matching on plain lists; seconds = solver time.")
        .def_property_readonly("provider_of", [](const plain_stable& p) { return to_numpy(std::vector<int>(p.r.provider_of)); })
        .def_property_readonly("seconds", [](const plain_stable& p) { return p.seconds; });

    // Plain-input twins of the generic cores, for benchmarks and oracle tests: no network involved.
    sub.def("optimal_pairing", [](const std::vector<int>& capacity, int client_count,
                                  const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& provider,
                                  const py::array_t<std::int32_t, py::array::c_style | py::array::forcecast>& compound,
                                  const py::array_t<double, py::array::c_style | py::array::forcecast>& score,
                                  int max_per_compound, bool cover_first) {
        if (provider.size() != compound.size() || provider.size() != score.size())
            throw argument_error("optimal_pairing: provider, compound and score differ in length");
        pairing_problem pb;
        pb.provider_capacity = capacity;
        pb.client_count = client_count;
        pb.max_per_client = max_per_compound;
        pb.eligible.resize(static_cast<std::size_t>(provider.size()));
        for (py::ssize_t k = 0; k < provider.size(); ++k)
            pb.eligible[static_cast<std::size_t>(k)] = {provider.data()[k], compound.data()[k], score.data()[k]};
        pairing_options po;
        po.cover_first = cover_first;
        plain_pairing out;
        {
            py::gil_scoped_release release;  // plain C++ vectors only
            const auto t0 = std::chrono::steady_clock::now();
            out.r = optimal_pairing(pb, po);
            out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        return out;
    }, py::arg("capacity"), py::arg("client_count"), py::arg("provider"), py::arg("compound"), py::arg("score"),
       py::arg("max_per_compound") = 1, py::arg("cover_first") = false,
       "optimal_pairing on plain arrays (benchmarks, oracle tests); 'seconds' is the solver time.");

    py::class_<plain_assignment>(sub, "AssignmentResult",
                                 "linear_assignment / sparse_assignment: col_of_row (int64, -1 for a row left "
                                 "unassigned), total, feasible, unassignable (the row, or column when rows > "
                                 "columns, that could not be placed; -1), hall_rows/hall_cols (the proof), "
                                 "searches, seconds (solver time).")
        .def_property_readonly("col_of_row", [](const plain_assignment& a) {
            return to_numpy(std::vector<std::int64_t>(a.col_of_row));
        })
        .def_property_readonly("total", [](const plain_assignment& a) { return a.total; })
        .def_property_readonly("feasible", [](const plain_assignment& a) { return a.feasible; })
        .def_property_readonly("unassignable", [](const plain_assignment& a) { return a.unassignable; })
        .def_property_readonly("hall_rows", [](const plain_assignment& a) { return to_numpy(std::vector<int>(a.hall_rows)); },
                               "When infeasible: rows (columns when rows > columns) that together reach only ...")
        .def_property_readonly("hall_cols", [](const plain_assignment& a) { return to_numpy(std::vector<int>(a.hall_cols)); },
                               "... these fewer columns (rows): the proof that no full assignment exists.")
        .def_property_readonly("searches", [](const plain_assignment& a) { return a.searches; })
        .def_property_readonly("seconds", [](const plain_assignment& a) { return a.seconds; });

    sub.def("linear_assignment", &dense_assignment<double>, py::arg("costs"), py::arg("maximize") = false,
            "Dense linear assignment of a float64 matrix (rows x columns, C order; +inf forbidden when "
            "minimising, -inf when maximising); see furong.match.assign.");
    sub.def("linear_assignment_int", &dense_assignment<std::int64_t>, py::arg("costs"), py::arg("maximize") = false,
            "Dense linear assignment of an int64 matrix (exact integer arithmetic); see furong.match.assign.");
    sub.def("sparse_assignment", &csr_assignment<double>, py::arg("rows"), py::arg("cols"), py::arg("indptr"),
            py::arg("indices"), py::arg("data"), py::arg("maximize") = false,
            "Sparse linear assignment over CSR arrays (row i: indices[indptr[i]:indptr[i+1]] with their float64 "
            "costs in data); see furong.match.assign_sparse.");
    sub.def("sparse_assignment_int", &csr_assignment<std::int64_t>, py::arg("rows"), py::arg("cols"),
            py::arg("indptr"), py::arg("indices"), py::arg("data"), py::arg("maximize") = false,
            "Sparse linear assignment over CSR arrays with int64 costs; see furong.match.assign_sparse.");

    sub.def("stable_pairing", [](const std::vector<std::vector<int>>& client_prefs,
                                 const std::vector<std::vector<int>>& provider_prefs, const std::vector<int>& capacity,
                                 const std::string& side) {
        stable_matching_problem pb{client_prefs, provider_prefs, capacity};
        const proposing_side ps = side_arg(side);
        plain_stable out;
        {
            py::gil_scoped_release release;  // plain C++ vectors only
            const auto t0 = std::chrono::steady_clock::now();
            out.r = stable_matching(pb, ps);
            out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        return out;
    }, py::arg("client_prefs"), py::arg("provider_prefs"), py::arg("capacity"), py::arg("side") = "compounds",
       "stable_matching on plain index lists (benchmarks); 'seconds' is the solver time.");

    sub.def("providers", [](py_network& n) {
        auto s = n.snap();
        return id_list(*s, co_building_providers(*s), [](index_t i) { return i; });
    }, py::arg("net"), "Provider ids (agencies and units) in index order: the rows of a score matrix.");
    sub.def("compounds", [](py_network& n) {
        auto s = n.snap();
        return id_list(*s, co_building_compounds(*s), [](index_t i) { return i; });
    }, py::arg("net"), "Compound ids in index order: the columns of a score matrix.");

    sub.def("co_building", [](py_network& n, const date& as_of, int max_per_compound, bool cover_first, bool same_street,
                              const std::vector<std::string>& forbidden_providers,
                              const std::vector<std::string>& forbidden_compounds,
                              const std::optional<std::vector<std::string>>& score_providers,
                              const std::optional<std::vector<std::string>>& score_compounds,
                              const std::optional<std::vector<double>>& score_values,
                              const std::optional<c_array<double>>& score_matrix) {
        co_building_plan out{n.snap(), {}};
        const snapshot& s = *out.s;
        co_building_options o;
        o.when = as_of;  // None (not a date): no date filter
        o.max_per_compound = max_per_compound;
        o.cover_first = cover_first;
        o.same_street = same_street;
        if (forbidden_providers.size() != forbidden_compounds.size())
            throw argument_error("forbidden: provider and compound columns differ in length");
        for (std::size_t k = 0; k < forbidden_providers.size(); ++k)
            o.forbidden.emplace_back(resolve(s, forbidden_providers[k], "forbidden", k, "provider"),
                                     resolve(s, forbidden_compounds[k], "forbidden", k, "compound"));
        if (score_providers) {
            if (!score_compounds || !score_values || score_compounds->size() != score_providers->size() ||
                score_values->size() != score_providers->size())
                throw argument_error("scores: provider, compound and score columns differ in length");
            std::vector<co_building_score> tab(score_providers->size());
            for (std::size_t k = 0; k < tab.size(); ++k)
                tab[k] = {resolve(s, (*score_providers)[k], "scores", k, "provider"),
                          resolve(s, (*score_compounds)[k], "scores", k, "compound"), (*score_values)[k]};
            o.scores = std::move(tab);
        } else if (score_matrix) {
            if (score_matrix->ndim() != 2)
                throw argument_error("scores: a score matrix must be 2-d (providers x compounds)");
            co_building_options::score_matrix m;
            m.providers = static_cast<std::size_t>(score_matrix->shape(0));
            m.compounds = static_cast<std::size_t>(score_matrix->shape(1));
            m.values.assign(score_matrix->data(), score_matrix->data() + score_matrix->size());  // a copy: GIL held
            o.matrix = std::move(m);
        }
        {
            py::gil_scoped_release release;  // reads only the immutable snapshot we hold and local vectors
            out.r = co_building(s, o);
        }
        return out;
    }, py::arg("net"), py::arg("as_of"), py::arg("max_per_compound") = 1, py::arg("cover_first") = false,
       py::arg("same_street") = false, py::arg("forbidden_providers") = std::vector<std::string>{},
       py::arg("forbidden_compounds") = std::vector<std::string>{}, py::arg("score_providers") = py::none(),
       py::arg("score_compounds") = py::none(), py::arg("score_values") = py::none(),
       py::arg("score_matrix") = py::none(),
       "The optimal co-building plan (see furong.match.co_building); as_of None keeps every pairing link.");

    sub.def("load_preferences", [](py_network& n, const std::string& path) {
        preference_table out{n.snap(), {}};
        {
            py::gil_scoped_release release;  // file parsing and checks on the immutable snapshot
            io::preference_file f = io::read_preference_file(path, *out.s);
            io::preferences_of_file(f, *out.s);  // every check, with file, line and column
            out.rows = std::move(f.rows);
        }
        return out;
    }, py::arg("net"), py::arg("path"), "Reads and checks preferences.csv: columns from, to, rank.");

    sub.def("stable", [](py_network& n, const std::vector<std::string>& from, const std::vector<std::string>& to,
                         const std::vector<std::int64_t>& rank, const std::string& side) {
        const proposing_side ps = side_arg(side);
        stable_result out{n.snap(), {}};
        const std::vector<preference_row> rows = preference_rows(*out.s, from, to, rank);
        {
            py::gil_scoped_release release;  // local vectors and the immutable snapshot only
            out.r = stable_co_building(preferences_arg(*out.s, rows), ps);
        }
        return out;
    }, py::arg("net"), py::arg("from_"), py::arg("to"), py::arg("rank"), py::arg("side") = "compounds",
       "Stable matching from checked preference columns (see furong.match.stable).");

    sub.def("blocking_pairs", [](py_network& n, const std::vector<std::string>& from, const std::vector<std::string>& to,
                                 const std::vector<std::int64_t>& rank, const std::vector<std::string>& assigned_compound,
                                 const std::vector<std::string>& assigned_provider) {
        pair_list out{n.snap(), {}};
        const std::vector<preference_row> rows = preference_rows(*out.s, from, to, rank);
        const std::vector<assigned_pair> assignment = assignment_arg(*out.s, assigned_compound, assigned_provider);
        out.pairs = co_building_blocking_pairs(*out.s, preferences_arg(*out.s, rows), assignment);
        return out;
    }, py::arg("net"), py::arg("from_"), py::arg("to"), py::arg("rank"), py::arg("assigned_compound"),
       py::arg("assigned_provider"), "Pairs that block an assignment (see furong.match.blocking_pairs).");

    sub.def("apply_pairings", [](py_network& n, const std::vector<std::string>& provider,
                                 const std::vector<std::string>& compound, const date& since) {
        if (provider.size() != compound.size())
            throw argument_error("apply_pairings: provider and compound columns differ in length");
        std::vector<pairing_to_add> pairs(provider.size());
        for (std::size_t k = 0; k < pairs.size(); ++k) pairs[k] = {provider[k], compound[k]};
        return apply_pairings(n.net, pairs, since);  // edits the network: the GIL stays held
    }, py::arg("net"), py::arg("provider"), py::arg("compound"), py::arg("since"),
       "Adds the pairs as pairing links from since on, all or nothing (see furong.match.MatchPlan.apply).");
}

}  // namespace furong::python
