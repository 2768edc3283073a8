#!/usr/bin/env bash
# Installs the real clients the tests drive, and skips what is present:
#   - PostgreSQL 15 server and client (psql, pgbench, initdb for the oracle)
#   - psycopg 3 (and psycopg2, SQLAlchemy, the JDBC driver for later client
#     tests) from Debian, used with /usr/bin/python3
#   - node-postgres and pg-cursor from npm, into testdata/node
# Idempotent; needs root only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { echo "install-test-deps: $*"; }

pgbin="$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)"
need=()
[ -x "$pgbin/initdb" ] && [ -x "$pgbin/postgres" ] || need+=(postgresql-15)
command -v psql >/dev/null 2>&1 || [ -x "$pgbin/psql" ] || need+=(postgresql-client-15)
command -v pgbench >/dev/null 2>&1 || [ -x "$pgbin/pgbench" ] || need+=(postgresql-contrib-15)
/usr/bin/python3 -c 'import psycopg' 2>/dev/null || need+=(python3-psycopg)
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || need+=(python3-psycopg2)
/usr/bin/python3 -c 'import sqlalchemy' 2>/dev/null || need+=(python3-sqlalchemy)
[ -f /usr/share/java/postgresql.jar ] || need+=(libpostgresql-jdbc-java)
command -v node >/dev/null 2>&1 || need+=(nodejs)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		log "need root to install: ${need[*]}" >&2
		exit 1
	fi
	log "installing ${need[*]}"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
/usr/bin/python3 -c 'import psycopg' || { log "psycopg 3 is not importable by /usr/bin/python3" >&2; exit 1; }

# node-postgres: versions are pinned in testdata/node/package.json.
if ! (cd testdata/node && node -e 'require("pg"); require("pg-cursor")' 2>/dev/null); then
	log "installing node-postgres into testdata/node"
	(cd testdata/node && npm install --no-audit --no-fund --silent)
fi
(cd testdata/node && node -e 'require("pg"); require("pg-cursor")') || { log "node-postgres is not installed" >&2; exit 1; }
log "ok"
