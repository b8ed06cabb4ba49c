// Atomic, durable saves (io/atomic_dir.hpp) and the failures every writer must report.
#include "support.hpp"

#include <furong/io/atomic_dir.hpp>
#include <furong/io/ledger_files.hpp>
#include <furong/io/network_files.hpp>

#include <catch2/catch.hpp>

#include <csignal>
#include <fstream>
#include <sstream>

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace furong;
using furong::test::scratch_dir;
namespace fs = std::filesystem;

namespace {

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

network small_network() {
    network net;
    net.add_organisation("d", org_kind::district, "D");
    net.add_organisation("s", org_kind::street, "S", "d");
    return net;
}

bool has_temporaries(const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename().string().rfind(".furong-", 0) == 0) return true;
    return false;
}

/// Runs `f` in a child process as user nobody (root ignores file permissions) and returns
/// its exit code: 0 when `f` threw io_error, 1 when it returned, 2 for any other exception.
template <class F>
int as_nobody(F f) {
    pid_t pid = ::fork();
    if (pid == 0) {
        if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(3);
        try {
            f();
        } catch (const io_error&) {
            ::_exit(0);
        } catch (...) {
            ::_exit(2);
        }
        ::_exit(1);
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 100;
}

}  // namespace

TEST_CASE("atomic_dir writes every file at commit and removes the scheduled ones", "[atomic_dir]") {
    scratch_dir dir;
    dir.write("old.csv", "stale\n");
    dir.write("keep.txt", "not ours\n");
    {
        io::atomic_dir tx(dir.path());
        tx.write("a.csv", [](std::ostream& out) { out << "a\n"; });
        tx.remove("old.csv");
        CHECK(!fs::exists(dir.path() / "a.csv"));  // nothing visible before commit
        CHECK(fs::exists(dir.path() / "old.csv"));
        tx.commit();
    }
    CHECK(read_all(dir.path() / "a.csv") == "a\n");
    CHECK(!fs::exists(dir.path() / "old.csv"));
    CHECK(read_all(dir.path() / "keep.txt") == "not ours\n");
    CHECK(!has_temporaries(dir.path()));
}

TEST_CASE("an uncommitted save leaves the old files and no temporaries", "[atomic_dir]") {
    scratch_dir dir;
    dir.write("a.csv", "old\n");
    try {
        io::atomic_dir tx(dir.path());
        tx.write("a.csv", [](std::ostream& out) { out << "new\n"; });
        tx.write("b.csv", [](std::ostream& out) { out << "x"; throw std::runtime_error("writer failed"); });
        tx.commit();
    } catch (const std::runtime_error&) {
    }
    CHECK(read_all(dir.path() / "a.csv") == "old\n");
    CHECK(!fs::exists(dir.path() / "b.csv"));
    CHECK(!has_temporaries(dir.path()));
}

TEST_CASE("a committed journal is completed by the next load; stray temporaries are ignored", "[atomic_dir]") {
    scratch_dir dir;
    // The state a kill leaves after the commit point: journal present, one file renamed.
    dir.write("organisations.csv", "id,kind,name,parent\nd,district,New,\n");
    dir.write(".furong-tmp.links.csv", "source,target,kind,since,until\n");
    dir.write("people.csv", "id,name\nold,Old\n");  // the new save removes it
    dir.write(".furong-journal", "furong-save 1\nw organisations.csv\nw links.csv\nr people.csv\nend\n");
    dir.write("links.csv", "garbage that must be replaced");
    network net = io::load_network(dir.path());
    CHECK(net.organisation_count() == 1);
    CHECK(net.name(0) == "New");
    CHECK(!fs::exists(dir.path() / "people.csv"));
    CHECK(!fs::exists(dir.path() / ".furong-journal"));
    CHECK(read_all(dir.path() / "links.csv") == "source,target,kind,since,until\n");

    // A temporary without a journal: an uncommitted save; the load reads the old file.
    dir.write(".furong-tmp.organisations.csv", "id,kind,name,parent\nd,district,Half");
    CHECK(io::load_network(dir.path()).name(0) == "New");
    io::save_network(net, dir.path());  // the next save cleans it
    CHECK(!has_temporaries(dir.path()));
}

