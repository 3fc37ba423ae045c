#!/usr/bin/env bash
# Runs every test of the project: installs what the tests need (Debian packages, npm tools), then the
# Maven build with all modules' tests, then the checks that live outside Maven. This is what CI runs.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
started=$(date +%s)

"$ROOT/scripts/install-test-deps.sh"

echo "== Maven: build and unit/integration tests of every module"
mvn -B --no-transfer-progress -Dstyle.color=never install "$@"

# Surefire can report success with zero tests (see build-notes): count them.
total=0
for report in $(find "$ROOT" -path '*/target/surefire-reports/*.xml' -not -path '*/node_modules/*'); do
  n=$(grep -o 'tests="[0-9]*"' "$report" | head -1 | tr -dc 0-9)
  total=$((total + ${n:-0}))
done
echo "== JUnit tests run: $total"
if [ "$total" -eq 0 ]; then
  echo "No JUnit test ran: the surefire configuration is broken" >&2
  exit 1
fi

for check in "$ROOT"/scripts/checks/*.sh; do
  [ -e "$check" ] || continue
  echo "== $(basename "$check")"
  "$check"
done

echo "== All tests passed in $(( $(date +%s) - started )) s"
