#!/usr/bin/env bash
# Builds the bench module with the modules it uses, then runs one benchmark's main class; the other
# bench/*.sh call it. Prints figures; asserts nothing.
#   bench/run.sh [--packages] <BenchClass> [java options...]
# --packages also makes the Lambda packages (R8 shrinks them, about two minutes): only bench/api.sh measures them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
packages=(-Dberth.shrink.skip=true)
if [[ "${1:-}" == "--packages" ]]; then packages=(); shift; fi
bench="$1"; shift
mvn -B -q install -DskipTests "${packages[@]}" -pl bench -am
mvn -B -q -pl bench dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -DincludeScope=runtime
export DDB_LOCAL_TELEMETRY=0
# Jars only on the class path: AppCDS refuses directories.
exec java "$@" -Dberth.root="$ROOT" -cp "bench/target/berth-bench-0.1.0-SNAPSHOT.jar:$(cat bench/target/classpath.txt)" "dev.berth.bench.$bench"
