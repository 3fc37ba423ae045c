#!/usr/bin/env bash
# The web console in a real browser: starts ./berth local on free ports and runs the Playwright
# tests (console/test) in Debian's Chromium; screenshots go to docs/screenshots/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT/console/test"
if [ ! -d node_modules/playwright-core ]; then
  npm install --no-audit --no-fund --loglevel=error >&2
fi
cd "$ROOT"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null || shuf -i 20000-60000 -n 1; }
API_PORT=$(free_port); PROXY_PORT=$(free_port)
TOKEN="console-test-token-$RANDOM$RANDOM"
LOG=$(mktemp)
# A data folder the test can reach into: it takes an instance's site down to see an incident open.
DATA=$(mktemp -d)
BERTH_ADMIN_TOKEN="$TOKEN" BERTH_LOCAL_WAIT_SCALE=0.5 ./berth local --port "$API_PORT" --proxy-port "$PROXY_PORT" --data "$DATA" > "$LOG" 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null || true; rm -rf "$LOG" "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$API_PORT/api/v1/health" >/dev/null && break
  kill -0 $PID 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 1
done
# ./berth local answers before its data servers are up (they start beside the API): the test launches
# instances with persistent data, so it waits until they are registered (the last one is local-storage).
for _ in $(seq 1 120); do
  curl -sf -H "Authorization: Bearer $TOKEN" "http://localhost:$API_PORT/api/v1/data-servers?limit=50" | grep -q '"local-storage"' && break
  kill -0 $PID 2>/dev/null || { cat "$LOG" >&2; exit 1; }
  sleep 1
done
# Screenshots go to a scratch folder; BERTH_SCREENSHOTS=docs/screenshots refreshes the README's.
SHOTS="${BERTH_SCREENSHOTS:-$(mktemp -d)}"
node console/test/console.test.mjs "http://localhost:$API_PORT" "$TOKEN" "$SHOTS" "$PROXY_PORT" "$DATA" || { tail -40 "$LOG" >&2; exit 1; }
