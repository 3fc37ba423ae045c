#!/usr/bin/env bash
# Issue 11's benchmark: provisioning a full data set on real servers, and backing up and restoring 100 MB.
# Prints figures; asserts nothing.   bench/data.sh [-Dbench.instances=10] [-Dbench.megabytes=100]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q install -DskipTests -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
export DDB_LOCAL_TELEMETRY=0
exec java "$@" -Dberth.root="$ROOT" -cp "bench/target/berth-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" dev.berth.bench.DataBench
