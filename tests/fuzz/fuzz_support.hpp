#pragma once
// Shared by the libFuzzer targets of tests/fuzz: a private scratch directory per process and
// the rule every reader must keep on any input: return, or throw furong::error (a typed,
// positioned error). Any other exception is a bug and aborts, so libFuzzer records the input.

#include <furong/error.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

namespace furong::fuzz {

/// A directory of this process under the temp dir, emptied on first use.
inline const std::filesystem::path& scratch() {
    static const std::filesystem::path dir = [] {
        auto p = std::filesystem::temp_directory_path() / ("furong-fuzz-" + std::to_string(::getpid()));
        std::filesystem::remove_all(p);
        std::filesystem::create_directories(p);
        return p;
    }();
    return dir;
}

/// Writes `size` bytes into `dir`/`name`.
inline void put(const std::filesystem::path& dir, const char* name, const std::uint8_t* data, std::size_t size) {
    std::ofstream(dir / name, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data),
                                                                        static_cast<std::streamsize>(size));
}

/// Runs `read`; a furong::error is an accepted answer, anything else aborts.
template <class F>
void expect_typed(F&& read) {
    try {
        read();
    } catch (const furong::error&) {
    } catch (const std::exception& e) {
        std::fprintf(stderr, "untyped exception from a reader: %s\n", e.what());
        std::abort();
    } catch (...) {
        std::fprintf(stderr, "unknown exception from a reader\n");
        std::abort();
    }
}

}  // namespace furong::fuzz
