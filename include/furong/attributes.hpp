#pragma once
/// @file
/// Free-form attribute columns attached to a table (organisations, links, people, roles):
/// the unknown extra CSV columns a planner added, kept so that they survive a round trip.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furong {

/// Named text columns over the rows of a table. Rows without a value read as "".
class attribute_columns {
public:
    const std::vector<std::string>& names() const noexcept { return names_; }

    /// The value of column `name` in `row`, or "" when the column or the value is missing.
    std::string_view get(std::string_view name, std::size_t row) const {
        for (std::size_t c = 0; c < names_.size(); ++c)
            if (names_[c] == name) return row < values_[c].size() ? std::string_view(values_[c][row]) : std::string_view();
        return {};
    }
    std::string_view get(std::size_t column, std::size_t row) const {
        return row < values_[column].size() ? std::string_view(values_[column][row]) : std::string_view();
    }
    /// Sets column `name` of `row`, creating the column on first use.
    void set(std::string_view name, std::size_t row, std::string value) {
        std::size_t c = column(name);
        if (values_[c].size() <= row) {
            if (value.empty()) return;
            values_[c].resize(row + 1);
        }
        values_[c][row] = std::move(value);
    }
    std::size_t column(std::string_view name) {
        for (std::size_t c = 0; c < names_.size(); ++c)
            if (names_[c] == name) return c;
        names_.emplace_back(name);
        values_.emplace_back();
        return names_.size() - 1;
    }
    bool empty() const noexcept { return names_.empty(); }

private:
    std::vector<std::string> names_;
    std::vector<std::vector<std::string>> values_;
};

}  // namespace furong
