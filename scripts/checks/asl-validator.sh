#!/usr/bin/env bash
# Validates every state machine definition with asl-validator (npm), installed under .tools/ once.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools/asl-validator"
if [ ! -x "$TOOLS/node_modules/.bin/asl-validator" ]; then
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error asl-validator@4 >&2
fi
status=0
for definition in "$ROOT"/statemachines/*.asl.json; do
  if "$TOOLS/node_modules/.bin/asl-validator" --json-path "$definition" >/dev/null 2>/tmp/asl-validator.err; then
    echo "valid: ${definition#$ROOT/}"
  else
    echo "INVALID: ${definition#$ROOT/}" >&2
    cat /tmp/asl-validator.err >&2
    status=1
  fi
done
exit $status
