#pragma once
/// @file
/// Interned, append-only string ids with an open-addressing index: index i <-> id string.
/// 15 to 25 bytes per id plus its characters: a 4-byte offset, and 8-byte slots at a load
/// of 3/8..3/4 (16.2 bytes per id for the 10.97 million ids of a 10^7-household city).
/// Characters are addressed by 32-bit offsets, so one table holds at most 4 GiB - 1 of id
/// characters (a model_error beyond, before anything changes).

#include <furong/error.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace furong::detail {

/// Most characters one id_table or string_pool holds (the offsets are 32-bit).
inline constexpr std::size_t max_pool_chars = 0xFFFFFFFFu;

/// Throws unless `extra` more characters fit beside `used` (checked before any change).
inline void check_pool_room(std::size_t used, std::size_t extra, const char* what) {
    if (extra > max_pool_chars - used)
        throw model_error(std::string(what) + " would exceed " + std::to_string(max_pool_chars) +
                          " characters in all (the limit of one table: 32-bit offsets)");
}

/// Append-only table of unique strings. Lookup is O(1) expected (linear probing, load <= 3/4:
/// with the hash tags in the slots a longer probe run costs little, and the slot table is
/// the largest part of the index).
/// Each slot keeps 32 bits of the hash beside the index, so a probe touches the characters
/// of a candidate only when the hashes agree: one cache miss per lookup instead of three.
class id_table {
public:
    std::size_t size() const noexcept { return offsets_.size() - 1; }

    std::string_view operator[](std::uint32_t i) const noexcept {
        return {chars_.data() + offsets_[i], static_cast<std::size_t>(offsets_[i + 1] - offsets_[i])};
    }

    std::optional<std::uint32_t> find(std::string_view s) const noexcept {
        if (slots_.empty()) return std::nullopt;
        std::size_t mask = slots_.size() - 1;
        std::uint64_t full = hash(s);
        auto tag = static_cast<std::uint32_t>(full >> 32);
        for (std::size_t h = full & mask;; h = (h + 1) & mask) {
            std::uint64_t slot = slots_[h];
            if (slot == empty) return std::nullopt;
            auto v = static_cast<std::uint32_t>(slot);
            if (static_cast<std::uint32_t>(slot >> 32) == tag && (*this)[v] == s) return v;
        }
    }

    /// Appends `s` unless present; returns its index and whether it was added. One probe
    /// sequence for both the check and the insertion.
    std::pair<std::uint32_t, bool> try_insert(std::string_view s) {
        check_pool_room(chars_.size(), s.size(), "the ids");
        grow_for(size() + 1);
        std::size_t mask = slots_.size() - 1;
        std::uint64_t full = hash(s);
        auto tag = static_cast<std::uint32_t>(full >> 32);
        std::size_t h = full & mask;
        for (;; h = (h + 1) & mask) {
            std::uint64_t slot = slots_[h];
            if (slot == empty) break;
            auto v = static_cast<std::uint32_t>(slot);
            if (static_cast<std::uint32_t>(slot >> 32) == tag && (*this)[v] == s) return {v, false};
        }
        auto i = static_cast<std::uint32_t>(size());
        chars_.insert(chars_.end(), s.begin(), s.end());
        offsets_.push_back(static_cast<std::uint32_t>(chars_.size()));
        slots_[h] = (full >> 32 << 32) | i;
        return {i, true};
    }

    /// Appends `s`, which must not be present (check with find first); returns its index.
    std::uint32_t insert(std::string_view s) {
        check_pool_room(chars_.size(), s.size(), "the ids");
        grow_for(size() + 1);
        auto i = static_cast<std::uint32_t>(size());
        chars_.insert(chars_.end(), s.begin(), s.end());
        offsets_.push_back(static_cast<std::uint32_t>(chars_.size()));
        place(i);
        return i;
    }

