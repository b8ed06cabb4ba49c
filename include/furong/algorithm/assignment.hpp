#pragma once
/// @file
/// The linear assignment problem, solved exactly by shortest augmenting paths in the
/// Jonker-Volgenant style: a dense solver over a cost matrix (LAPJV: column reduction,
/// reduction transfer, augmenting row reduction, then Dijkstra-like augmentation with column
/// potentials) and a sparse one over the eligible entries of each row (CSR), for incomplete
/// bipartite graphs (LAPJVsp: the same phases over the listed entries only). Generic: plain indices and
/// numbers; domain/co_building.hpp reaches it through optimal_pairing() (matching.hpp).
///
/// Both minimise the total cost of assigning every row to a distinct column (n rows <= m
/// columns; with more rows than columns every column is assigned instead and some rows stay
/// unassigned), or maximise it with assignment_sense::maximize. Costs may be integers
/// (std::int64_t: exact arithmetic) or floating point (double). Ties are broken
/// deterministically: the same input always gives the same assignment.
///
/// Example:
/// @code
/// const double c[] = {4, 1, 3,
///                     2, 0, 5,
///                     3, 2, 2};
/// furong::assignment_result<double> r = furong::linear_assignment(c, 3, 3);
/// // r.col_of_row == {1, 0, 2}, r.total == 5
/// furong::csr_costs<double> s;              // the same without the entry (1, 2)
/// s.rows = 3; s.cols = 3;
/// s.first = {0, 3, 5, 8};
/// s.col = {0, 1, 2, 0, 1, 0, 1, 2};
/// s.cost = {4, 1, 3, 2, 0, 3, 2, 2};
/// r = furong::sparse_assignment(s);          // r.feasible, same assignment
/// @endcode

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "furong/error.hpp"

