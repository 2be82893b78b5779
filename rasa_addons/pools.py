"""Connection pool sizes for N Rasa servers and M action servers sharing one PostgreSQL.

Each process keeps `pool_size` connections open and may open `max_overflow` more under load;
the sum over all processes must stay below PostgreSQL's max_connections (100 by default) less a
few kept for administration and the migration/purge jobs. A Rasa server handles one database
call at a time (SQLAlchemy's calls block its event loop), so a handful per process is plenty.

    python -m rasa_addons.pools 2 2     # prints the environment variables to export
"""
from __future__ import annotations

import argparse
from typing import Dict

RESERVED = 10  # superuser_reserved_connections (3) + psql, migrations, the purge job
CAP_POOL, CAP_OVERFLOW = 5, 5


def pool_sizes(rasa_servers: int, action_servers: int, max_connections: int = 100,
               reserved: int = RESERVED) -> Dict[str, int]:
    """Environment variables giving each process its share of the database's connections."""
    processes = rasa_servers + action_servers
    if rasa_servers < 1 or action_servers < 0:
        raise ValueError("need at least one Rasa server")
    per_process = (max_connections - reserved) // processes
    if per_process < 1:
        raise ValueError(f"{processes} processes cannot share {max_connections - reserved} connections: "
                         "raise PostgreSQL's max_connections or put PgBouncer in front")
    pool = max(1, min(CAP_POOL, per_process // 2))
    overflow = max(0, min(CAP_OVERFLOW, per_process - pool))
    return {"SQL_POOL_SIZE": pool, "SQL_MAX_OVERFLOW": overflow,
            "ELIGIBILITY_DB_POOL_SIZE": pool, "ELIGIBILITY_DB_MAX_OVERFLOW": overflow}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m rasa_addons.pools")
    parser.add_argument("rasa_servers", type=int)
    parser.add_argument("action_servers", type=int)
    parser.add_argument("--max-connections", type=int, default=100)
    args = parser.parse_args(argv)
    for name, value in pool_sizes(args.rasa_servers, args.action_servers, args.max_connections).items():
        print(f"{name}={value}")


if __name__ == "__main__":
    main()
