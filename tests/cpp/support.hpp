#pragma once
// Helpers shared by the C++ tests: scratch directories and small files.

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace furong::test {

/// A fresh directory under the system temp dir, removed when the object dies.
class scratch_dir {
public:
    scratch_dir() {
        static std::mt19937_64 rng(std::random_device{}());
        path_ = std::filesystem::temp_directory_path() / ("furong-test-" + std::to_string(rng()));
        std::filesystem::create_directories(path_);
    }
    ~scratch_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    /// Writes `text` to `name` inside the directory.
    void write(const std::string& name, const std::string& text) const {
        std::ofstream(path_ / name, std::ios::binary) << text;
    }

private:
    std::filesystem::path path_;
};

/// A fresh, empty directory under the system temp dir named after `tag` (kept after the
/// test, for inspection when one fails).
inline std::filesystem::path fresh_dir(const std::string& tag) {
    static int counter = 0;
    static const auto run = std::random_device{}();
    auto p = std::filesystem::temp_directory_path() /
             ("furong_" + tag + "_" + std::to_string(run) + "_" + std::to_string(counter++));
    std::filesystem::remove_all(p);
    std::filesystem::create_directories(p);
    return p;
}

/// Writes `text` to `name` inside `dir`.
inline void write(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
}

}  // namespace furong::test
