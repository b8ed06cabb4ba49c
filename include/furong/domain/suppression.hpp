#pragma once
/// @file
/// Small-count suppression of published aggregates (docs/privacy.md): a table of counts of
/// people with its row, column and grand totals, where
/// - primary suppression hides every count c with 0 < c < threshold (cells and totals), and
/// - secondary (complementary) suppression hides further counts until no hidden count can be
///   recomputed from the published ones.
///
/// Why that is enough: the published table satisfies one equation per row and per column
/// (cells sum to the total; the totals sum to the grand total). See the table as a bipartite
/// graph - a node per row (and the totals row), a node per column (and the totals column),
/// an edge per count - and the hidden counts as a subgraph H. The unknowns are determined
/// exactly when their edge is a bridge of H (an edge on no cycle); a cycle of hidden counts,
/// all >= 1, can be shifted by +1/-1 alternately and still satisfy every equation with
/// non-negative counts. So the rule is: every hidden count lies on a cycle of hidden counts,
/// each >= 1 where possible. Complementary cells are chosen smallest first (least
/// information lost), positive before zero.

#include <furong/error.hpp>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace furong {

/// Why a count is not published.
enum class suppression : std::uint8_t { none = 0, primary = 1, secondary = 2 };

/// A table of counts with its totals and what to hide. Cell (r, c) of the full table is at
/// r * (cols + 1) + c; row `rows` holds the column totals, column `cols` the row totals, and
/// (rows, cols) the grand total.
struct suppressed_table {
    std::size_t rows = 0, cols = 0;
    std::vector<std::int64_t> values;
    std::vector<suppression> hidden;
    std::size_t at(std::size_t r, std::size_t c) const { return r * (cols + 1) + c; }
    bool is_hidden(std::size_t r, std::size_t c) const { return hidden[at(r, c)] != suppression::none; }
};

namespace detail {

/// True when nodes a and b are joined in the graph of hidden counts without the edge (er, ec).
inline bool joined_without(const suppressed_table& t, std::size_t er, std::size_t ec, std::vector<char>& seen) {
    // Nodes: rows 0..rows (rows = the totals row), then columns rows+1 .. rows+1+cols.
    const std::size_t R = t.rows + 1, C = t.cols + 1;
    seen.assign(R + C, 0);
    std::vector<std::size_t> stack{er};
    seen[er] = 1;
    while (!stack.empty()) {
        const std::size_t u = stack.back();
        stack.pop_back();
        if (u == R + ec) return true;
        if (u < R) {
            for (std::size_t c = 0; c < C; ++c)
                if (t.is_hidden(u, c) && !(u == er && c == ec) && !seen[R + c]) seen[R + c] = 1, stack.push_back(R + c);
        } else {
            const std::size_t c = u - R;
            for (std::size_t r = 0; r < R; ++r)
                if (t.is_hidden(r, c) && !(r == er && c == ec) && !seen[r]) seen[r] = 1, stack.push_back(r);
        }
    }
    return false;
}

}  // namespace detail

