// The PostgreSQL backend of the store (libpq). This build has none: opening a
// postgresql:// location says so.

#include <furong/error.hpp>
#include <furong/store/sql.hpp>

namespace furong::sql {

std::unique_ptr<connection> open_postgresql(const std::string& url, int /*busy_timeout_ms*/) {
    throw store_error(url, "this furong was built without PostgreSQL (libpq)");
}

}  // namespace furong::sql