namespace furong {

/// Minimise or maximise the total.
enum class assignment_sense { minimize, maximize };

/// The result of linear_assignment() and sparse_assignment().
template <class Cost>
struct assignment_result {
    /// Per row its column, -1 for a row left unassigned (only when rows > columns, or when
    /// the sparse problem is infeasible).
    std::vector<int> col_of_row;
    /// Per column its row, -1 for a column left unassigned.
    std::vector<int> row_of_col;
    /// Sum of the costs (as given, not negated) of the assigned entries.
    Cost total = Cost(0);
    /// False when no assignment of every row (of every column when rows > columns) exists
    /// (sparse problems, or dense ones with forbidden entries); then col_of_row holds a
    /// matching of the rows placed before the failure and total its cost.
    bool feasible = true;
    /// When infeasible: the row (column when rows > columns) that could not be placed, with
    /// no augmenting path to a free column: with the rows placed before it, it needs more
    /// columns than they can reach together (Hall's condition fails).
    int unassignable = -1;
    /// When infeasible, the proof (Hall's condition fails): the rows `hall_rows` (columns
    /// when rows > columns), unassignable among them, can reach together only the fewer
    /// columns `hall_cols` (rows), each list sorted.
    std::vector<int> hall_rows, hall_cols;
    /// Counters: augmenting searches (Dijkstra phase), columns scanned over all searches.
    std::size_t searches = 0;
    std::size_t scanned = 0;
};

/// Sparse costs in compressed rows: the eligible columns of row i are
/// col[first[i] .. first[i+1]) with their costs in cost[...] (any order within a row, each
/// column at most once per row). Entries not listed are forbidden.
template <class Cost>
struct csr_costs {
    int rows = 0;
    int cols = 0;
    std::vector<std::int64_t> first;  ///< size rows + 1, first[0] = 0, non-decreasing
    std::vector<int> col;
    std::vector<Cost> cost;
};

namespace detail {

template <class Cost>
inline constexpr bool assignment_cost_ok = std::is_same_v<Cost, double> || std::is_same_v<Cost, std::int64_t>;

template <class Cost> Cost lap_big() {
    if constexpr (std::is_same_v<Cost, double>) return std::numeric_limits<double>::infinity();
    else return std::numeric_limits<Cost>::max() / 4;
}

/// Largest magnitude of an integer cost: potentials and path lengths are sums of at most
/// 2(n + m) costs, kept far from overflow.
inline std::int64_t lap_int_limit(std::int64_t n, std::int64_t m) {
    return (std::numeric_limits<std::int64_t>::max() / 8) / (2 * (n + m) + 2);
}

template <class Cost>
void check_cost(const char* fn, Cost c, std::size_t row, std::size_t col, std::int64_t limit) {
    if constexpr (std::is_same_v<Cost, double>) {
        (void)limit;
        if (std::isnan(c))
            throw argument_error(std::string(fn) + ": cost of (row " + std::to_string(row) + ", column " +
                                 std::to_string(col) + ") is NaN");
    } else {
        if (c > limit || c < -limit)
            throw argument_error(std::string(fn) + ": cost of (row " + std::to_string(row) + ", column " +
                                 std::to_string(col) + ") is too large in magnitude to compute with (" +
                                 std::to_string(c) + ", limit " + std::to_string(limit) + ")");
    }
}

/// Dense LAPJV on an n x m row-major matrix, n <= m, minimising. Square matrices get the
/// three initialisation phases; rectangular ones start from zero potentials (column
/// reduction would give unassigned columns non-zero potentials, which breaks optimality).
/// Every entry is finite. Writes x (col of row), y (row of col).
template <class Cost>
void lapjv_dense(const Cost* c, int n, int m, std::vector<int>& x, std::vector<int>& y, std::size_t& searches,
                 std::size_t& scanned) {
    const std::size_t M = static_cast<std::size_t>(m);
    x.assign(static_cast<std::size_t>(n), -1);
    y.assign(M, -1);
    std::vector<Cost> v(M, Cost(0)), d(M);
    std::vector<int> freerows, pred(M), collist(M);
    auto at = [&](int i, int j) { return c[static_cast<std::size_t>(i) * M + static_cast<std::size_t>(j)]; };
    if (n == 0) return;
    if (n == m) {
        // Column reduction, columns in reverse order: each column to its cheapest row.
        std::vector<int> matches(static_cast<std::size_t>(n), 0);
        for (int j = m - 1; j >= 0; --j) {
            Cost mn = at(0, j);
            int imin = 0;
            for (int i = 1; i < n; ++i) {
                const Cost h = at(i, j);
                if (h < mn) { mn = h; imin = i; }
            }
            v[j] = mn;
            if (++matches[imin] == 1) {
                x[imin] = j;
                y[j] = imin;
            } else if (v[j] < v[x[imin]]) {
                const int j1 = x[imin];
                x[imin] = j;
                y[j] = imin;
                y[j1] = -1;
            }
        }
        // Reduction transfer: a row holding one column hands its slack to that column.
        for (int i = 0; i < n; ++i) {
            if (matches[i] == 0) {
                freerows.push_back(i);
            } else if (matches[i] == 1) {
                const int j1 = x[i];
                Cost mn = lap_big<Cost>();
                for (int j = 0; j < m; ++j)
                    if (j != j1) mn = std::min(mn, at(i, j) - v[j]);
                v[j1] -= mn;
            }
        }
        // Augmenting row reduction, two passes. Each step moves a free row to its cheapest
        // column (lowering that column's potential to the second cheapest) and frees the
        // previous holder. A step budget keeps floating-point near-ties from cycling.
        for (int pass = 0; pass < 2 && !freerows.empty(); ++pass) {
            std::vector<int> todo;
            todo.swap(freerows);
            std::size_t k = 0, steps = 0;
            const std::size_t budget = 8 * static_cast<std::size_t>(n) + 64;
            while (k < todo.size()) {
                if (++steps > budget) {  // hand the rest to the augmentation
                    for (; k < todo.size(); ++k) freerows.push_back(todo[k]);
                    break;
                }
                const int i = todo[k++];
                Cost umin = at(i, 0) - v[0], usub = lap_big<Cost>();
                int j1 = 0, j2 = -1;
                for (int j = 1; j < m; ++j) {
                    const Cost h = at(i, j) - v[j];
                    if (h < usub) {
                        if (h >= umin) {
                            usub = h;
                            j2 = j;
                        } else {
                            usub = umin;
                            umin = h;
                            j2 = j1;
                            j1 = j;
                        }
                    }
                }
                int i0 = y[j1];
                const bool lower = umin < usub;
                if (lower) {
                    v[j1] -= usub - umin;
                } else if (i0 >= 0 && j2 >= 0) {
                    j1 = j2;
                    i0 = y[j2];
                }
                if (i0 >= 0) x[i0] = -1;
                x[i] = j1;
                y[j1] = i;
                if (i0 >= 0) {
                    if (lower) todo[--k] = i0;  // at once again
                    else freerows.push_back(i0);
                }
            }
        }
    } else {
        freerows.resize(static_cast<std::size_t>(n));
        for (int i = 0; i < n; ++i) freerows[i] = i;
    }

    // Augmentation: for each free row, Dijkstra over the columns with reduced costs, all
    // columns at the current minimum distance taken together (collist[low, up)).
    for (const int fr : freerows) {
        ++searches;
        for (int j = 0; j < m; ++j) {
            d[j] = at(fr, j) - v[j];
            pred[j] = fr;
            collist[j] = j;
        }
        int low = 0, up = 0, last = 0, end = -1;
        Cost mn = Cost(0);
        while (end < 0) {
            if (up == low) {
                last = low - 1;
                mn = d[collist[up++]];
                for (int k = up; k < m; ++k) {
                    const int j = collist[k];
                    const Cost h = d[j];
                    if (h <= mn) {
                        if (h < mn) {
                            up = low;
                            mn = h;
                        }
                        collist[k] = collist[up];
                        collist[up++] = j;
                    }
                }
                for (int k = low; k < up; ++k)
                    if (y[collist[k]] < 0) {
                        end = collist[k];
                        break;
                    }
            }
            if (end >= 0) break;
            const int j1 = collist[low++];
            const int i = y[j1];
            ++scanned;
            const Cost* row = c + static_cast<std::size_t>(i) * M;
            const Cost h = row[j1] - v[j1] - mn;
            for (int k = up; k < m; ++k) {
                const int j = collist[k];
                const Cost v2 = row[j] - v[j] - h;
                if (v2 < d[j]) {
                    pred[j] = i;
                    if (v2 == mn) {
                        if (y[j] < 0) {
                            end = j;
                            break;
                        }
                        collist[k] = collist[up];
                        collist[up++] = j;
                    }
                    d[j] = v2;
                }
            }
        }
        for (int k = 0; k <= last; ++k) {
            const int j = collist[k];
            v[j] += d[j] - mn;
        }
        for (int i = -1; i != fr;) {
            i = pred[end];
            y[end] = i;
            const int j1 = x[i];
            x[i] = end;
            end = j1;
        }
    }
}

/// Sparse shortest augmenting paths over CSR (LAPJVsp), minimising; entries finite.
/// Square problems start with column reduction, reduction transfer and two passes of
/// augmenting row reduction over the listed entries; rectangular ones (n < m) with a greedy
/// pass (each row takes its cheapest column when free: with zero column potentials every
/// reduced cost stays >= 0). Then one search per free row: the columns at the least
/// distance are scanned together (latest first), the next least distance is found by a
/// scan of the columns reached; the search stops at the first free column at the least
/// distance. Returns the first row that could not be placed (with the Hall proof in
/// hall_rows / hall_cols), or -1.
template <class Cost>
int lapjv_sparse(const csr_costs<Cost>& s, std::vector<int>& x, std::vector<int>& y, std::size_t& searches,
                 std::size_t& scanned, std::vector<int>& hall_rows, std::vector<int>& hall_cols) {
    const int n = s.rows, m = s.cols;
    x.assign(static_cast<std::size_t>(n), -1);
    y.assign(static_cast<std::size_t>(m), -1);
    std::vector<Cost> v(static_cast<std::size_t>(m), Cost(0)), d(static_cast<std::size_t>(m));
    std::vector<int> freerows, pred(static_cast<std::size_t>(m));
    if (n == m) {
        // Column reduction: each column to its cheapest row (ties: the lowest row), columns
        // in reverse order; a row that gets several keeps the cheapest.
        std::vector<int> matches(static_cast<std::size_t>(n), 0), argmin(static_cast<std::size_t>(m), -1);
        for (int i = 0; i < n; ++i)
            for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e) {
                const int j = s.col[e];
                if (argmin[j] < 0 || s.cost[e] < v[j]) {
                    v[j] = s.cost[e];
                    argmin[j] = i;
                }
            }
        for (int j = m - 1; j >= 0; --j) {
            const int imin = argmin[j];
            if (imin < 0) continue;  // an empty column: infeasible, found by the augmentation
            if (++matches[imin] == 1) {
                x[imin] = j;
                y[j] = imin;
            } else if (v[j] < v[x[imin]]) {
                y[x[imin]] = -1;
                x[imin] = j;
                y[j] = imin;
            }
        }
        // Reduction transfer.
        for (int i = 0; i < n; ++i) {
            if (matches[i] == 0) {
                freerows.push_back(i);
            } else if (matches[i] == 1) {
                const int j1 = x[i];
                bool any = false;
                Cost mn = Cost(0);
                for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e) {
                    const int j = s.col[e];
                    if (j == j1) continue;
                    const Cost h = s.cost[e] - v[j];
                    if (!any || h < mn) mn = h;
                    any = true;
                }
                if (any) v[j1] -= mn;
            }
        }
        // Augmenting row reduction, two passes, with a step budget (see lapjv_dense).
        for (int pass = 0; pass < 2 && !freerows.empty(); ++pass) {
            std::vector<int> todo;
            todo.swap(freerows);
            std::size_t k = 0, steps = 0;
            const std::size_t budget = 8 * static_cast<std::size_t>(n) + 64;
            while (k < todo.size()) {
                if (++steps > budget) {
                    for (; k < todo.size(); ++k) freerows.push_back(todo[k]);
                    break;
                }
                const int i = todo[k++];
                int j1 = -1, j2 = -1;
                Cost umin = Cost(0), usub = Cost(0);
                for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e) {
                    const int j = s.col[e];
                    const Cost h = s.cost[e] - v[j];
                    if (j1 < 0) {
                        umin = h;
                        j1 = j;
                    } else if (j2 < 0 || h < usub) {
                        if (h >= umin) {
                            usub = h;
                            j2 = j;
                        } else {
                            usub = umin;
                            j2 = j1;
                            umin = h;
                            j1 = j;
                        }
                    }
                }
                if (j1 < 0) {  // an empty row: infeasible, found by the augmentation
                    freerows.push_back(i);
                    continue;
                }
                int i0 = y[j1];
                const bool lower = j2 >= 0 && umin < usub;
                if (lower) {
                    v[j1] -= usub - umin;
                } else if (i0 >= 0 && j2 >= 0) {
                    j1 = j2;
                    i0 = y[j2];
                }
                if (i0 >= 0) x[i0] = -1;
                x[i] = j1;
                y[j1] = i;
                if (i0 >= 0) {
                    if (lower) todo[--k] = i0;
                    else freerows.push_back(i0);
                }
            }
        }
    } else {
        // Rectangular: zero column potentials (unassigned columns must end with the largest
        // potential); each row takes its cheapest column when it is still free.
        for (int i = 0; i < n; ++i) {
            int best = -1;
            Cost bc = Cost(0);
            for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e)
                if (best < 0 || s.cost[e] < bc || (s.cost[e] == bc && s.col[e] < best)) {
                    bc = s.cost[e];
                    best = s.col[e];
                }
            if (best >= 0 && y[best] < 0) {
                x[i] = best;
                y[best] = i;
            } else {
                freerows.push_back(i);
            }
        }
    }
    // hcost[i]: the cost of the entry (i, x[i]); the implicit row potential is
    // hcost[i] - v[x[i]] (reduced cost 0 on the held entry). pcost[k]: the cost of the entry
    // by which column k was reached in the current search.
    std::vector<Cost> hcost(static_cast<std::size_t>(n), Cost(0)), pcost(static_cast<std::size_t>(m));
    for (int i = 0; i < n; ++i)
        if (x[i] >= 0)
            for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e)
                if (s.col[e] == x[i]) hcost[i] = s.cost[e];

    // The search of Jonker-Volgenant: the columns at the current least distance are taken
    // together (a stack: the latest first), the next least distance is found by a scan of
    // the reached columns. state: 0 not reached, 1 reached, 2 at the current distance (to
    // scan), 3 scanned. Few distinct distances (integer costs) make this much cheaper than
    // a heap.
    std::vector<unsigned char> state(static_cast<std::size_t>(m), 0);
    std::vector<int> reached, ready, scanned_cols, all;
    for (const int fr : freerows) {
        ++searches;
        reached.clear();
        ready.clear();
        scanned_cols.clear();
        all.clear();
        int end = -1;
        Cost level = Cost(0);
        for (std::int64_t e = s.first[fr]; e < s.first[fr + 1]; ++e) {
            const int j = s.col[e];
            d[j] = s.cost[e] - v[j];
            pred[j] = fr;
            pcost[j] = s.cost[e];
            state[j] = 1;
            reached.push_back(j);
            all.push_back(j);
        }
        const int* const cols = s.col.data();
        const Cost* const costs = s.cost.data();
        Cost* const dd = d.data();
        const Cost* const vv = v.data();
        unsigned char* const st = state.data();
        while (end < 0) {
            if (ready.empty()) {
                // The next least distance among the reached columns (dropping those taken).
                std::size_t w = 0;
                bool any = false;
                for (std::size_t k = 0; k < reached.size(); ++k) {
                    const int j = reached[k];
                    if (st[j] != 1) continue;
                    reached[w++] = j;
                    if (!any || dd[j] < level) level = dd[j];
                    any = true;
                }
                reached.resize(w);
                if (!any) break;  // nothing left to reach: infeasible
                for (const int j : reached)
                    if (dd[j] == level) {
                        if (y[j] < 0) {
                            end = j;
                            break;
                        }
                        st[j] = 2;
                        ready.push_back(j);
                    }
                if (end >= 0) break;
            }
            const int j = ready.back();
            ready.pop_back();
            st[j] = 3;
            scanned_cols.push_back(j);
            ++scanned;
            const int i = y[j];
            const Cost base = level - (hcost[i] - v[j]);  // + cost(i, k) - v[k] for each entry of i
            const std::int64_t e1 = s.first[i + 1];
            for (std::int64_t e = s.first[i]; e < e1; ++e) {
                const int k = cols[e];
                const unsigned char sk = st[k];
                if (sk >= 2) continue;
                const Cost dk = base + costs[e] - vv[k];
                if (sk == 0) {
                    st[k] = 1;
                    all.push_back(k);
                    reached.push_back(k);
                } else if (!(dk < dd[k])) {
                    continue;
                }
                dd[k] = dk;
                pred[k] = i;
                pcost[k] = costs[e];
                if (!(level < dk)) {  // at the least distance
                    if (y[k] < 0) {
                        end = k;
                        break;
                    }
                    st[k] = 2;
                    ready.push_back(k);
                }
            }
        }
        if (end < 0) {  // every column fr reaches is held by a row reaching no free column
            hall_rows.assign(1, fr);
            for (const int j : scanned_cols) {
                hall_cols.push_back(j);
                hall_rows.push_back(y[j]);
            }
            std::sort(hall_rows.begin(), hall_rows.end());
            std::sort(hall_cols.begin(), hall_cols.end());
            return fr;
        }
        for (const int j : scanned_cols) v[j] += d[j] - level;
        for (const int j : all) state[j] = 0;
        for (int i = -1; i != fr;) {
            i = pred[end];
            y[end] = i;
            hcost[i] = pcost[end];
            const int j1 = x[i];
            x[i] = end;
            end = j1;
        }
    }
    return -1;
}

}  // namespace detail

