#!/bin/sh
# Frontier Atlas on N Streamlit replicas behind nginx (deploy/nginx.conf), no root needed:
#     deploy/start.sh [REPLICAS] [PORT] [LISTEN] [more deploy/serve_replicas.py options]
#     e.g. deploy/start.sh 2 8501 127.0.0.1 --server-option runner.postScriptGC=false
# Runs until Ctrl-C or SIGTERM, then stops nginx and every replica.
set -eu
cd "$(dirname "$0")/.."
replicas="${1:-2}" port="${2:-8501}" listen="${3:-127.0.0.1}"
[ "$#" -gt 3 ] && shift 3 || shift "$#"
exec python deploy/serve_replicas.py --replicas "$replicas" --port "$port" --listen "$listen" "$@"