/// Suppresses the table `counts` (rows of equal length, counts >= 0) with its totals.
///
/// @param counts the interior counts, row by row
/// @param threshold counts c with 0 < c < threshold are hidden (primary); >= 1
/// @throws argument_error for ragged rows, a negative count or a threshold < 1
///
/// Complexity: O(k (R C)^2) for an R x C table and k complementary cells (small tables: the
/// aggregates a report publishes).
///
/// Example:
/// @code
///   auto t = furong::suppress({{12, 3}, {20, 9}}, 5);
///   // t.hidden[t.at(0, 1)] == primary; (0, 0), (1, 0), (1, 1) secondary: no cell recomputable
/// @endcode
inline suppressed_table suppress(const std::vector<std::vector<std::int64_t>>& counts, std::int64_t threshold = 5) {
    if (threshold < 1) throw argument_error("the suppression threshold must be >= 1, got " + std::to_string(threshold));
    suppressed_table t;
    t.rows = counts.size();
    t.cols = counts.empty() ? 0 : counts[0].size();
    const std::size_t R = t.rows + 1, C = t.cols + 1;
    t.values.assign(R * C, 0);
    t.hidden.assign(R * C, suppression::none);
    for (std::size_t r = 0; r < t.rows; ++r) {
        if (counts[r].size() != t.cols)
            throw argument_error("row " + std::to_string(r) + " has " + std::to_string(counts[r].size()) +
                                 " counts, expected " + std::to_string(t.cols));
        for (std::size_t c = 0; c < t.cols; ++c) {
            const std::int64_t v = counts[r][c];
            if (v < 0) throw argument_error("a count may not be negative, got " + std::to_string(v));
            if (v > std::numeric_limits<std::int64_t>::max() / 4)
                throw argument_error("count too large: " + std::to_string(v));
            t.values[t.at(r, c)] = v;
            t.values[t.at(r, t.cols)] += v;
            t.values[t.at(t.rows, c)] += v;
            t.values[t.at(t.rows, t.cols)] += v;
        }
    }
    for (std::size_t k = 0; k < R * C; ++k)
        if (t.values[k] > 0 && t.values[k] < threshold) t.hidden[k] = suppression::primary;

    // Cost of hiding a count: positive ones first, smallest first.
    const auto cost = [&](std::size_t r, std::size_t c) {
        const std::int64_t v = t.values[t.at(r, c)];
        return v > 0 ? v : std::numeric_limits<std::int64_t>::max() / 2;
    };
    std::vector<char> seen;
    for (;;) {
        // A hidden count on no cycle of hidden counts (a bridge), if any.
        std::size_t br = R, bc = C;
        for (std::size_t r = 0; r < R && br == R; ++r)
            for (std::size_t c = 0; c < C; ++c)
                if (t.is_hidden(r, c) && !detail::joined_without(t, r, c, seen)) {
                    br = r, bc = c;
                    break;
                }
        if (br == R) return t;
        // `seen` now holds the side of the row node br (without the bridge). The cheapest
        // published count joining that side to the other closes a cycle through the bridge.
        const std::vector<char> side = seen;
        std::size_t best = R * C;
        std::int64_t best_cost = std::numeric_limits<std::int64_t>::max();
        // Nodes reachable from column bc without the bridge.
        std::vector<char> other(R + C, 0);
        {
            std::vector<std::size_t> stack{R + bc};
            other[R + bc] = 1;
            while (!stack.empty()) {
                const std::size_t u = stack.back();
                stack.pop_back();
                if (u < R) {
                    for (std::size_t c = 0; c < C; ++c)
                        if (t.is_hidden(u, c) && !(u == br && c == bc) && !other[R + c]) other[R + c] = 1, stack.push_back(R + c);
                } else {
                    const std::size_t c = u - R;
                    for (std::size_t r = 0; r < R; ++r)
                        if (t.is_hidden(r, c) && !(r == br && c == bc) && !other[r]) other[r] = 1, stack.push_back(r);
                }
            }
        }
        for (std::size_t r = 0; r < R; ++r)
            for (std::size_t c = 0; c < C; ++c) {
                if (t.is_hidden(r, c)) continue;
                const bool joins = (side[r] && other[R + c]) || (other[r] && side[R + c]);
                if (joins && cost(r, c) < best_cost) best = t.at(r, c), best_cost = cost(r, c);
            }
        if (best == R * C) {
            // No single count closes a cycle: grow the smaller side by its cheapest published
            // count to a node on neither side, and look again.
            std::size_t n_side = 0, n_other = 0;
            for (std::size_t u = 0; u < R + C; ++u) n_side += side[u], n_other += other[u];
            const std::vector<char>& grow = n_side <= n_other ? side : other;
            for (std::size_t r = 0; r < R; ++r)
                for (std::size_t c = 0; c < C; ++c) {
                    if (t.is_hidden(r, c)) continue;
                    const bool out = (grow[r] && !side[R + c] && !other[R + c]) || (grow[R + c] && !side[r] && !other[r]);
                    if (out && cost(r, c) < best_cost) best = t.at(r, c), best_cost = cost(r, c);
                }
        }
        if (best == R * C) {
            // A table too small to protect (one row and one column): hide everything.
            for (auto& h : t.hidden)
                if (h == suppression::none) h = suppression::secondary;
            return t;
        }
        t.hidden[best] = suppression::secondary;
    }
}

}  // namespace furong
