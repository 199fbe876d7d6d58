#!/usr/bin/env bash
# Quick start, command 2: the whole suite: unit tests, integration tests against the real
# Keycloak 26.7.3 distribution (H2, and a two-node PostgreSQL cluster), browser tests in headless
# Chromium. Needs Java 17+; as root on Debian it installs what is missing (chromium, chromium-driver,
# postgresql, nginx) with apt, otherwise it says in one line what to install. Extra arguments go to Maven.
set -euo pipefail
cd "$(dirname "$0")"

# Chromium and ChromeDriver, found by running them (integration-tests/browser.sh installs them when missing).
browser=$(bash integration-tests/browser.sh 2>/tmp/zt-browser.$$) || { cat /tmp/zt-browser.$$ >&2; rm -f /tmp/zt-browser.$$; exit 1; }
browser_versions=$(cat /tmp/zt-browser.$$); rm -f /tmp/zt-browser.$$
chromium=$(sed -n 's/^chromium=//p' <<<"$browser")
chromedriver=$(sed -n 's/^chromedriver=//p' <<<"$browser")

# PostgreSQL for the two-node cluster tests (installed with apt when missing and we are root).
ZT_IT_POSTGRES_URL=$(bash integration-tests/postgres.sh)
export ZT_IT_POSTGRES_URL

# nginx, the reverse proxy in front of the cluster (docker/keycloak-proxy.conf.template; installed when missing).
ZT_IT_NGINX=$(bash integration-tests/nginx.sh)
export ZT_IT_NGINX

# What this run uses, before Maven starts (the wrapper downloads Maven on its first run).
maven=$(./mvnw -B --version 2>&1) || { echo "$maven" >&2; echo "The Maven wrapper does not run (./mvnw --version failed)" >&2; exit 1; }
echo "== Tools for this run"
echo "Java:       $(sed -n 's/^Java version: //p' <<<"$maven" | head -1)"
echo "Maven:      $(grep -m1 '^Apache Maven' <<<"$maven" | sed 's/ (.*//')"
sed 's/^Browser: /Chromium:   /; s/^Driver:  /ChromeDriver: /' <<<"$browser_versions"
echo "PostgreSQL: $(bash integration-tests/postgres.sh --version) ($ZT_IT_POSTGRES_URL)"
echo "nginx:      $(bash integration-tests/nginx.sh --version) ($ZT_IT_NGINX)"
echo "=="

exec ./mvnw -B verify -Dzt.chromium="$chromium" -Dzt.chromedriver="$chromedriver" "$@"
