#!/usr/bin/env bash
# Issue 19.5's cost table: a launch, an activation, 1,000 API calls, a sandbox-day and an idle month of the
# control plane, in dollars at AWS's prices, from the local runtime's records. Prints figures; asserts nothing.
#   bench/cost.sh [-Dbench.verbose=true]   (verbose: each schedule's share of the idle month)
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" CostBench "$@"
