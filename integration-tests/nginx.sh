#!/usr/bin/env bash
# nginx for the cluster tests' reverse proxy (ProxyClusterIT renders docker/keycloak-proxy.conf.template for it):
# installs Debian's nginx when missing (as root), checked by running it. Prints the binary's path.
# Called by run-tests.sh; safe to run again. With --version: prints the version only.
set -euo pipefail
nginx_runs() { local bin; bin=$(command -v nginx || echo /usr/sbin/nginx); "$bin" -v >/dev/null 2>&1; }
if ! nginx_runs; then
  if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing nginx for the cluster tests' proxy (apt) ..." >&2
    export DEBIAN_FRONTEND=noninteractive
    # Debian's package starts a system nginx on port 80 where it can; the tests run their own, so keep it stopped.
    policy=/usr/sbin/policy-rc.d; made_policy=
    if [[ ! -e $policy ]]; then printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod +x "$policy"; made_policy=1; fi
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends nginx >/dev/null || { [[ -n $made_policy ]] && rm -f "$policy"; exit 1; }
    [[ -n $made_policy ]] && rm -f "$policy"
    nginx_runs || { echo "nginx was installed but does not run (nginx -v)" >&2; exit 1; }
  else
    echo "nginx is missing: run 'sudo apt-get install -y nginx', then run this again." >&2
    exit 1
  fi
fi
bin=$(command -v nginx || echo /usr/sbin/nginx)
if [[ ${1:-} == --version ]]; then
  "$bin" -v 2>&1 | sed 's/^nginx version: //'
  exit 0
fi
echo "$bin"
