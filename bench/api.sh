#!/usr/bin/env bash
# Issue 2's benchmark: API handler cold start vs hello world, warm handler vs raw GetItem,
# for each SDK HTTP client. Prints figures; asserts nothing.
#   bench/api.sh [-Dbench.coldRuns=7] [-Dbench.warmCalls=3000] [-Dbench.jvmFlags="-XX:TieredStopAtLevel=1"]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q install -DskipTests -pl bench -am   # also shades functions/api/target/berth-api-lambda.jar
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
export DDB_LOCAL_TELEMETRY=0
# Jars only on the class path: AppCDS refuses directories.
exec java "$@" -Dberth.root="$ROOT" -cp "bench/target/berth-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" dev.berth.bench.ApiBench
