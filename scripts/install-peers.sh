#!/usr/bin/env bash
# Installs the Debian packages that the real-peer tests start on 127.0.0.1 (see test/peers/).
# Idempotent: packages already installed are skipped, and apt is not touched when nothing is missing.
# Needs root (or sudo).
# Usage: scripts/install-peers.sh [--bench] [--check]
#   --bench  also the programs `npm run bench` compares against
#   --check  only list what is missing (exit 1 when something is)
set -euo pipefail

# One package per peer the test suite starts. Extended as collectors and backends gain real-peer tests.
PACKAGES=(
  openssl                  # generates the test CA and server certificates (valid, expired, self-signed, wrong name)
  dnsmasq                  # DNS with several A records per name on 127.0.0.1, for the https probe's per-IP tests
  prometheus-node-exporter # a real /metrics exposition (node_load1, a summary…) for the prometheus probe's tests
  sqlite3                  # the sqlite3 shell, which checks the store's file independently in the crash test
  kamailio                 # SIP OPTIONS over UDP/TCP and JSON-RPC statistics, for the sip_options and kamailio_rpc probes
  kamailio-tls-modules     # Kamailio's tls module: SIP OPTIONS over TLS with the test CA's certificate, for the sip_options probe
  snmpd                    # an SNMP v2c/v3 agent with numeric OIDs, for the snmp probe
  snmp                     # its command-line tools (snmpget), to cross-check what the probe reads
  postgresql-15            # primary + streaming replica, for the postgres probe (replication lag, archiver)
  mariadb-server           # primary + replica, for the mysql probe (replica lag, stopped replication)
  mariadb-client
  influxdb                 # InfluxDB 1.x (/write, /query), for the influxdb store's contract suite
  victoria-metrics         # VictoriaMetrics single node (v2 write API, Prometheus query API), for the victoriametrics store
  docker-compose           # `docker-compose config` validates docker-compose.yml (no engine is needed for that)
  chromium                 # headless browser for the dashboard's UI tests (driven by playwright-core)
)
BENCH_PACKAGES=(
  prometheus-blackbox-exporter # the HTTPS prober `npm run bench -- collector` measures noc against
)

wanted=("${PACKAGES[@]}")
check_only=false
for arg in "$@"; do
  case "$arg" in
    --bench) wanted+=("${BENCH_PACKAGES[@]}") ;;
    --check) check_only=true ;;
    *) echo "install-peers: unknown option $arg (expected --bench or --check)" >&2; exit 2 ;;
  esac
done

missing=()
for package in "${wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$package")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "install-peers: all ${#wanted[@]} peer packages present"
  exit 0
fi
if [ "$check_only" = true ]; then
  echo "install-peers: missing: ${missing[*]}"
  exit 1
fi

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-peers: installing ${missing[*]}"
$SUDO apt-get update -qq
# Packaged services must not start: the tests start their own instances on loopback.
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
