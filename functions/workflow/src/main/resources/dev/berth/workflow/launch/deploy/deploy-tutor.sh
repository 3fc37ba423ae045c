#!/bin/sh
# Deploys Open edX on this VM with Tutor, the way the Open edX project installs every current
# release (OEP-45). Berth uploaded deploy.json (what to deploy: no secret in it) and config.yml
# (Tutor's configuration, with the instance's keys: mode 0600, read by this user only). A
# deployment takes a while, so the VM runs it itself, detached; Berth tails this script's output.
# Nothing secret is ever passed on a command line.
set -eu
cd "$(dirname "$0")"
here=$(pwd)
export TUTOR_ROOT="$here/tutor"
export PATH="$HOME/.local/bin:$PATH"
field() {
  python3 - "$1" <<'PY'
import json, sys
value = json.load(open("deploy.json"))
for part in sys.argv[1].split("."):
    value = value.get(part) if isinstance(value, dict) else None
print("" if value is None else " ".join(value) if isinstance(value, list) else str(value).lower() if isinstance(value, bool) else value)
PY
}
version=$(field tutorVersion)
echo "berth: deploying $(field instanceName) ($(field lmsHost)) with Tutor $version on app server $(field appServerId)"

# Tutor itself, pinned: the image's own when it is that version, else a virtualenv of ours.
if command -v tutor >/dev/null 2>&1 && [ "$(tutor --version 2>/dev/null | sed 's/.* //')" = "$version" ]; then
  tutor=tutor
else
  echo "berth: installing $(field requirements)"
  python3 -m venv venv
  # shellcheck disable=SC2046 # the requirements are pip specs Berth validated (no spaces, no shell characters)
  ./venv/bin/pip install --quiet --disable-pip-version-check $(field requirements)
  tutor="$here/venv/bin/tutor"
fi

mkdir -p "$TUTOR_ROOT"
install -m 600 config.yml "$TUTOR_ROOT/config.yml"
for plugin in $(field plugins); do
  "$tutor" plugins enable "$plugin"
done
"$tutor" config save

build=no
if [ "$(field platform.fetch)" = "true" ]; then
  # Fetched by ref (a commit SHA works as well as a branch or a tag); "--" keeps them from being options.
  echo "berth: fetching edx-platform $(field platform.ref) from $(field platform.repository)"
  rm -rf edx-platform
  git init -q edx-platform
  git -C edx-platform fetch --quiet --depth 1 -- "$(field platform.repository)" "$(field platform.ref)"
  git -C edx-platform checkout --quiet FETCH_HEAD
  "$tutor" mounts add "$here/edx-platform"
  build=yes
fi
if [ -n "$(field theme.repository)" ]; then
  theme="$TUTOR_ROOT/env/build/openedx/themes/$(field theme.name)"
  echo "berth: fetching the theme $(field theme.name)"
  rm -rf "$theme"
  mkdir -p "$theme"
  git -C "$theme" init -q
  git -C "$theme" fetch --quiet --depth 1 -- "$(field theme.repository)" "$(field theme.ref)"
  git -C "$theme" checkout --quiet FETCH_HEAD
  build=yes
fi
if [ "$build" = "yes" ]; then
  "$tutor" images build openedx
fi

# Launch: images, containers, and the database migrations (do init), before this app server says it runs.
"$tutor" local launch --non-interactive
if [ -n "$(field theme.name)" ]; then
  "$tutor" local do settheme "$(field theme.name)"
fi
echo "berth: deployment finished"