TEST_CASE("save_dataset without a ledger removes the ledger files of an older save", "[atomic_dir]") {
    scratch_dir dir;
    network net = small_network();
    ledger_data ld;
    save_dataset(net, &ld, dir.path());
    for (const char* f : ledger_file_names) CHECK(fs::exists(dir.path() / f));
    save_dataset(net, nullptr, dir.path());
    for (const char* f : ledger_file_names) CHECK(!fs::exists(dir.path() / f));
    for (const char* f : io::network_file_names) CHECK(fs::exists(dir.path() / f));
    CHECK(io::load_network(dir.path()).organisation_count() == 2);
}

TEST_CASE("every I/O failure of a save is an io_error naming the path; the old files stay", "[atomic_dir][io_error]") {
    network net = small_network();

    SECTION("the target is a file") {
        scratch_dir dir;
        dir.write("file", "x");
        try {
            io::save_network(net, dir.path() / "file");
            FAIL("no error");
        } catch (const io_error& e) {
            CHECK(e.path() == (dir.path() / "file").string());
        }
    }
    SECTION("a file where a parent directory should be") {
        scratch_dir dir;
        dir.write("file", "x");
        try {
            io::save_network(net, dir.path() / "file" / "sub");
            FAIL("no error");
        } catch (const io_error& e) {
            CHECK(e.code() == ENOTDIR);
            CHECK(std::string(e.what()).find("file") != std::string::npos);
        }
    }
    SECTION("a directory the system refuses to write (/sys)") {
        CHECK_THROWS_AS(io::save_network(net, "/sys/furong-test"), io_error);
    }
    SECTION("a read-only directory (as a user without the permission)") {
        scratch_dir dir;
        io::save_network(net, dir.path());
        std::string before = read_all(dir.path() / "organisations.csv");
        ::chmod(dir.path().c_str(), 0555);
        CHECK(as_nobody([&] { io::save_network(small_network(), dir.path()); }) == 0);
        CHECK(as_nobody([&] { save_ledger_dir(ledger_data{}, dir.path()); }) == 0);
        ::chmod(dir.path().c_str(), 0755);
        CHECK(read_all(dir.path() / "organisations.csv") == before);
    }
    SECTION("a full disk: writes past the file size limit fail (EFBIG), as ENOSPC would") {
        scratch_dir dir;
        io::save_network(net, dir.path());
        std::string before = read_all(dir.path() / "organisations.csv");
        network big = small_network();
        for (int i = 0; i < 3000; ++i)
            big.add_organisation("st" + std::to_string(i), org_kind::street, "A street with a long name", "d");
        ::chmod(dir.path().c_str(), 0777);
        CHECK(as_nobody([&] {
            std::signal(SIGXFSZ, SIG_IGN);
            rlimit lim{16384, 16384};
            ::setrlimit(RLIMIT_FSIZE, &lim);
            io::save_network(big, dir.path());
        }) == 0);
        CHECK(read_all(dir.path() / "organisations.csv") == before);
        CHECK(!has_temporaries(dir.path()));
    }
}

TEST_CASE("the checked writer reports a full device (/dev/full) naming the file", "[atomic_dir][io_error]") {
    scratch_dir dir;
    // A save writes its own temporaries, so a symlink to /dev/full in place of a data file
    // is simply replaced (next test). To put the full device under the writer itself, the
    // temporary's name is made a symlink to /dev/full once the save has started.
    io::atomic_dir tx(dir.path());
    fs::create_symlink("/dev/full", dir.path() / ".furong-tmp.b.csv");
    try {
        tx.write("b.csv", [](std::ostream& out) { out << "some data\n"; });
        FAIL("no error");
    } catch (const io_error& e) {
        CHECK(e.code() == ENOSPC);
        CHECK(e.path() == (dir.path() / ".furong-tmp.b.csv").string());
    }
}

TEST_CASE("a symlinked data file is replaced by the saved file, never written through", "[atomic_dir]") {
    scratch_dir dir;
    fs::create_symlink("/dev/full", dir.path() / "organisations.csv");
    io::save_network(small_network(), dir.path());
    CHECK(!fs::is_symlink(dir.path() / "organisations.csv"));
    CHECK(io::load_network(dir.path()).organisation_count() == 2);
}
