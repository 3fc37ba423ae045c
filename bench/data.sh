#!/usr/bin/env bash
# Issue 11's benchmark: provisioning a full data set on real servers, and backing up and restoring 100 MB.
# Prints figures; asserts nothing.   bench/data.sh [-Dbench.instances=10] [-Dbench.megabytes=100]
exec "$(dirname "${BASH_SOURCE[0]}")/run.sh" DataBench "$@"
