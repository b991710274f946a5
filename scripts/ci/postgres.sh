#!/usr/bin/env bash
# Start a throwaway PostgreSQL cluster for the store package's tests and print the DSN:
#
#   eval "$(scripts/ci/postgres.sh)"   # exports SHIELD_TEST_POSTGRES
#   go test ./store/...
#
# Installs Debian's postgresql package when no server binaries are found (needs root; runs
# apt-get update once first), then creates a cluster under $SHIELD_PG_DIR (default
# /tmp/shield-pg) listening on 127.0.0.1:$SHIELD_PG_PORT (default 5433, beside a system
# cluster's 5432), with a login role and a database for the tests. Idempotent: a cluster that
# is already running is reused, a stopped one is started again.
# Stop it with: pg_ctl -D /tmp/shield-pg/data stop (as the user that owns the directory).
#
# Only the export line goes to stdout; progress goes to stderr.
set -euo pipefail

dir=${SHIELD_PG_DIR:-/tmp/shield-pg}
port=${SHIELD_PG_PORT:-5433}
role=shield
password=shield     # a throwaway cluster on loopback only; scram-sha-256 all the same
database=shield_test

log() { echo "postgres.sh: $*" >&2; }

find_bindir() {
	# The highest installed major version's server binaries (Debian keeps them off PATH).
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
	if [[ -n $d && -x $d/initdb && -x $d/pg_ctl ]]; then
		echo "$d"
	fi
}

bindir=$(find_bindir)
if [[ -z $bindir ]]; then
	if [[ $(id -u) -ne 0 ]]; then
		log "no PostgreSQL server found; install it first (as root: apt-get install -y postgresql)"
		exit 1
	fi
	log "installing postgresql (apt-get)"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq >&2
	apt-get install -y -qq --no-install-recommends postgresql >&2
	bindir=$(find_bindir)
	if [[ -z $bindir ]]; then
		log "postgresql installed but no /usr/lib/postgresql/*/bin/initdb found"
		exit 1
	fi
fi

# initdb and the server refuse to run as root: as root, run them as the postgres user (which
# the package creates); as anyone else, run them as that user.
if [[ $(id -u) -eq 0 ]]; then
	owner=postgres
	if ! id "$owner" >/dev/null 2>&1; then
		log "user $owner missing (the postgresql package creates it)"
		exit 1
	fi
	as_owner() { runuser -u "$owner" -- "$@"; }
else
	owner=$(id -un)
	as_owner() { "$@"; }
fi

mkdir -p "$dir"
chown "$owner" "$dir"
chmod 700 "$dir"
data=$dir/data

if [[ ! -s $data/PG_VERSION ]]; then
	log "initdb $data"
	rm -rf "$data"
	pwfile=$dir/superuser.pw
	# --no-locale: C collation and UTF8 whatever locales the machine has;
	# --no-sync: a test cluster need not survive a power cut.
	as_owner bash -c "umask 077; head -c 18 /dev/urandom | base64 > '$pwfile'"
	as_owner "$bindir/initdb" -D "$data" -U postgres --pwfile="$pwfile" --auth-local=trust \
		--auth-host=scram-sha-256 --encoding=UTF8 --no-locale --no-sync >&2
fi

if as_owner "$bindir/pg_ctl" -D "$data" status >/dev/null 2>&1; then
	log "cluster in $data already running"
else
	log "starting cluster on 127.0.0.1:$port"
	# The socket goes into $dir: /var/run/postgresql need not exist (the package's own
	# cluster is never started here).
	as_owner "$bindir/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
		-o "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir" start >&2 || {
		log "server failed to start; last lines of $dir/server.log:"
		tail -n 20 "$dir/server.log" >&2 || true
		exit 1
	}
fi

psql_admin() {
	as_owner "$bindir/psql" -h "$dir" -p "$port" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

# Idempotent role and database: create when missing, reset the password either way.
if [[ -z $(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'") ]]; then
	log "creating role $role"
	psql_admin -c "CREATE ROLE $role LOGIN" >&2
fi
psql_admin -c "ALTER ROLE $role PASSWORD '$password'" >&2
if [[ -z $(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$database'") ]]; then
	log "creating database $database"
	psql_admin -c "CREATE DATABASE $database OWNER $role" >&2
fi

dsn="postgres://$role:$password@127.0.0.1:$port/$database?sslmode=disable"
log "ready: $dsn"
echo "export SHIELD_TEST_POSTGRES='$dsn'"
