#!/usr/bin/env bash
# Installs the real clients the tests drive: Debian's psycopg (3 and 2),
# SQLAlchemy and the PostgreSQL JDBC driver, and node-postgres with
# pg-cursor (npm, into testdata/node). Idempotent; skips what is present.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
/usr/bin/python3 -c 'import psycopg' 2>/dev/null || need+=(python3-psycopg)
/usr/bin/python3 -c 'import psycopg2' 2>/dev/null || need+=(python3-psycopg2)
/usr/bin/python3 -c 'import sqlalchemy' 2>/dev/null || need+=(python3-sqlalchemy)
[ -f /usr/share/java/postgresql.jar ] || need+=(libpostgresql-jdbc-java)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "install-test-deps: need root to install: ${need[*]}" >&2
		exit 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq || true
	apt-get install -y -qq "${need[@]}"
fi

if command -v npm >/dev/null 2>&1; then
	mkdir -p testdata/node
	if [ ! -d testdata/node/node_modules/pg-cursor ]; then
		(cd testdata/node && [ -f package.json ] || echo '{"name":"entitydb-node-tests","private":true}' > package.json
		 cd testdata/node && npm install --no-audit --no-fund --silent pg@8 pg-cursor@2)
	fi
fi
echo "install-test-deps: ok"
