"""Issue 13: when an ingest worker dies on a file (out of memory, a parser crash, SIGKILL), that file is
recorded as failed and the batch goes on: every other file is stored."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from sqlalchemy import select

from gongkai import synth
from gongkai.store import schema as s
from gongkai.store.db import make_engine
from gongkai.store.ingest import ingest
from gongkai.store.library import open_library


def die_on_marked_files() -> None:
    """Worker set-up (runs in each worker process): reading a file named ``…KILL…`` kills the worker the
    way the kernel's OOM killer would, one named ``…EXIT…`` ends it as a crashing parser would."""
    from gongkai.store import analyse

    real = analyse.read_bytes

    def read_bytes(data: bytes, path: str | None = None):  # type: ignore[no-untyped-def]
        if path and "KILL" in path:
            os.kill(os.getpid(), signal.SIGKILL)
        if path and "EXIT" in path:
            os._exit(70)
        return real(data, path)

    analyse.read_bytes = read_bytes


def test_a_worker_that_dies_costs_only_its_file(tmp_path: Path) -> None:
    batch = tmp_path / "batch"
    batch.mkdir()
    for k in range(40):
        data, suffix = synth.render(synth.make_case(1000 + k), "word_tab")
        (batch / f"r{k:02d}{suffix}").write_bytes(data)
    for name in ("r07-KILL.txt", "r31-EXIT.txt"):
        (batch / name).write_bytes(synth.render(synth.make_case(2000 + len(name)), "word_tab")[0])
    db = tmp_path / "lib.db"
    with open_library(db):  # created and migrated
        pass
    engine = make_engine(f"sqlite:///{db}", writer=True)
    try:
        result = ingest(engine, [batch], workers=2, worker_setup=die_on_marked_files)
        assert len(result.stored) + len(result.unchanged) == 40
        died = {Path(f.name).name: f for f in result.failures}
        assert set(died) == {"r07-KILL.txt", "r31-EXIT.txt"}
        assert all(f.error == "WorkerDied" and f.message.startswith(f"{f.name}: ") for f in died.values())
        with engine.connect() as conn:
            recorded = set(conn.execute(select(s.ingest_failures.c.file_name)).scalars())
            versions = conn.execute(select(s.versions.c.id)).all()
        assert {Path(n).name for n in recorded} == set(died)
        assert len(versions) == 40
    finally:
        engine.dispose()