template <class Cost>
assignment_result<Cost> sparse_assignment(const csr_costs<Cost>& s,
                                          assignment_sense sense = assignment_sense::minimize);

/// Solves the dense linear assignment problem: assign each row of the rows x cols matrix
/// `cost` (row-major, entry (i, j) at cost[i * cols + j]) to a distinct column so that the
/// total is minimal (or maximal). With rows > cols the transpose is solved: every column is
/// assigned and rows - cols rows stay at -1.
///
/// Forbidden entries: +infinity when minimising, -infinity when maximising (double only);
/// a matrix holding any goes to sparse_assignment() over its finite entries, and the result
/// may be infeasible.
///
/// @throws argument_error for a negative size, a NaN, an infinity of the wrong sign, or an
///   integer cost too large in magnitude (beyond lap_int_limit: about 1.15e18 / (2 (n + m) + 2)).
///
/// Complexity: O(n^2 m) worst case (n = min(rows, cols), m = max); square matrices first
/// run column reduction, reduction transfer and two passes of augmenting row reduction
/// (O(n m) each, the latter with a step budget), which leave few rows to the O(n m)
/// Dijkstra-like augmentations on random costs. Memory O(n + m) beyond the matrix (a copy
/// of the matrix when maximising or transposing).
template <class Cost>
assignment_result<Cost> linear_assignment(const Cost* cost, int rows, int cols,
                                          assignment_sense sense = assignment_sense::minimize) {
    static_assert(detail::assignment_cost_ok<Cost>, "costs are double or std::int64_t");
    const char* fn = "linear_assignment";
    if (rows < 0 || cols < 0)
        throw argument_error(std::string(fn) + ": the matrix size must be >= 0 (got " + std::to_string(rows) + " x " +
                             std::to_string(cols) + ")");
    const bool maxi = sense == assignment_sense::maximize;
    const std::int64_t limit = detail::lap_int_limit(rows, cols);
    const std::size_t R = static_cast<std::size_t>(rows), C = static_cast<std::size_t>(cols);
    bool forbidden = false;
    for (std::size_t i = 0; i < R; ++i)
        for (std::size_t j = 0; j < C; ++j) {
            const Cost c = cost[i * C + j];
            if constexpr (std::is_same_v<Cost, double>) {
                if (std::isinf(c)) {
                    if ((c > 0) == maxi)
                        throw argument_error(std::string(fn) + ": cost of (row " + std::to_string(i) + ", column " +
                                             std::to_string(j) + ") is " + (c > 0 ? "+" : "-") +
                                             "infinity; forbidden entries are " + (maxi ? "-" : "+") +
                                             "infinity when " + (maxi ? "maximising" : "minimising"));
                    forbidden = true;
                    continue;
                }
            }
            detail::check_cost(fn, c, i, j, limit);
        }
    assignment_result<Cost> r;
    if (forbidden) {
        csr_costs<Cost> s;
        s.rows = rows;
        s.cols = cols;
        s.first.assign(R + 1, 0);
        for (std::size_t i = 0; i < R; ++i) {
            for (std::size_t j = 0; j < C; ++j)
                if (!std::isinf(static_cast<double>(cost[i * C + j]))) {
                    s.col.push_back(static_cast<int>(j));
                    s.cost.push_back(cost[i * C + j]);
                }
            s.first[i + 1] = static_cast<std::int64_t>(s.col.size());
        }
        return sparse_assignment(s, sense);
    }
    const bool transpose = rows > cols;
    const int n = transpose ? cols : rows, m = transpose ? rows : cols;
    const Cost* c = cost;
    std::vector<Cost> copy;
    if (transpose || maxi) {
        copy.resize(R * C);
        for (std::size_t i = 0; i < R; ++i)
            for (std::size_t j = 0; j < C; ++j) {
                const Cost w = maxi ? -cost[i * C + j] : cost[i * C + j];
                if (transpose) copy[j * R + i] = w;
                else copy[i * C + j] = w;
            }
        c = copy.data();
    }
    std::vector<int> x, y;
    detail::lapjv_dense(c, n, m, x, y, r.searches, r.scanned);
    if (transpose) {
        r.col_of_row = std::move(y);
        r.row_of_col = std::move(x);
    } else {
        r.col_of_row = std::move(x);
        r.row_of_col = std::move(y);
    }
    for (std::size_t i = 0; i < R; ++i)
        if (r.col_of_row[i] >= 0) r.total += cost[i * C + static_cast<std::size_t>(r.col_of_row[i])];
    return r;
}

