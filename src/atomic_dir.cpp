// Atomic, durable directory saves (see include/furong/io/atomic_dir.hpp for the protocol).

#include <furong/io/atomic_dir.hpp>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <streambuf>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace furong::io {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const fs::path& p, int code, const std::string& doing) {
    throw io_error(p.string(), code, doing, std::strerror(code));
}

/// An output buffer over a file descriptor that checks every write(2): the first failure
/// is kept (errno) and every later write is refused, so the stream goes bad.
class fd_buf : public std::streambuf {
public:
    explicit fd_buf(int fd) : fd_(fd) { setp(buf_, buf_ + sizeof buf_); }
    int error() const noexcept { return error_; }

protected:
    int_type overflow(int_type c) override {
        if (!drain()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return drain() ? 0 : -1; }

private:
    bool drain() {
        if (error_) return false;
        const char* p = pbase();
        while (p < pptr()) {
            ssize_t n = ::write(fd_, p, static_cast<std::size_t>(pptr() - p));
            if (n < 0) {
                if (errno == EINTR) continue;
                error_ = errno;
                return false;
            }
            if (n == 0) { error_ = EIO; return false; }
            p += n;
        }
        setp(buf_, buf_ + sizeof buf_);
        return true;
    }
    int fd_;
    int error_ = 0;
    char buf_[1 << 16];
};

/// Opens a directory for fsync and flock. O(1).
int open_dir(const fs::path& dir) {
    int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) fail(dir, errno, "cannot open directory");
    return fd;
}

void sync_fd(int fd, const fs::path& p) {
    if (::fsync(fd) != 0) fail(p, errno, "cannot sync to disk");
}

void lock(int fd, int how, const fs::path& p) {
    while (::flock(fd, how) != 0) {
        if (errno == EINTR) continue;
        if (errno == ENOLCK || errno == EOPNOTSUPP || errno == ENOSYS) return;  // no locks here (some network file systems): the journal still keeps saves atomic
        fail(p, errno, "cannot lock directory");
    }
}

bool exists_nofollow(const fs::path& p) {
    struct stat st;
    return ::lstat(p.c_str(), &st) == 0;
}

/// Writes `body` into `path` (created or truncated) and fsyncs it; every failure throws.
void write_file_synced(const fs::path& path, const std::function<void(std::ostream&)>& body) {
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) fail(path, errno, "cannot create");
    int code = 0;
    {
        fd_buf buf(fd);
        std::ostream out(&buf);
        try {
            body(out);
        } catch (...) {
            ::close(fd);
            throw;
        }
        out.flush();
        code = buf.error();
        if (!code && !out) code = EIO;
    }
    if (!code && ::fsync(fd) != 0) code = errno;
    if (::close(fd) != 0 && !code) code = errno;
    if (code) fail(path, code, "cannot write");
}

const std::string journal_tmp = std::string(temp_prefix) + "journal";

/// Redoes the journal of `dir` (fd `dfd`, held under an exclusive lock), then removes it and
/// every temporary. Returns false when there is no journal.
bool replay(const fs::path& dir, int dfd) {
    const fs::path journal = dir / journal_name;
    if (!exists_nofollow(journal)) return false;
    std::ifstream in(journal, std::ios::binary);
    if (!in) fail(journal, errno ? errno : EIO, "cannot read");
    std::vector<std::pair<char, std::string>> steps;
    std::string line;
    bool ended = false;
    while (std::getline(in, line)) {
        if (line == "end") { ended = true; break; }
        if (line.size() > 2 && (line[0] == 'w' || line[0] == 'r') && line[1] == ' ')
            steps.emplace_back(line[0], line.substr(2));
    }
    if (ended) {  // always, since the journal appears by rename only once complete
        for (const auto& [op, name] : steps) {
            const fs::path target = dir / name;
            if (op == 'w') {
                const fs::path tmp = dir / (temp_prefix + name);
                if (exists_nofollow(tmp) && ::rename(tmp.c_str(), target.c_str()) != 0)
                    fail(target, errno, "cannot rename into place");
            } else if (::unlink(target.c_str()) != 0 && errno != ENOENT) {
                fail(target, errno, "cannot remove");
            }
        }
        sync_fd(dfd, dir);
    }
    if (::unlink(journal.c_str()) != 0 && errno != ENOENT) fail(journal, errno, "cannot remove");
    sync_fd(dfd, dir);
    return true;
}

