"""Rasa-server-side additions (loaded by `rasa run` through endpoints.yml's tracker_store type).

- tracker_store.EnvSQLTrackerStore: SQL tracker store configured from environment variables, which
  also erases a conversation's stored events when the user asks to delete their data.
- action_failures: when the action server is unreachable or fails, the user gets an apology
  instead of silence (Rasa 3.6 has no built-in for this: RasaHQ/rasa#7630).
- lock_store.EnvLockStore: conversation locks on Redis, changed only by atomic Lua scripts, when
  REDIS_URL is set (Rasa 3.6's RedisLockStore is not atomic); in memory otherwise.
- storage_failures: no silent fall back to memory when PostgreSQL or Redis fails: log + apology.
- input_validation: malformed REST-channel requests get 400, not a server error.
- pools / purge: connection pool sizes for N servers; the retention purge (`python -m rasa_addons.purge`).
- speedups: validate action-server responses with a validator built once (same checks, ~45 ms less
  CPU per action call).
"""
