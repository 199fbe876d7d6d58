#!/usr/bin/env bash
# Quick start, command 2: the whole suite: unit tests, integration tests against the real
# Keycloak 26.7.3 distribution, browser tests in headless Chromium. Needs Java 17+; installs
# Debian's chromium and chromium-driver when they are missing and we are root, and starts PostgreSQL
# (installing it the same way) for the cluster tests.
set -euo pipefail
cd "$(dirname "$0")"

if [[ ! -x /usr/bin/chromium || ! -x /usr/bin/chromedriver ]]; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Chromium and ChromeDriver for the browser tests (apt) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >/dev/null
  else
    echo "Chromium is missing: run 'sudo apt-get install -y chromium chromium-driver' (Debian/Ubuntu), then run this again." >&2
    exit 1
  fi
fi

# PostgreSQL for the two-node cluster tests (installed with apt when missing and we are root).
ZT_IT_POSTGRES_URL=$(bash integration-tests/postgres.sh)
export ZT_IT_POSTGRES_URL

exec ./mvnw -B verify "$@"
