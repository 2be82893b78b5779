#!/usr/bin/env bash
# Installs what is needed and runs every check: the rule lint, Rasa's data validation, the trained
# model's test stories, then pytest (rules, NLU, actions, whole conversations over HTTP, the widget
# in headless Chromium, Slack and Teams against a real Rasa server, two Rasa servers on PostgreSQL +
# Redis behind HAProxy in tests/cluster). Extra arguments go to pytest (`-m cluster`: only those).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --test
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
step() { printf '\n==> %s\n' "$*"; }

step "Rule files: python -m eligibility lint"
.venv/bin/python -m eligibility lint
step "Rasa data: rasa data validate --domain domain --fail-on-warnings"
.venv/bin/rasa data validate --domain domain --fail-on-warnings --quiet
step "Model: train if it does not match the data"
.venv/bin/python scripts/train_if_needed.py
step "Test stories: rasa test core --fail-on-prediction-errors"
.venv/bin/rasa test core --stories tests/stories --fail-on-prediction-errors --out results/core --quiet
step "pytest"
set +e
.venv/bin/pytest "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
  echo "error: pytest collected no tests" >&2
  exit 1
fi
exit "$status"
