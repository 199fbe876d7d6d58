#!/usr/bin/env bash
# Unit test of integration-tests/browser.sh against fake binaries laid out as Debian lays out its
# own (a wrapper script, a symbolic link into /usr/lib), with nothing else on PATH. Run by Maven in the
# test phase of this module; also runnable alone: bash integration-tests/src/test/shell/browser-check-test.sh
set -uo pipefail
script="$(cd "$(dirname "$0")/../../.." && pwd)/browser.sh"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
pass() { echo "  ok   $1"; }
flunk() { echo "  FAIL $1"; failures=$((failures + 1)); }

# A PATH with only the tools the script needs, so the machine's real Chromium is never found.
mkdir -p "$tmp/tools"
for tool in bash grep head cut timeout id; do ln -s "$(command -v "$tool")" "$tmp/tools/$tool"; done

# A machine laid out like Debian's chromium 156: /usr/bin/chromium is a shell wrapper that prints noise
# on stderr, /usr/bin/chromedriver a relative symbolic link to ../lib/chromium/chromedriver.
machine() {
  local root=$1 cv=$2 dv=$3
  mkdir -p "$root/bin" "$root/lib/chromium"
  printf '#!/bin/sh\necho "/usr/bin/chromium: 9: [: 25275432960: unexpected operator" >&2\necho "Chromium %s built on Debian GNU/Linux 12 (bookworm)"\n' "$cv" >"$root/lib/chromium/chromium"
  printf '#!/bin/sh\nexec "%s" "$@"\n' "$root/lib/chromium/chromium" >"$root/bin/chromium"
  printf '#!/bin/sh\necho "ChromeDriver %s (ea19f9737303a76e07b53c6a1eec43355aca3b1d-refs/branch-heads/8078_108@{#5})"\n' "$dv" >"$root/lib/chromium/chromedriver"
  chmod +x "$root/bin/chromium" "$root/lib/chromium/chromium" "$root/lib/chromium/chromedriver"
  (cd "$root/bin" && ln -s ../lib/chromium/chromedriver chromedriver)
}

run() { # root, then extra args; stdout to $tmp/out, stderr to $tmp/err, exit code to $code
  local root=$1; shift
  env -i PATH="$root/bin:$tmp/tools" ZT_BROWSER_LIBDIR="${libdir:-$root/lib-elsewhere}" ZT_BROWSER_NO_INSTALL=1 bash "$script" "$@" >"$tmp/out" 2>"$tmp/err"
  code=$?
}

echo "browser.sh"

machine "$tmp/linked" 156.0.8078.114 156.0.8078.114
run "$tmp/linked"
if [[ $code -eq 0 ]] && grep -qx "chromium=$tmp/linked/bin/chromium" "$tmp/out" \
    && grep -qx "chromedriver=$tmp/linked/bin/chromedriver" "$tmp/out"; then
  pass "finds a symbolically linked driver and a wrapper-script browser"
else flunk "finds a symbolically linked driver and a wrapper-script browser (exit $code: $(cat "$tmp/out" "$tmp/err"))"; fi
if grep -q "Chromium 156.0.8078.114" "$tmp/err" && grep -q "ChromeDriver 156.0.8078.114" "$tmp/err" \
    && ! grep -q "unexpected operator" "$tmp/err"; then
  pass "prints both versions, without the wrapper's noise"
else flunk "prints both versions, without the wrapper's noise ($(cat "$tmp/err"))"; fi

run "$tmp/linked" --check "$tmp/linked/bin/chromium" "$tmp/linked/bin/chromedriver"
if [[ $code -eq 0 ]]; then pass "--check accepts the linked driver"; else flunk "--check accepts the linked driver ($(cat "$tmp/err"))"; fi

machine "$tmp/nodriver" 156.0.8078.114 156.0.8078.114
rm "$tmp/nodriver/bin/chromedriver" "$tmp/nodriver/lib/chromium/chromedriver"
run "$tmp/nodriver"
if [[ $code -ne 0 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "ChromeDriver is missing" "$tmp/err" \
    && grep -q "apt-get install" "$tmp/err" && [[ ! -s $tmp/out ]]; then
  pass "a missing driver fails with one line saying what to install"
else flunk "a missing driver fails with one line saying what to install (exit $code: $(cat "$tmp/err"))"; fi

machine "$tmp/unlinked" 156.0.8078.114 156.0.8078.114
rm "$tmp/unlinked/bin/chromedriver"
libdir="$tmp/unlinked/lib" run "$tmp/unlinked"
if [[ $code -eq 0 ]] && grep -qx "chromedriver=$tmp/unlinked/lib/chromium/chromedriver" "$tmp/out"; then
  pass "finds the driver in lib/chromium when nothing links it onto PATH"
else flunk "finds the driver in lib/chromium when nothing links it onto PATH (exit $code: $(cat "$tmp/out" "$tmp/err"))"; fi

machine "$tmp/dangling" 156.0.8078.114 156.0.8078.114
rm "$tmp/dangling/lib/chromium/chromedriver"
run "$tmp/dangling" --check "$tmp/dangling/bin/chromium" "$tmp/dangling/bin/chromedriver"
if [[ $code -ne 0 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "ChromeDriver does not run" "$tmp/err"; then
  pass "--check refuses a link that points nowhere, in one line"
else flunk "--check refuses a link that points nowhere, in one line (exit $code: $(cat "$tmp/err"))"; fi

machine "$tmp/nobrowser" 156.0.8078.114 156.0.8078.114
rm "$tmp/nobrowser/bin/chromium"
run "$tmp/nobrowser"
if [[ $code -ne 0 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "Chromium is missing" "$tmp/err"; then
  pass "a missing browser fails with one line"
else flunk "a missing browser fails with one line (exit $code: $(cat "$tmp/err"))"; fi

machine "$tmp/mismatch" 156.0.8078.114 150.0.7871.100
run "$tmp/mismatch"
if [[ $code -ne 0 && $(wc -l <"$tmp/err") -eq 1 ]] && grep -q "do not match" "$tmp/err"; then
  pass "a driver of another major version is refused, in one line"
else flunk "a driver of another major version is refused, in one line (exit $code: $(cat "$tmp/err"))"; fi

if [[ $failures -gt 0 ]]; then echo "browser.sh: $failures failure(s)"; exit 1; fi
echo "browser.sh: all passed"
