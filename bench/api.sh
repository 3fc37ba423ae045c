#!/usr/bin/env bash
# Issue 19.1's benchmark: cold start of hello world, the floor (a bare DynamoDbClient + one GetItem)
# and each Lambda package jar, each plain and with the best archive of the JDK that runs the probes
# (AppCDS on 17/21, the AOT cache on 25+), with ratios to hello world and to the floor; then the warm
# handler against a raw GetItem for each SDK HTTP client. Prints figures; asserts nothing.
#   bench/api.sh [-Dbench.coldRuns=7] [-Dbench.warmCalls=3000 (0: skip)] [-Dbench.jvmFlags="-XX:TieredStopAtLevel=1"]
#                [-Dbench.packages=functions/api/target/berth-api-lambda.jar,...  (default: every functions/*/target/*-lambda.jar)]
#                [-Dbench.java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java  (or BENCH_JAVA=...; default: the java running the bench)]
set -euo pipefail
JAVA_FOR_PROBES=()
if [[ -n "${BENCH_JAVA:-}" ]]; then JAVA_FOR_PROBES=("-Dbench.java=$BENCH_JAVA"); fi
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" --packages ApiBench "${JAVA_FOR_PROBES[@]}" "$@"