/// Solves the sparse linear assignment problem: assign each row to a distinct column
/// through its listed entries, total cost minimal (or maximal), like
/// scipy.sparse.csgraph.min_weight_full_bipartite_matching. With rows > cols every column
/// is assigned instead (the transpose is solved). When no such assignment exists the
/// result says so (feasible = false, unassignable = the row, or column, that could not be
/// placed) instead of throwing.
///
/// @throws argument_error for a malformed CSR (sizes, offsets, a column out of range or
///   listed twice in a row), a NaN or infinite cost, an integer cost too large in magnitude.
///
/// Complexity: O(n (E + m L)) worst case (n = min(rows, cols), m = max, E entries, L the
/// number of distinct distances a search passes, at most m): one search per row left free
/// by the initial reductions, each scanning a row at most once and stopped at the first
/// free column; in practice a search scans a small part of the graph, and integer costs
/// give few distinct distances. Memory O(E + n + m).
template <class Cost>
assignment_result<Cost> sparse_assignment(const csr_costs<Cost>& s, assignment_sense sense) {
    static_assert(detail::assignment_cost_ok<Cost>, "costs are double or std::int64_t");
    const std::string fn = "sparse_assignment";
    if (s.rows < 0 || s.cols < 0)
        throw argument_error(fn + ": rows and cols must be >= 0");
    if (s.first.size() != static_cast<std::size_t>(s.rows) + 1)
        throw argument_error(fn + ": first (indptr) must have rows + 1 = " + std::to_string(s.rows + 1) +
                             " entries (got " + std::to_string(s.first.size()) + ")");
    if (s.first[0] != 0) throw argument_error(fn + ": first (indptr) must start at 0");
    for (int i = 0; i < s.rows; ++i)
        if (s.first[i + 1] < s.first[i])
            throw argument_error(fn + ": first (indptr) decreases at row " + std::to_string(i));
    const std::size_t E = static_cast<std::size_t>(s.first[static_cast<std::size_t>(s.rows)]);
    if (s.col.size() != E || s.cost.size() != E)
        throw argument_error(fn + ": col (indices) and cost (data) must have first[rows] = " + std::to_string(E) +
                             " entries (got " + std::to_string(s.col.size()) + " and " +
                             std::to_string(s.cost.size()) + ")");
    const std::int64_t limit = detail::lap_int_limit(s.rows, s.cols);
    std::vector<int> mark(static_cast<std::size_t>(s.cols), -1);
    for (int i = 0; i < s.rows; ++i)
        for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e) {
            const int j = s.col[e];
            if (j < 0 || j >= s.cols)
                throw argument_error(fn + ": row " + std::to_string(i) + " lists column " + std::to_string(j) +
                                     ", out of range [0, " + std::to_string(s.cols) + ")");
            if (mark[j] == i)
                throw argument_error(fn + ": row " + std::to_string(i) + " lists column " + std::to_string(j) +
                                     " twice");
            mark[j] = i;
            if constexpr (std::is_same_v<Cost, double>)
                if (std::isinf(s.cost[e]))
                    throw argument_error(fn + ": cost of (row " + std::to_string(i) + ", column " +
                                         std::to_string(j) + ") is infinite (leave forbidden entries out)");
            detail::check_cost(fn.c_str(), s.cost[e], static_cast<std::size_t>(i), static_cast<std::size_t>(j), limit);
        }
    const bool maxi = sense == assignment_sense::maximize;
    const bool transpose = s.rows > s.cols;
    assignment_result<Cost> r;
    std::vector<int> x, y;
    int bad = -1;
    if (!transpose && !maxi) {
        bad = detail::lapjv_sparse(s, x, y, r.searches, r.scanned, r.hall_rows, r.hall_cols);
    } else {
        csr_costs<Cost> t;
        if (transpose) {
            t.rows = s.cols;
            t.cols = s.rows;
            t.first.assign(static_cast<std::size_t>(t.rows) + 1, 0);
            for (std::size_t e = 0; e < E; ++e) ++t.first[static_cast<std::size_t>(s.col[e]) + 1];
            for (int j = 0; j < t.rows; ++j) t.first[j + 1] += t.first[j];
            t.col.resize(E);
            t.cost.resize(E);
            std::vector<std::int64_t> at(t.first.begin(), t.first.end() - 1);
            for (int i = 0; i < s.rows; ++i)
                for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e) {
                    const std::int64_t k = at[static_cast<std::size_t>(s.col[e])]++;
                    t.col[k] = i;
                    t.cost[k] = maxi ? -s.cost[e] : s.cost[e];
                }
        } else {
            t = s;
            for (Cost& c : t.cost) c = -c;
        }
        bad = detail::lapjv_sparse(t, x, y, r.searches, r.scanned, r.hall_rows, r.hall_cols);
    }
    if (transpose) std::swap(x, y);
    r.col_of_row = std::move(x);
    r.row_of_col = std::move(y);
    r.feasible = bad < 0;
    r.unassignable = bad;
    for (int i = 0; i < s.rows; ++i) {
        const int j = r.col_of_row[i];
        if (j < 0) continue;
        for (std::int64_t e = s.first[i]; e < s.first[i + 1]; ++e)
            if (s.col[e] == j) r.total += s.cost[e];
    }
    return r;
}

}  // namespace furong
