#!/usr/bin/env bash
# PolicyKB beyond one machine, on one machine: one PostgreSQL database, N `policykb worker`
# processes, M `policykb serve --no-worker` web nodes, one originals folder they all share, and
# an nginx configuration that puts the web nodes behind one address.
#
#   POLICYKB_DATABASE_URL=postgresql://user:pass@db/policykb deploy/cluster.sh start
#   deploy/cluster.sh status      # queue, workers and each node's index lag (policykb status)
#   deploy/cluster.sh stop
#
# Settings (environment):
#   POLICYKB_DATABASE_URL   required: the one database every process shares
#   POLICYKB_ORIGINALS_URL  where the originals live (default file://$CLUSTER_DIR/originals; on
#                           several machines a shared mount or s3://bucket/prefix)
#   POLICYKB_SECRET_KEY     the session key, the same on every web node (default: made once, kept in
#                           $CLUSTER_DIR/secret_key), so a login works whichever node answers
#   CLUSTER_DIR             where each process's data folder, logs and pid files go (default ./cluster)
#   WORKERS, WEB_NODES      how many of each (default 2 and 2)
#   HOST, BASE_PORT         web node j listens on HOST:BASE_PORT+j-1 (default 127.0.0.1:8001)
#   POLICYKB                the command (default: .venv/bin/policykb if present, else policykb)
#   READY_TIMEOUT           seconds to wait for every web node's /readyz (default 300)
#   WORKER_ARGS, SERVE_ARGS more options for `policykb worker` / `policykb serve`
#   POLICYKB_MODEL_CACHE    where the embedding model's ONNX file is built once per machine (default
#                           ~/.cache/policykb/models, shared by every process of the user)
#
# On several machines, run the same commands per machine with WORKERS / WEB_NODES set for that
# machine (e.g. WEB_NODES=0 on a worker machine), the same database URL, originals URL and secret key.
set -euo pipefail

cmd=${1:-start}
CLUSTER_DIR=${CLUSTER_DIR:-./cluster}
mkdir -p "$CLUSTER_DIR"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
WORKERS=${WORKERS:-2}
WEB_NODES=${WEB_NODES:-2}
HOST=${HOST:-127.0.0.1}
BASE_PORT=${BASE_PORT:-8001}
READY_TIMEOUT=${READY_TIMEOUT:-300}
WORKER_ARGS=${WORKER_ARGS:-}   # more options for `policykb worker` (e.g. --lease-s 20)
SERVE_ARGS=${SERVE_ARGS:-}     # more options for `policykb serve`
if [[ -z "${POLICYKB:-}" ]]; then
  if [[ -x .venv/bin/policykb ]]; then POLICYKB=.venv/bin/policykb; else POLICYKB=policykb; fi
fi
PIDS=$CLUSTER_DIR/pids
LOGS=$CLUSTER_DIR/logs

: "${POLICYKB_DATABASE_URL:?set POLICYKB_DATABASE_URL=postgresql://... (the one database all processes share)}"
export POLICYKB_DATABASE_URL
export POLICYKB_ORIGINALS_URL=${POLICYKB_ORIGINALS_URL:-file://$CLUSTER_DIR/originals}
if [[ -z "${POLICYKB_SECRET_KEY:-}" ]]; then
  if [[ ! -s "$CLUSTER_DIR/secret_key" ]]; then
    (umask 077 && python3 -c 'import secrets; print(secrets.token_urlsafe(48))' > "$CLUSTER_DIR/secret_key")
  fi
  POLICYKB_SECRET_KEY=$(cat "$CLUSTER_DIR/secret_key")
fi
export POLICYKB_SECRET_KEY

start_one() {  # name, then the policykb arguments after --data
  local name=$1; shift
  if [[ -s "$PIDS/$name.pid" ]] && kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then
    echo "$name already runs (pid $(cat "$PIDS/$name.pid"))"; return
  fi
  # exec: the pid file holds policykb's own pid, so `stop` (and a test's SIGKILL) reaches it
  nohup bash -c 'exec "$@"' _ "$POLICYKB" --data "$CLUSTER_DIR/$name" "$@" >> "$LOGS/$name.log" 2>&1 < /dev/null &
  echo $! > "$PIDS/$name.pid"
  echo "started $name (pid $!): policykb $*"
}

wait_ready() {  # url: wait for /readyz, then one search, which loads the embedding model (and builds its
  # ONNX file the first time), so the first user's search does not wait for that
  local url=$1 deadline=$((SECONDS + READY_TIMEOUT))
  until python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$url/readyz" 2>/dev/null; do
    if (( SECONDS > deadline )); then echo "$url: not ready after ${READY_TIMEOUT}s (see $LOGS)" >&2; return 1; fi
    sleep 0.5
  done
  python3 -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=int(sys.argv[2]))' \
    "$url/api/search?q=warm+up&k=1" "$READY_TIMEOUT" > /dev/null
  echo "ready: $url"
}

write_nginx_conf() {
  {
    echo "# nginx: the web nodes behind one address (include in the http block; TLS left to you)"
    echo "upstream policykb {"
    for ((j = 1; j <= WEB_NODES; j++)); do echo "    server $HOST:$((BASE_PORT + j - 1)) max_fails=2 fail_timeout=5s;"; done
    echo "}"
    echo "server {"
    echo "    listen 8000;"
    echo "    client_max_body_size 51m;                     # POLICYKB_MAX_FILE_MB plus form fields"
    echo "    location / {"
    echo "        proxy_pass http://policykb;"
    echo "        proxy_set_header Host \$host;"
    echo "        proxy_set_header X-Request-ID \$request_id;  # the same id in nginx's log and PolicyKB's"
    echo "        proxy_next_upstream error timeout http_502 http_503;"
    echo "    }"
    echo "}"
  } > "$CLUSTER_DIR/nginx.conf"
}

case $cmd in
  start)
    mkdir -p "$PIDS" "$LOGS"
    "$POLICYKB" --data "$CLUSTER_DIR/migrate" migrate   # once, before the processes start
    # shellcheck disable=SC2086  # WORKER_ARGS / SERVE_ARGS are word lists on purpose
    for ((i = 1; i <= WORKERS; i++)); do start_one "worker-$i" worker --name "$(hostname)-worker-$i" $WORKER_ARGS; done
    for ((j = 1; j <= WEB_NODES; j++)); do
      # shellcheck disable=SC2086
      start_one "web-$j" serve --no-worker --host "$HOST" --port "$((BASE_PORT + j - 1))" $SERVE_ARGS
    done
    write_nginx_conf
    for ((j = 1; j <= WEB_NODES; j++)); do wait_ready "http://$HOST:$((BASE_PORT + j - 1))"; done
    echo "nginx configuration for these nodes: $CLUSTER_DIR/nginx.conf"
    ;;
  stop)
    shopt -s nullglob
    for f in "$PIDS"/*.pid; do
      pid=$(cat "$f")
      kill -TERM "$pid" 2>/dev/null || true   # a worker gives its job back to the queue on SIGTERM
    done
    for f in "$PIDS"/*.pid; do
      pid=$(cat "$f")
      for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -KILL "$pid" 2>/dev/null || true
      rm -f "$f"
    done
    echo "stopped"
    ;;
  status)
    "$POLICYKB" --data "$CLUSTER_DIR/migrate" status
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2; exit 2
    ;;
esac
