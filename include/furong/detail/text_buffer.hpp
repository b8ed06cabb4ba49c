#pragma once
/// @file
/// The text a CSV reader parses: either a string handed over by the caller (no copy), or a
/// file read into a buffer that is neither zero-filled first nor mapped 4 KiB at a time
/// (huge pages when large). Loading 10^6 ledger items reads 189 MB: zero-filling it and
/// taking 46,000 page faults cost about as much as parsing a third of it.

#include <furong/detail/huge_page_allocator.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>

namespace furong::detail {

class text_buffer {
public:
    text_buffer() = default;
    /// Takes `s` over (its characters are not copied).
    explicit text_buffer(std::string s) : str_(std::move(s)) { point_at_string(); }
    /// A buffer of `n` characters of unspecified content, to be filled by the caller.
    static text_buffer uninitialised(std::size_t n) {
        text_buffer b;
        b.reallocate(n, 0);
        b.size_ = n;
        return b;
    }

    text_buffer(text_buffer&& o) noexcept { *this = std::move(o); }
    text_buffer& operator=(text_buffer&& o) noexcept {
        if (this == &o) return *this;
        release();
        str_ = std::move(o.str_);
        own_ = std::exchange(o.own_, nullptr);
        capacity_ = std::exchange(o.capacity_, 0);
        size_ = std::exchange(o.size_, 0);
        if (own_) data_ = own_;
        else point_at_string();  // a short string moved its characters, not a pointer
        o.point_at_string();
        return *this;
    }
    text_buffer(const text_buffer&) = delete;
    text_buffer& operator=(const text_buffer&) = delete;
    ~text_buffer() { release(); }

    char* data() noexcept { return data_; }
    const char* data() const noexcept { return data_; }
    std::size_t size() const noexcept { return size_; }
    std::string_view view() const noexcept { return {data_, size_}; }

    /// Keeps the first `n` characters (n <= size()).
    void truncate(std::size_t n) noexcept {
        if (n < size_) size_ = n;
    }
    /// Appends `n` characters (a file that grew while it was read). Amortised O(n).
    void append(const char* p, std::size_t n) {
        if (!own_ || size_ + n > capacity_) reallocate(std::max(size_ + n, 2 * size_), size_);
        std::memcpy(own_ + size_, p, n);
        size_ += n;
    }

private:
    using allocator = huge_page_allocator<char>;
    void point_at_string() noexcept {
        data_ = str_.data();
        size_ = str_.size();
    }
    // Moves the first `keep` characters into a fresh buffer of `capacity` characters.
    void reallocate(std::size_t capacity, std::size_t keep) {
        char* fresh = allocator().allocate(capacity == 0 ? 1 : capacity);
        if (keep) std::memcpy(fresh, data_, keep);
        release();
        str_.clear();
        own_ = data_ = fresh;
        capacity_ = capacity == 0 ? 1 : capacity;
    }
    void release() noexcept {
        if (own_) allocator().deallocate(own_, capacity_);
        own_ = nullptr;
        capacity_ = 0;
    }

    std::string str_;
    char* own_ = nullptr;
    std::size_t capacity_ = 0;
    char* data_ = str_.data();
    std::size_t size_ = 0;
};

}  // namespace furong::detail
