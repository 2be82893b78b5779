import argparse
import os

from sqlalchemy import create_engine

from eligibility.migrations import current, downgrade, head, upgrade
from eligibility.store import DEFAULT_URL

parser = argparse.ArgumentParser(prog="python -m eligibility.migrations",
                                 description="migrate the assessment store's schema")
parser.add_argument("command", choices=["upgrade", "downgrade", "current", "head"])
parser.add_argument("revision", nargs="?", default=None)
parser.add_argument("--url", default=os.environ.get("ELIGIBILITY_DATABASE_URL") or DEFAULT_URL)
args = parser.parse_args()
engine = create_engine(args.url, future=True)
if args.command == "upgrade":
    upgrade(engine, args.revision or "head")
    print(f"at revision {current(engine)}")
elif args.command == "downgrade":
    downgrade(engine, args.revision or "base")
    print(f"at revision {current(engine)}")
elif args.command == "current":
    print(current(engine))
else:
    print(head())
