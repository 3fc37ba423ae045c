#!/bin/sh
# The local runtime's stand-in for an Open edX deployment: prints progress for a few seconds and
# publishes a page naming the instance and the app server, so that boot, SSH, detached deploy,
# log streaming and heartbeat all run for real on a laptop.
# Test knobs (in the instance's extra settings): berth_test_exit_code, berth_test_deploy_seconds.
set -eu
cd "$(dirname "$0")"
value() { sed -n "s/^$1: *//p" vars.yml | tr -d "'\""; }
server=$(value berth_app_server_id)
name=$(value berth_instance_name)
lms=$(value EDXAPP_LMS_BASE)
seconds=$(value berth_test_deploy_seconds); seconds=${seconds:-3}
exit_code=$(value berth_test_exit_code); exit_code=${exit_code:-0}
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
cat > ../www/index.html <<HTML
<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>$name</title></head>
<body><h1>$name</h1><p>Served by app server <code>$server</code> for <code>$lms</code>.</p></body></html>
HTML
echo "ok" > ../www/heartbeat
echo "berth: deployment finished"
