#!/usr/bin/env bash
# A throw-away PostgreSQL server for the tests of the PostgreSQL store (docs/store.md).
#
#   bash tools/postgres.sh start   # a fresh cluster on a free port of 127.0.0.1; prints its URL
#   bash tools/postgres.sh url     # prints the URL of the running one (exit 1 when none)
#   bash tools/postgres.sh stop    # stops it and removes its directory
#
# The URL is postgresql://postgres@127.0.0.1:PORT/furong_test (trust authentication, local
# connections only; the role furong_auth_test alone has to give its password,
# furong-auth-test, for the tests of refused logins) and is also written to build/postgres/url ($FURONG_POSTGRES_STATE
# chooses another directory). Usage from a script:
#   export FURONG_TEST_POSTGRESQL="$(bash tools/postgres.sh start)"
#
# The cluster lives in a temporary directory owned by the user postgres (the server refuses
# to run as root; as root the commands run through runuser), with fsync on, so commits are
# as durable as on a real server. Debian's binaries are used (/usr/lib/postgresql/<version>/bin,
# the newest version installed; $FURONG_PG_BINDIR overrides); when none is installed, start
# installs Debian's postgresql package. The package's own cluster (port 5432) is left alone:
# this server has its own port and socket directory.
#
# start reuses a server that is already running for this checkout; stop is safe to run at
# any time, also after a start that failed half-way. Messages go to stderr, the URL to stdout.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
state="${FURONG_POSTGRES_STATE:-$root/build/postgres}"
database=furong_test
say() { echo "postgres.sh: $*" >&2; }
die() { say "$*"; exit 1; }

find_bindir() {
  if [ -n "${FURONG_PG_BINDIR:-}" ]; then echo "$FURONG_PG_BINDIR"; return 0; fi
  local d best=""
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && best="$d"
  done
  [ -n "$best" ] && echo "$best"
}

install_postgresql() {
  command -v apt-get >/dev/null || die "no PostgreSQL server binaries found and no apt-get to install them"
  say "installing Debian's postgresql"
  local sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends postgresql >&2
}

# Runs a command as the user that owns the cluster: postgres when we are root, else ourselves.
as_owner() {
  if [ "$(id -u)" = 0 ]; then
    if command -v runuser >/dev/null; then
      runuser -u postgres -- "$@"
    else
      su postgres -s /bin/sh -c "$(printf '%q ' "$@")"
    fi
  else
    "$@"
  fi
}

free_port() {
  if command -v python3 >/dev/null; then
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
  else
    local p
    for _ in $(seq 50); do
      p=$((20000 + RANDOM % 20000))
      (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return 0; }
    done
    return 1
  fi
}

running() {  # true when the recorded server answers
  [ -f "$state/url" ] && [ -f "$state/dir" ] || return 1
  local dir; dir="$(cat "$state/dir")"
  [ -f "$dir/data/postmaster.pid" ] || return 1
  local bindir; bindir="$(find_bindir)" || return 1
  local port; port="$(sed -n 's|.*:\([0-9]*\)/.*|\1|p' "$state/url")"
  "$bindir/pg_isready" -q -h 127.0.0.1 -p "$port" -t 5
}

stop() {
  local dir=""
  [ -f "$state/dir" ] && dir="$(cat "$state/dir")"
  if [ -n "$dir" ] && [ -d "$dir" ]; then
    if [ -f "$dir/data/postmaster.pid" ]; then
      local bindir; bindir="$(find_bindir || true)"
      if [ -n "$bindir" ]; then
        as_owner "$bindir/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1 ||
          as_owner "$bindir/pg_ctl" -D "$dir/data" -m immediate -w -t 10 stop >/dev/null 2>&1 || true
      fi
      # Whatever still runs (pg_ctl missing or stuck): the postmaster by its pid.
      if [ -f "$dir/data/postmaster.pid" ]; then
        local pid; pid="$(head -1 "$dir/data/postmaster.pid" 2>/dev/null || true)"
        if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
          kill -KILL "$pid" 2>/dev/null || true
        fi
      fi
    fi
    case "$dir" in */furong-postgres.*) rm -rf "$dir" ;; esac
    say "stopped and removed $dir"
  fi
  rm -f "$state/url" "$state/dir"
}

start() {
  if running; then
    say "reusing the running server"
    cat "$state/url"
    return 0
  fi
  stop  # leftovers of an earlier run or of a start that failed half-way
  local bindir
  bindir="$(find_bindir)" || { install_postgresql; bindir="$(find_bindir)" || die "postgresql installed but no initdb found"; }
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    die "the user postgres does not exist (Debian's postgresql package creates it)"
  fi
  mkdir -p "$state"
  # As root the directory goes to /tmp, which the user postgres can reach ($TMPDIR may not be).
  local tmp="${TMPDIR:-/tmp}"; [ "$(id -u)" = 0 ] && tmp=/tmp
  local dir; dir="$(mktemp -d "$tmp/furong-postgres.XXXXXX")"
  echo "$dir" >"$state/dir"
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  say "initdb in $dir ($bindir)"
  as_owner "$bindir/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync \
    >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # One role that must give its password (the tests of refused logins): furong_auth_test,
  # password furong-auth-test; everything else is trusted.
  as_owner sed -i '0,/^local/s//host all furong_auth_test 127.0.0.1\/32 scram-sha-256\n&/' "$dir/data/pg_hba.conf"
  local port attempt
  for attempt in 1 2 3 4 5; do
    port="$(free_port)" || die "no free TCP port found"
    as_owner tee -a "$dir/data/postgresql.conf" >/dev/null <<EOF
# furong test server (tools/postgres.sh), attempt $attempt
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$dir'
fsync = on
synchronous_commit = on
full_page_writes = on
max_connections = 50
EOF
    if as_owner "$bindir/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null 2>&1; then
      break
    fi
    say "the server did not start on port $port (attempt $attempt):"
    tail -5 "$dir/server.log" >&2 || true
    port=""
  done
  [ -n "$port" ] || die "the server did not start; see $dir/server.log"
  as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres "$database" ||
    die "createdb $database failed"
  as_owner "$bindir/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d "$database" \
    -c "CREATE ROLE furong_auth_test LOGIN PASSWORD 'furong-auth-test'" >/dev/null ||
    die "cannot create the role furong_auth_test"
  local url="postgresql://postgres@127.0.0.1:$port/$database"
  echo "$url" >"$state/url"
  say "running on 127.0.0.1:$port (data in $dir)"
  echo "$url"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  url) [ -f "$state/url" ] && running || die "no server running (bash tools/postgres.sh start)"; cat "$state/url" ;;
  *) echo "usage: postgres.sh start|stop|url" >&2; exit 2 ;;
esac
