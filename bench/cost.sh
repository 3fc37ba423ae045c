#!/usr/bin/env bash
# Issue 19.5's cost table: a launch, an activation, 1,000 API calls, a sandbox-day and an idle month of the
# control plane, in dollars at AWS's prices, from the local runtime's records. Prints figures; asserts nothing.
#   bench/cost.sh [-Dbench.verbose=true]   (verbose: each schedule's share of the idle month)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
mvn -B -q install -DskipTests -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
export DDB_LOCAL_TELEMETRY=0
exec java "$@" -Dberth.root="$ROOT" -cp "bench/target/berth-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" dev.berth.bench.CostBench
