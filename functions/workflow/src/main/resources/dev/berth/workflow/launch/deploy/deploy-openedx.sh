#!/bin/sh
# Deploys Open edX on this VM with the configuration playbooks, run locally (ansible -c local):
# a deployment takes 1-2 hours, far longer than a Lambda may run, so the VM runs it itself.
set -eu
cd "$(dirname "$0")"
echo "berth: deploying $(grep '^berth_app_server_id' vars.yml)"
version=$(sed -n 's/^configuration_version: *//p' vars.yml)
repo=$(sed -n 's/^configuration_repo: *//p' vars.yml)
if [ ! -d configuration ]; then
  echo "berth: cloning $repo at $version"
  git clone --depth 1 --branch "$version" "$repo" configuration
fi
if [ ! -d venv ]; then
  python3 -m venv venv
  ./venv/bin/pip install -q -r configuration/requirements.txt
fi
cd configuration/playbooks
echo "berth: running openedx_native.yml"
../../venv/bin/ansible-playbook -c local -i localhost, openedx_native.yml -e @../../vars.yml
echo "berth: deployment finished"
