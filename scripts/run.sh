#!/usr/bin/env bash
# Installs what is needed, trains a model if none matches the current data, then runs the
# assistant: the action server (5055), the Rasa server (5005: REST, Socket.IO, Slack, Teams,
# and the HTTP API behind a token) and the demo web page with the widget (8080).
# Ctrl-C stops everything it started. Conversations are kept in rasa_tracker.db (SQLite) unless
# TRACKER_STORE_URL names another database; assessments in eligibility.db (ELIGIBILITY_DATABASE_URL).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"

ACTION_PORT=${ACTION_PORT:-5055}
RASA_PORT=${RASA_PORT:-5005}
WEB_PORT=${WEB_PORT:-8080}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://localhost:$ACTION_PORT/webhook}
# Comma-separated for the Socket.IO channel; space-separated for `rasa run --cors`.
export SOCKETIO_CORS_ORIGINS=${SOCKETIO_CORS_ORIGINS:-http://localhost:$WEB_PORT,http://127.0.0.1:$WEB_PORT}
CORS_ORIGINS=${CORS_ORIGINS:-${SOCKETIO_CORS_ORIGINS//,/ }}
if [ -z "${RASA_API_TOKEN:-}" ]; then
  RASA_API_TOKEN=$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(24))')
  token_note="(generated for this run; set RASA_API_TOKEN to choose one)"
else
  token_note="(from RASA_API_TOKEN)"
fi

echo; echo "==> Checking the model"
.venv/bin/python scripts/train_if_needed.py

pids=()
cleanup() {
  trap - INT TERM EXIT
  echo; echo "Stopping..."
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup INT TERM EXIT

echo; echo "==> Starting the action server on :$ACTION_PORT"
.venv/bin/python -m rasa_sdk --actions actions --port "$ACTION_PORT" & pids+=($!)
echo "==> Starting the Rasa server on :$RASA_PORT"
# shellcheck disable=SC2086
.venv/bin/rasa run --enable-api --auth-token "$RASA_API_TOKEN" --cors $CORS_ORIGINS \
  --port "$RASA_PORT" --credentials credentials.yml --endpoints endpoints.yml --model models \
  --log-file rasa.log & pids+=($!)
echo "==> Serving the demo page on :$WEB_PORT"
.venv/bin/python scripts/serve_web.py --port "$WEB_PORT" --server-url "http://localhost:$RASA_PORT" --quiet & pids+=($!)

printf "Waiting for the Rasa server to load the model"
for _ in $(seq 1 180); do
  if curl -fs "http://localhost:$RASA_PORT/status?token=$RASA_API_TOKEN" >/dev/null 2>&1; then break; fi
  printf "."; sleep 1
done
echo
cat <<MSG

The assistant is running.
  Website widget (demo page):  http://localhost:$WEB_PORT
  REST:      curl -s localhost:$RASA_PORT/webhooks/rest/webhook -d '{"sender":"me","message":"hi"}'
  Terminal:  in another shell,  make shell
  HTTP API:  token $token_note: $RASA_API_TOKEN
  Slack / Teams: see README "Slack" and "Microsoft Teams" (set their secrets, then restart).
Press Ctrl-C to stop everything.
MSG
wait -n "${pids[@]}"
echo "A server stopped; see rasa.log" >&2
