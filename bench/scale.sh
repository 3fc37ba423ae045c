#!/usr/bin/env bash
# Issue 19.4: p50/p99 of the API's read paths at 1k, 10k and 100k instances and a 1M-line log (DynamoDB Local, batch-seeded).

#   bench/scale.sh [-Dbench.sizes=1000,10000,100000] [-Dbench.calls=300] [-Dbench.logLines=1000000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q install -DskipTests -pl bench -am   # also shades functions/api/target/berth-api-lambda.jar (and -full-)
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
export DDB_LOCAL_TELEMETRY=0
# Jars only on the class path: AppCDS refuses directories.
exec java "$@" -Dberth.root="$ROOT" -cp "bench/target/berth-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" dev.berth.bench.ScaleBench
