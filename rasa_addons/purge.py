"""Retention purge: delete conversations and assessments older than the retention window.

    python -m rasa_addons.purge --days 30

Conversations (tracker events, TRACKER_STORE_URL / TRACKER_STORE_DB) whose last message is older
than the window are deleted whole; assessments (ELIGIBILITY_DATABASE_URL) made before it are
deleted. Run daily (the Kubernetes CronJob in deploy/ does).
"""
from __future__ import annotations

import argparse
import logging


def purge(days: float) -> dict:
    from eligibility.store import AssessmentStore
    from rasa_addons.tracker_store import EnvSQLTrackerStore

    conversations = EnvSQLTrackerStore().purge_idle_conversations(days)
    assessments = AssessmentStore().purge_older_than(int(days))
    return {"conversations": conversations, "assessments": assessments}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m rasa_addons.purge", description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=float, required=True, help="retention window in days")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    result = purge(args.days)
    print(f"deleted {result['conversations']} conversation(s) and {result['assessments']} assessment(s) "
          f"older than {args.days:g} day(s)")


if __name__ == "__main__":
    main()
