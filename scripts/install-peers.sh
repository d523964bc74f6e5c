#!/usr/bin/env bash
# Installs the Debian packages that the real-peer tests start on 127.0.0.1 (see test/peers/).
# Idempotent: packages already installed are skipped, and apt is not touched when nothing is missing.
# Needs root (or sudo). Usage: scripts/install-peers.sh [--check]  (--check only lists what is missing)
set -euo pipefail

# One package per peer the test suite starts. Extended as collectors and backends gain real-peer tests.
PACKAGES=(
  prometheus-node-exporter # a real /metrics exposition (node_load1, a summary…) for the prometheus probe's tests
  sqlite3 # the sqlite3 shell, used to inspect the embedded store in crash and integrity tests
  dnsmasq # DNS with several A records per name on 127.0.0.1, for the https probe's per-IP tests
)

missing=()
for package in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-peers: all ${#PACKAGES[@]} peer packages present"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "install-peers: missing: ${missing[*]}"
  exit 1
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-peers: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