/// Removes every temporary left in `dir` by an uncommitted save.
void discard_temporaries(const fs::path& dir) {
    std::error_code ec;
    const std::string prefix = temp_prefix;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.compare(0, prefix.size(), prefix) == 0)
            if (::unlink(it->path().c_str()) != 0 && errno != ENOENT) fail(it->path(), errno, "cannot remove");
    }
    if (ec) fail(dir, ec.value(), "cannot list directory");
}

void check_name(const std::string& name) {
    const std::string prefix = temp_prefix;
    if (name.empty() || name.find('/') != std::string::npos || name == "." || name == ".." ||
        name.compare(0, prefix.size(), prefix) == 0 || name == journal_name)
        throw argument_error("atomic_dir: '" + name + "' is not a plain file name a save may write");
}

}  // namespace

atomic_dir::atomic_dir(fs::path dir) : dir_(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(dir_, ec);
    if (ec) fail(dir_, ec.value(), "cannot create directory");
    if (!fs::is_directory(dir_, ec)) fail(dir_, ENOTDIR, "cannot save into");
    dir_fd_ = open_dir(dir_);
    try {
        lock(dir_fd_, LOCK_EX, dir_);
        replay(dir_, dir_fd_);
        discard_temporaries(dir_);
    } catch (...) {
        ::close(dir_fd_);
        throw;
    }
}

atomic_dir::~atomic_dir() {
    if (!committed_)
        for (const auto& name : written_) ::unlink((dir_ / (temp_prefix + name)).c_str());
    ::close(dir_fd_);  // releases the lock
}

void atomic_dir::write(const std::string& name, const std::function<void(std::ostream&)>& body) {
    check_name(name);
    if (committed_) throw argument_error("atomic_dir: write after commit");
    const fs::path tmp = dir_ / (temp_prefix + name);
    try {
        write_file_synced(tmp, body);
    } catch (...) {
        ::unlink(tmp.c_str());  // no temporary outlives a failed write
        throw;
    }
    for (const auto& w : written_) if (w == name) return;
    written_.push_back(name);
}

void atomic_dir::remove(const std::string& name) {
    check_name(name);
    removed_.push_back(name);
}

void atomic_dir::commit() {
    if (committed_) return;
    std::vector<std::string> removals;
    for (const auto& r : removed_) {
        bool rewritten = false;
        for (const auto& w : written_) rewritten = rewritten || w == r;
        if (!rewritten && exists_nofollow(dir_ / r)) removals.push_back(r);
    }
    sync_fd(dir_fd_, dir_);  // the temporaries' directory entries are durable
    const fs::path jtmp = dir_ / journal_tmp, journal = dir_ / journal_name;
    write_file_synced(jtmp, [&](std::ostream& out) {
        out << "furong-save 1\n";
        for (const auto& w : written_) out << "w " << w << '\n';
        for (const auto& r : removals) out << "r " << r << '\n';
        out << "end\n";
    });
    if (::rename(jtmp.c_str(), journal.c_str()) != 0) {
        int code = errno;
        ::unlink(jtmp.c_str());
        fail(journal, code, "cannot commit");
    }
    committed_ = true;  // from here on the new content wins, even after a crash
    sync_fd(dir_fd_, dir_);
    replay(dir_, dir_fd_);
}

void recover_dir(const fs::path& dir, bool discard) {
    if (!exists_nofollow(dir / journal_name) && !discard) return;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return;
    int fd = open_dir(dir);
    try {
        lock(fd, LOCK_EX, dir);
        replay(dir, fd);
        if (discard) discard_temporaries(dir);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
}

dir_read_lock::dir_read_lock(const fs::path& dir) {
    for (int attempt = 0; attempt < 100; ++attempt) {
        fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd_ < 0) return;
        try {
            lock(fd_, LOCK_SH, dir);
        } catch (...) {
            ::close(fd_);
            throw;
        }
        if (!exists_nofollow(dir / journal_name)) return;
        ::close(fd_);  // a save was interrupted after its commit point: finish it first
        fd_ = -1;
        recover_dir(dir);
    }
    fail(dir / journal_name, EAGAIN, "cannot complete an interrupted save");
}

dir_read_lock::~dir_read_lock() {
    if (fd_ >= 0) ::close(fd_);
}

}  // namespace furong::io
