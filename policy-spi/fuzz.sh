#!/usr/bin/env bash
# Long fuzzing run of one core parser with Jazzer's own driver (the normal test run fuzzes each
# target for a few seconds only). Usage, from the repository root:
#   policy-spi/fuzz.sh ClientAddressFuzzTest 600     # ten minutes
#   policy-spi/fuzz.sh all 300                       # every target, five minutes each
# The corpus grows in policy-spi/target/fuzz-corpus/<target>/ (seeded from the committed inputs in
# src/test/resources/.../fuzz/<target>Inputs/); a crash is written to policy-spi/target/fuzz-findings/
# and the run stops with its stack trace. Copy a finding into the Inputs directory to keep it as a
# regression seed, and fix the parser.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?"usage: policy-spi/fuzz.sh <FuzzTest class, e.g. ClientAddressFuzzTest | all> [seconds]"}
seconds=${2:-300}
package=io.github.zerotrust.keycloak.fuzz
inputs=policy-spi/src/test/resources/io/github/zerotrust/keycloak/fuzz

./mvnw -B -o -q test-compile -pl policy-spi -am
./mvnw -B -o -q dependency:build-classpath -pl policy-spi -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/fuzz-classpath.txt >/dev/null
classpath="policy-spi/target/test-classes:policy-spi/target/classes:$(cat policy-spi/target/fuzz-classpath.txt)"

if [[ $target == all ]]; then
  targets=$(cd policy-spi/src/test/java/io/github/zerotrust/keycloak/fuzz && ls ./*FuzzTest.java | sed 's|^\./||; s|\.java$||')
else
  targets=$target
fi

for name in $targets; do
  corpus=policy-spi/target/fuzz-corpus/$name
  findings=policy-spi/target/fuzz-findings/$name
  mkdir -p "$corpus" "$findings"
  seeds=()
  for dir in "$inputs/${name}Inputs"/*/; do
    [[ -d $dir ]] && seeds+=("$dir")
  done
  hooks=()
  # The ticket pattern is an admin's regular expression by design (see EligibilityDraftFuzzTest).
  [[ $name == EligibilityDraftFuzzTest ]] && hooks=(--disabled_hooks=com.code_intelligence.jazzer.sanitizers.RegexInjection)
  echo "== $name for ${seconds}s"
  start=$(date +%s)
  java -Xmx1g -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
      --target_class="$package.$name" \
      --instrumentation_includes='io.github.zerotrust.**:inet.ipaddr.**:com.maxmind.**' "${hooks[@]}" \
      -max_total_time="$seconds" -artifact_prefix="$findings/" -print_final_stats=1 \
      "$corpus" "${seeds[@]}" 2>&1 | grep -E '^(#[0-9]+ *DONE|Done|stat::number_of_executed_units|stat::peak_rss|== Java Exception|	at io\.github|INFO: Crash)' || true
  echo "== $name ran $(( $(date +%s) - start ))s; corpus $(ls "$corpus" | wc -l) inputs; findings $(ls "$findings" | wc -l)"
done
