#!/usr/bin/env bash
# Quick start, command 1: build the bundle, fetch Keycloak 26.7.3 from Maven Central (once),
# deploy the bundle, start Keycloak on H2 at http://localhost:8080 with the zero-trust-demo realm.
# Ctrl-C stops Keycloak. Needs Java 17+ (Maven comes with ./mvnw).
set -euo pipefail
cd "$(dirname "$0")"
echo "Building Keycloak Zero Trust (tests are run by ./run-tests.sh) ..."
./mvnw -B -q install -DskipTests
exec ./mvnw -B -q -pl integration-tests exec:java
