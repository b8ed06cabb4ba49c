#pragma once
/// @file
/// An allocator that asks the kernel for transparent huge pages on large arrays. The
/// snapshot's interval labels are read at random by is_ancestor; with 4 KiB pages a city of
/// 10^7 households misses the TLB on nearly every query, with 2 MiB pages it mostly does not.
/// Elsewhere than Linux, or for small arrays, it is the plain allocator.

#include <cstddef>
#include <cstdlib>
#include <new>
#include <vector>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace furong::detail {

template <class T>
struct huge_page_allocator {
    using value_type = T;
    static constexpr std::size_t huge_page = std::size_t{2} << 20;

    huge_page_allocator() noexcept = default;
    template <class U>
    huge_page_allocator(const huge_page_allocator<U>&) noexcept {}  // NOLINT: rebinding

    T* allocate(std::size_t n) {
        std::size_t bytes = n * sizeof(T);
        if (bytes < huge_page) return static_cast<T*>(::operator new(bytes));
        std::size_t rounded = (bytes + huge_page - 1) / huge_page * huge_page;
        void* p = std::aligned_alloc(huge_page, rounded);
        if (!p) throw std::bad_alloc();
#if defined(__linux__) && defined(MADV_HUGEPAGE)
        ::madvise(p, rounded, MADV_HUGEPAGE);  // a hint: failure only costs speed
#endif
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        if (n * sizeof(T) < huge_page) ::operator delete(p);
        else std::free(p);
    }
    template <class U>
    bool operator==(const huge_page_allocator<U>&) const noexcept { return true; }
    template <class U>
    bool operator!=(const huge_page_allocator<U>&) const noexcept { return false; }
};

/// A vector on huge_page_allocator: for the large arrays a load fills once, front to back.
template <class T>
using huge_page_vector = std::vector<T, huge_page_allocator<T>>;

}  // namespace furong::detail
