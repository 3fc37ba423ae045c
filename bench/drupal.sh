#!/usr/bin/env bash
# Issue 13's benchmark: time from a claim to `installed` with a warm pool vs from `pending`, and a
# command across 500 sites. Prints figures; asserts nothing.   bench/drupal.sh [-Dbench.samples=10] [-Dbench.sites=500]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q install -DskipTests -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
export DDB_LOCAL_TELEMETRY=0
exec java "$@" -Dberth.root="$ROOT" -cp "bench/target/berth-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" dev.berth.bench.DrupalBench