    void reserve(std::size_t n, std::size_t chars) {
        offsets_.reserve(n + 1);
        chars_.reserve(chars);
        grow_for(n);
    }

    /// Gives back the spare capacity of the characters and offsets (not the slots).
    void shrink_to_fit() {
        chars_.shrink_to_fit();
        offsets_.shrink_to_fit();
    }

    std::size_t bytes() const noexcept {
        return chars_.capacity() + offsets_.capacity() * sizeof(std::uint32_t) +
               slots_.capacity() * sizeof(std::uint64_t);
    }

private:
    static constexpr std::uint64_t empty = ~std::uint64_t{0};
    static std::uint64_t hash(std::string_view s) noexcept {  // FNV-1a, then a 64-bit finaliser
        std::uint64_t h = 1469598103934665603ull;
        for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53ull;
        return h ^ (h >> 33);
    }
    void place(std::uint32_t i) {
        std::size_t mask = slots_.size() - 1;
        std::uint64_t full = hash((*this)[i]);
        std::size_t h = full & mask;
        while (slots_[h] != empty) h = (h + 1) & mask;
        slots_[h] = (full >> 32 << 32) | i;
    }
    /// Doubles the slot table (a power of two) until `n` ids keep the load at or below 3/4.
    void grow_for(std::size_t n) {
        std::size_t want = slots_.empty() ? 16 : slots_.size();
        while (n * 4 > want * 3) want *= 2;
        if (want > slots_.size()) rehash(want);
    }
    void rehash(std::size_t n) {
        slots_.assign(n, empty);
        for (std::uint32_t i = 0; i < size(); ++i) place(i);
    }

    std::vector<char> chars_;
    std::vector<std::uint32_t> offsets_{0};
    std::vector<std::uint64_t> slots_;
};

/// Append-only pool of strings addressed by row (names: many are empty, none are looked up).
/// 4 bytes per row plus the characters, at most 4 GiB - 1 of them.
class string_pool {
public:
    std::size_t size() const noexcept { return offsets_.size() - 1; }
    std::string_view operator[](std::size_t i) const noexcept {
        return {chars_.data() + offsets_[i], static_cast<std::size_t>(offsets_[i + 1] - offsets_[i])};
    }
    void push_back(std::string_view s) {
        check_pool_room(chars_.size(), s.size(), "the names");
        chars_.insert(chars_.end(), s.begin(), s.end());
        offsets_.push_back(static_cast<std::uint32_t>(chars_.size()));
    }
    /// Replaces row i; O(total size) since rows are packed (renames are rare).
    void set(std::size_t i, std::string_view s) {
        auto old_len = static_cast<std::int64_t>(offsets_[i + 1] - offsets_[i]);
        check_pool_room(chars_.size() - static_cast<std::size_t>(old_len), s.size(), "the names");
        auto delta = static_cast<std::int64_t>(s.size()) - old_len;
        chars_.erase(chars_.begin() + static_cast<std::ptrdiff_t>(offsets_[i]),
                     chars_.begin() + static_cast<std::ptrdiff_t>(offsets_[i + 1]));
        chars_.insert(chars_.begin() + static_cast<std::ptrdiff_t>(offsets_[i]), s.begin(), s.end());
        for (std::size_t k = i + 1; k < offsets_.size(); ++k)
            offsets_[k] = static_cast<std::uint32_t>(static_cast<std::int64_t>(offsets_[k]) + delta);
    }
    void reserve(std::size_t n, std::size_t chars) { offsets_.reserve(n + 1); chars_.reserve(chars); }
    void shrink_to_fit() {
        chars_.shrink_to_fit();
        offsets_.shrink_to_fit();
    }
    std::size_t bytes() const noexcept { return chars_.capacity() + offsets_.capacity() * sizeof(std::uint32_t); }

private:
    std::vector<char> chars_;
    std::vector<std::uint32_t> offsets_{0};
};

}  // namespace furong::detail
