"""Alembic environment: run by ``gongkai.store.db.upgrade`` with the connection it passes in."""

from __future__ import annotations

from alembic import context

from gongkai.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only when someone runs the alembic CLI by hand
    raise RuntimeError("gongkai migrations run through gongkai.open(); no connection was given")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
