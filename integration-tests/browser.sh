#!/usr/bin/env bash
# Chromium and ChromeDriver for the browser tests, found by running them (not by looking for files:
# Debian lays them out as a wrapper script and a symbolic link, and the layout moves between releases).
#
#   browser.sh                       find both (installing Debian's chromium and chromium-driver with apt
#                                    when missing and we are root); print "chromium=<path>" and
#                                    "chromedriver=<path>" on stdout, their versions on stderr
#   browser.sh --check <chromium> <chromedriver>
#                                    check two given paths the same way (Maven runs this before the
#                                    integration tests); print the versions
#
# Fails with one line saying what to do when either is missing, does not run, or the two do not match.
# ZT_CHROMIUM / ZT_CHROMEDRIVER choose other binaries; ZT_BROWSER_LIBDIR replaces /usr/lib in the
# fallback paths; ZT_BROWSER_NO_INSTALL=1 never installs.
set -uo pipefail

say() { echo "$*" >&2; }
fail() { say "$*"; exit 1; }

# The version a binary prints of itself ("Chromium 156.0.8078.114 built on ...", "ChromeDriver 156...."),
# or nothing when it does not run. Chromium's wrapper may print shell noise on stderr; only stdout counts.
version_of() {
  local out
  out=$(timeout 30 "$1" --version 2>/dev/null) || return 1
  out=$(printf '%s\n' "$out" | grep -E '[0-9]+\.[0-9]+\.[0-9]+' | head -1)
  [[ -n $out ]] || return 1
  printf '%s\n' "$out"
}

# The first of the candidates (names on PATH or paths) that runs and prints a version.
find_tool() {
  local candidate path
  for candidate in "$@"; do
    [[ -n $candidate ]] || continue
    if [[ $candidate == */* ]]; then path=$candidate; else path=$(command -v "$candidate" 2>/dev/null) || continue; fi
    if version_of "$path" >/dev/null; then
      printf '%s\n' "$path"
      return 0
    fi
  done
  return 1
}

major() { grep -oE '[0-9]+\.[0-9]+\.[0-9]+' <<<"$1" | head -1 | cut -d. -f1; }

# Both binaries run, and they are the same major version (ChromeDriver refuses any other Chromium).
verify_pair() {
  local chromium=$1 driver=$2 cv dv
  cv=$(version_of "$chromium") || fail "Chromium does not run: '$chromium --version' failed. Install it: apt-get install -y chromium chromium-driver (or run ./run-tests.sh as root)"
  dv=$(version_of "$driver") || fail "ChromeDriver does not run: '$driver --version' failed. Install it: apt-get install -y chromium chromium-driver (or run ./run-tests.sh as root)"
  [[ $(major "$cv") == "$(major "$dv")" ]] || fail "Chromium and ChromeDriver do not match: '$cv' at $chromium, '$dv' at $driver. Install both from one source: apt-get install -y chromium chromium-driver"
  say "Browser: $cv ($chromium)"
  say "Driver:  $dv ($driver)"
}

lib=${ZT_BROWSER_LIBDIR:-/usr/lib}
chromium_candidates=("${ZT_CHROMIUM:-}" chromium chromium-browser "$lib/chromium/chromium")
driver_candidates=("${ZT_CHROMEDRIVER:-}" chromedriver "$lib/chromium/chromedriver" "$lib/chromium-browser/chromedriver")

if [[ ${1:-} == --check ]]; then
  [[ $# -eq 3 ]] || fail "usage: browser.sh --check <chromium> <chromedriver>"
  verify_pair "$2" "$3"
  exit 0
fi

chromium=$(find_tool "${chromium_candidates[@]}")
driver=$(find_tool "${driver_candidates[@]}")
if [[ -z $chromium || -z $driver ]]; then
  if [[ $(id -u) -eq 0 && -z ${ZT_BROWSER_NO_INSTALL:-} ]] && command -v apt-get >/dev/null; then
    say "Installing Chromium and ChromeDriver for the browser tests (apt) ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || fail "apt-get update failed: cannot install Chromium for the browser tests"
    apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2 \
      || fail "apt-get install chromium chromium-driver failed: the browser tests need both"
    chromium=$(find_tool "${chromium_candidates[@]}")
    driver=$(find_tool "${driver_candidates[@]}")
  fi
fi
[[ -n $chromium ]] || fail "Chromium is missing (no runnable chromium on PATH or in /usr/lib/chromium): apt-get install -y chromium chromium-driver, or run ./run-tests.sh as root"
[[ -n $driver ]] || fail "ChromeDriver is missing (no runnable chromedriver on PATH or in /usr/lib/chromium): apt-get install -y chromium-driver, or run ./run-tests.sh as root"
verify_pair "$chromium" "$driver"
echo "chromium=$chromium"
echo "chromedriver=$driver"
