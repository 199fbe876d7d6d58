#!/usr/bin/env bash
# Long fuzzing run of one of the shell's parsers with Jazzer's own driver (the normal test run fuzzes each
# target for a few seconds only). Usage, from the repository root:
#   authenticators/fuzz.sh PostureTokenFuzzTest 600     # ten minutes
#   authenticators/fuzz.sh all 300                      # every target, five minutes each
# The targets live in the packages of the classes they fuzz (their parsers are package-private). The corpus
# grows in authenticators/target/fuzz-corpus/<target>/ (seeded from the committed inputs in
# src/test/resources/<package>/<target>Inputs/); a crash is written to authenticators/target/fuzz-findings/
# and the run stops with its stack trace. Copy a finding into the Inputs directory to keep it as a
# regression seed, add a unit test named after it, and fix the parser.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?"usage: authenticators/fuzz.sh <FuzzTest class, e.g. PostureTokenFuzzTest | all> [seconds]"}
seconds=${2:-300}
sources=authenticators/src/test/java
resources=authenticators/src/test/resources

# Through the reactor (never install): the core's classes come from policy-spi/target.
./mvnw -B -o -q test-compile dependency:build-classpath -pl authenticators -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/fuzz-classpath.txt >/dev/null
classpath="authenticators/target/test-classes:authenticators/target/classes:$(cat authenticators/target/fuzz-classpath.txt)"

if [[ $target == all ]]; then
  # ShellParsersFuzzTest only bundles the others for the short run in the module's tests.
  files=$(cd "$sources" && find . -name '*FuzzTest.java' ! -name ShellParsersFuzzTest.java | sed 's|^\./||' | sort)
else
  files=$(cd "$sources" && find . -name "$target.java" | sed 's|^\./||')
  [[ -n $files ]] || { echo "no fuzz target $target under $sources" >&2; exit 2; }
fi

for file in $files; do
  class=${file%.java}
  name=${class##*/}
  corpus=authenticators/target/fuzz-corpus/$name
  findings=authenticators/target/fuzz-findings/$name
  mkdir -p "$corpus" "$findings"
  seeds=()
  for dir in "$resources/${class}Inputs"/*/; do
    [[ -d $dir ]] && seeds+=("$dir")
  done
  echo "== $name for ${seconds}s"
  start=$(date +%s)
  java -Xmx1g -cp "$classpath" com.code_intelligence.jazzer.Jazzer \
      --target_class="${class//\//.}" \
      --instrumentation_includes='io.github.zerotrust.**:com.fasterxml.jackson.**:org.keycloak.jose.**:org.keycloak.util.**' \
      -max_total_time="$seconds" -artifact_prefix="$findings/" -print_final_stats=1 \
      "$corpus" "${seeds[@]}" 2>&1 | grep -E '^(#[0-9]+ *DONE|Done|stat::number_of_executed_units|stat::peak_rss|== Java Exception|	at io\.github|INFO: Crash|Caused by)' || true
  echo "== $name ran $(( $(date +%s) - start ))s; corpus $(ls "$corpus" | wc -l) inputs; findings $(ls "$findings" | wc -l)"
done
