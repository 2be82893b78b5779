#!/usr/bin/env bash
# `make cluster`: several Rasa servers sharing conversations, on this machine (127.0.0.1 only).
# Installs what is needed (the venv, Debian's postgresql, redis-server, haproxy), trains a model
# if none matches the data, then starts PostgreSQL, Redis, ACTION_REPLICAS action servers,
# RASA_REPLICAS Rasa servers and HAProxy on CLUSTER_PORT. Ctrl-C stops all of it.
#   RASA_REPLICAS=2 ACTION_REPLICAS=1 CLUSTER_PORT=5005 scripts/cluster.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/install_cluster_packages.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
exec .venv/bin/python scripts/local_cluster.py "$@"
