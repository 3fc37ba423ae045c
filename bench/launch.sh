#!/usr/bin/env bash
# Issue 3's benchmark: control-plane overhead and state transitions of one local launch with a
# no-op deploy. Prints figures; asserts nothing.   bench/launch.sh [-Dbench.runs=5]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" LaunchBench "$@"
