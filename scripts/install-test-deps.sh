#!/usr/bin/env bash
# Installs what the tests need beyond Maven: nothing is assumed to be on a fresh machine but a JDK,
# Maven, Node.js and npm. Idempotent: a second run installs nothing.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

apt_packages=()
for need in $(cat "$ROOT/scripts/apt-packages.txt" 2>/dev/null | grep -v '^#' || true); do
  binary="${need%%:*}"; package="${need#*:}"
  command -v "$binary" >/dev/null 2>&1 || apt_packages+=("$package")
done
if [ "${#apt_packages[@]}" -gt 0 ]; then
  echo "== Installing Debian packages: ${apt_packages[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_packages[@]}"
fi

for installer in "$ROOT"/scripts/install.d/*.sh; do
  [ -e "$installer" ] || continue
  "$installer"
done
