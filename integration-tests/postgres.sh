#!/usr/bin/env bash
# PostgreSQL for the cluster tests: installs Debian's postgresql when missing (as root), starts the
# local cluster, and (re)creates the database zt_it_cluster owned by role zt_it. Prints the JDBC URL.
# Called by run-tests.sh; safe to run again.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null || [[ -z $(ls /usr/lib/postgresql 2>/dev/null) ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing PostgreSQL for the cluster tests (apt) ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends postgresql >/dev/null
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
for _ in $(seq 1 30); do as_postgres "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break; sleep 1; done
as_postgres "psql -p $port -v ON_ERROR_STOP=1 -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'zt_it') THEN CREATE ROLE zt_it LOGIN PASSWORD 'zt_it'; END IF; END \\\$\\\$;\"" >&2
as_postgres "psql -p $port -v ON_ERROR_STOP=1 -q -c 'DROP DATABASE IF EXISTS zt_it_cluster WITH (FORCE)' -c 'CREATE DATABASE zt_it_cluster OWNER zt_it'" >&2
echo "jdbc:postgresql://127.0.0.1:$port/zt_it_cluster"
