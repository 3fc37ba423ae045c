#!/usr/bin/env bash
# Issue 19.4: p50/p99 of the API's read paths at 1k, 10k and 100k instances and a 1M-line log (DynamoDB Local, batch-seeded).
#   bench/scale.sh [-Dbench.sizes=1000,10000,100000] [-Dbench.calls=300] [-Dbench.logLines=1000000]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" ScaleBench "$@"
