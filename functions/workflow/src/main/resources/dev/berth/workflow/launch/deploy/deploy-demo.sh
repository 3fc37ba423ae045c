#!/bin/sh
# The local runtime's stand-in for an Open edX deployment: prints progress for a few seconds and
# publishes a page naming the instance and the app server, so that boot, SSH, detached deploy,
# log streaming and heartbeat all run for real on a laptop. It reads deploy.json with a JSON
# parser and escapes what it writes into HTML.
# Test knobs (the instance's extra settings): berth_test_exit_code, berth_test_deploy_seconds.
set -eu
cd "$(dirname "$0")"
field() {
  python3 - "$1" <<'PY'
import json, sys
value = json.load(open("deploy.json"))
for part in sys.argv[1].split("."):
    value = value.get(part) if isinstance(value, dict) else None
print("" if value is None else value)
PY
}
server=$(field appServerId)
name=$(field instanceName)
lms=$(field lmsHost)
seconds=$(field test.deploySeconds); seconds=${seconds:-3}
exit_code=$(field test.exitCode); exit_code=${exit_code:-0}
echo "berth: deploying $name ($lms) on app server $server"
i=1
while [ "$i" -le "$seconds" ]; do
  echo "TASK [demo : step $i of $seconds] ********"
  echo "ok: [localhost]"
  sleep 1
  i=$((i + 1))
done
if [ "$exit_code" != "0" ]; then
  echo "fatal: [localhost]: FAILED! => {\"msg\": \"demo deployment asked to fail with $exit_code\"}"
  exit "$exit_code"
fi
mkdir -p ../www
python3 - > ../www/index.html <<'PY'
import html, json
d = json.load(open("deploy.json"))
name, server, lms = (html.escape(str(d[k])) for k in ("instanceName", "appServerId", "lmsHost"))
print(f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><title>{name}</title></head>\n'
      f'<body><h1>{name}</h1><p>Served by app server <code>{server}</code> for <code>{lms}</code>.</p></body></html>')
PY
echo "ok" > ../www/heartbeat
echo "berth: deployment finished"
