#!/usr/bin/env bash
# Issue 13's benchmark: time from a claim to `installed` with a warm pool vs from `pending`, and a
# command across 500 sites. Prints figures; asserts nothing.   bench/drupal.sh [-Dbench.samples=10] [-Dbench.sites=500]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" DrupalBench "$@"
