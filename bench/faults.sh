#!/usr/bin/env bash
# Fault test: the load mix of bench/load.py while the task worker is restarted and the machine's
# PostgreSQL is stopped for a few seconds. PostgreSQL is started again whatever happens (trap).
# It is a shared server: run this once, briefly, and not while others depend on it.
set -euo pipefail
cd "$(dirname "$0")/.."
CLUSTER_VERSION="$(ls /etc/postgresql | sort -V | tail -n 1)"
restart_postgres() {
  if ! pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_VERSION" main status >/dev/null 2>&1; then
    echo "faults.sh: starting PostgreSQL again"
    pg_ctlcluster --skip-systemctl-redirect "$CLUSTER_VERSION" main start
  fi
}
trap restart_postgres EXIT INT TERM
.venv/bin/python bench/load.py --faults "$@"
