#!/usr/bin/env bash
# PostgreSQL for the cluster tests: installs Debian's postgresql when missing (as root), starts the
# local cluster, and (re)creates the database zt_it_cluster (or $ZT_IT_POSTGRES_DB) owned by role zt_it.
# Prints the JDBC URL.
# Called by run-tests.sh; safe to run again. With --version: prints the running server's version only.
set -euo pipefail
# Checked by running the tools, not by looking for files: the newest server binary and Debian's cluster tools.
server_runs() {
  local postgres
  postgres=$(ls -d /usr/lib/postgresql/*/bin/postgres 2>/dev/null | sort -V | tail -1)
  [[ -n $postgres ]] && "$postgres" --version >/dev/null 2>&1 && pg_lsclusters -h >/dev/null 2>&1
}
if ! server_runs; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL for the cluster tests (apt) ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
    server_runs || { echo "PostgreSQL was installed but does not run (postgres --version, pg_lsclusters)" >&2; exit 1; }
  else
    echo "PostgreSQL is missing: run 'sudo apt-get install -y postgresql', then run this again." >&2
    exit 1
  fi
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -1)
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main"' | grep -q .; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" {print $3}')
as_postgres() { if [[ $(id -u) -eq 0 ]]; then su postgres -c "$1"; else sudo -u postgres sh -c "$1"; fi; }
if [[ ${1:-} == --version ]]; then
  as_postgres "psql -p $port -tAc 'show server_version'"
  exit 0
fi
for _ in $(seq 1 30); do as_postgres "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
as_postgres "psql -p $port -v ON_ERROR_STOP=1 -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zt_it') THEN CREATE ROLE zt_it LOGIN PASSWORD 'zt_it'; END IF; END \\\$\\\$;\"" >&2
db=${ZT_IT_POSTGRES_DB:-zt_it_cluster}
[[ $db =~ ^[a-z_][a-z0-9_]{0,62}$ ]] || { echo "ZT_IT_POSTGRES_DB must be a plain lower-case name: $db" >&2; exit 1; }
as_postgres "psql -p $port -v ON_ERROR_STOP=1 -q -c 'DROP DATABASE IF EXISTS $db WITH (FORCE)' -c 'CREATE DATABASE $db OWNER zt_it'" >&2
echo "jdbc:postgresql://127.0.0.1:$port/$db"
