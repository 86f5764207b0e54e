"""Upload jobs: the files of one upload stored one by one in a child process, each file's outcome known as
soon as it is done — the page polls the job (HTMX) and shows every file stored, already stored, or why not.

- ``POST /upload`` saves the files (``uploads.save_uploads``), starts a job and answers at once; a thread
  of the server feeds the saved names to ``python -m gongkai.web.ingest_job``, which stores them one at a
  time with ``Library.ingest`` and prints a JSON line when it starts a file and when it is done with it.
- A child that dies (a reader crashed, memory ran out) fails the file it was reading — the line it
  printed last says which — and a new child goes on with the rest; a job that runs past the time limit is
  stopped and the files left are failed with that reason.  Nothing of another file is lost.
- Jobs live in the server's memory (one process serves the app): a job is seen only by the user who
  started it, and forgotten an hour after it ended.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gongkai.web.uploads import remove_folder

log = logging.getLogger("gongkai.web")
KEEP_SECONDS = 3600
MAX_JOBS = 1000
RUNNING = max(1, (os.cpu_count() or 2) // 2)  # jobs storing at the same time; the others wait their turn
STATES = {
    "waiting": "等待中",
    "running": "正在读取、核查",
    "stored": "已入库",
    "unchanged": "已存在",
    "failed": "未能入库",
}


@dataclass(slots=True)
class FileState:
    name: str  # as the client called it (shown)
    saved: str  # the safe name in the upload folder ("" for a file refused before storing)
    state: str = "waiting"  # waiting | running | stored | unchanged | failed
    stored: list[dict[str, Any]] = field(default_factory=list)  # versions stored (a zip: one per member)
    unchanged: list[str] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)  # {name, error, message}

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "state": self.state,
            "state_label": STATES[self.state],
            "stored": self.stored,
            "unchanged": self.unchanged,
            "failures": self.failures,
        }


@dataclass(slots=True)
class UploadJob:
    id: str
    owner: int  # the user who started it
    files: list[FileState]
    started: float = field(default_factory=time.time)
    ended: float | None = None
    queued: bool = True  # waiting for another upload to finish before its files are read
    finished: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> bool:
        return self.finished.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        return self.finished.wait(timeout)

    def counts(self) -> dict[str, int]:
        return {
            "files": len(self.files),
            "finished": sum(1 for f in self.files if f.state not in ("waiting", "running")),
            "stored": sum(len(f.stored) for f in self.files),
            "unchanged": sum(len(f.unchanged) for f in self.files),
            "failed": sum(len(f.failures) for f in self.files),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "job": self.id,
            "done": self.done,
            "queued": self.queued and not self.done,
            "counts": self.counts(),
            "files": [f.to_dict() for f in self.files],
        }


class Jobs:
    """The upload jobs of one server."""

    def __init__(self, running: int = RUNNING) -> None:
        self._jobs: dict[str, UploadJob] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(running)  # so that many uploads never start many children

    def get(self, job_id: str, owner: int) -> UploadJob | None:
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def start(
        self,
        db_url: str,
        folder: Path,
        saved: dict[str, str],
        refused: Sequence[dict[str, str]],
        owner: int,
        timeout: float,
        command: Sequence[str] | None = None,
        remove: bool = True,
    ) -> UploadJob:
        """A job storing the files ``saved`` (safe name → client name) of ``folder`` (removed when the job
        ends, unless ``remove`` is False); ``refused`` files are failed at once.  ``command`` replaces the
        child (tests)."""
        files = [FileState(shown, name) for name, shown in sorted(saved.items())]
        files += [FileState(r["name"], "", "failed", failures=[dict(r)]) for r in refused]
        job = UploadJob(secrets.token_urlsafe(16), owner, files)
        with self._lock:
            self._forget_old()
            self._jobs[job.id] = job
        child = list(command or [sys.executable, "-m", "gongkai.web.ingest_job"])
        runner = _Runner(job, db_url, folder, timeout, child, remove, self._slots)
        threading.Thread(target=runner.run, name=f"upload-{job.id[:6]}", daemon=True).start()
        return job

    def _forget_old(self) -> None:
        now = time.time()
        for job_id, job in list(self._jobs.items()):
            if job.ended is not None and now - job.ended > KEEP_SECONDS:
                del self._jobs[job_id]
        while len(self._jobs) >= MAX_JOBS:  # a flood of uploads: the oldest finished go first
            ended = [j for j in self._jobs.values() if j.ended is not None]
            if not ended:
                break
            del self._jobs[min(ended, key=lambda j: j.ended or 0).id]


class _Runner:
    def __init__(
        self,
        job: UploadJob,
        db_url: str,
        folder: Path,
        timeout: float,
        command: list[str],
        remove: bool,
        slots: threading.BoundedSemaphore,
    ) -> None:
        self.job = job
        self.remove = remove
        self.db_url = db_url
        self.folder = folder
        self.deadline = time.monotonic() + timeout
        self.timeout = timeout
        self.command = command
        self.slots = slots

    def run(self) -> None:
        try:
            with self.slots:  # the time limit counts from the job's turn, not from its upload
                self.job.queued = False
                self.deadline = time.monotonic() + self.timeout
                self._run()
        except Exception:  # never leave a job running forever: whatever is left fails, with the reason logged
            log.exception("upload job %s failed", self.job.id)
            self._fail_rest("IngestFailed", "入库失败（服务器内部错误，详情见服务器日志）")
        finally:
            if self.remove:
                remove_folder(self.folder)
            self.job.ended = time.time()
            self.job.finished.set()

    def _waiting(self) -> list[FileState]:
        return [f for f in self.job.files if f.state in ("waiting", "running")]

    def _run(self) -> None:
        by_name = {f.saved: f for f in self.job.files if f.saved}
        idle_restarts = 0
        while self._waiting():
            left = self.deadline - time.monotonic()
            if left <= 0:
                self._fail_rest("Timeout", f"处理超时（{self.timeout:.0f} 秒），请分批上传")
                return
            outcome = self._child([f.saved for f in self._waiting()], by_name, left)
            if outcome == "fatal":
                return
            if outcome == "timeout":
                self._fail_rest("Timeout", f"处理超时（{self.timeout:.0f} 秒），请分批上传")
                return
            running = [f for f in self.job.files if f.state == "running"]
            for f in running:  # the child died reading it: it fails, the rest go on in a new child
                self._failed(
                    f,
                    "WorkerDied",
                    "读取此文件时处理进程异常退出（内存耗尽、解析器崩溃或被终止），已跳过，其余文件照常入库",
                )
            idle_restarts = 0 if running else idle_restarts + 1
            if idle_restarts >= 2:  # a child that dies before starting any file: it will not get better
                self._fail_rest("IngestFailed", "入库失败（处理进程无法启动，详情见服务器日志）")
                return

    def _child(self, names: list[str], by_name: dict[str, FileState], left: float) -> str:
        """Run one child on ``names``: "ok" (it ended), "fatal" (it reported an error for all), "timeout"."""
        env = {k: v for k, v in os.environ.items() if k != "GONGKAI_DB"}
        with (
            tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errors,
            subprocess.Popen(
                self.command,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=errors,
                cwd=self.folder,
                env=env,
                text=True,
                encoding="utf-8",
            ) as proc,
        ):
            killed = threading.Event()

            def stop() -> None:
                killed.set()
                proc.kill()

            timer = threading.Timer(left, stop)
            timer.start()
            try:
                assert proc.stdin is not None and proc.stdout is not None
                try:
                    proc.stdin.write(json.dumps({"db": self.db_url, "names": names}, ensure_ascii=False))
                    proc.stdin.close()
                except OSError:  # the child is gone already: its exit code says so below
                    with contextlib.suppress(OSError):
                        proc.stdin.close()
                fatal = False
                for line in proc.stdout:
                    fatal = self._message(line, by_name) or fatal
                code = proc.wait()
            finally:
                timer.cancel()
            if code != 0:
                errors.seek(0)
                log.error("upload child exited with %s: %s", code, errors.read()[-4000:])
        if fatal:
            return "fatal"
        if killed.is_set() and self._waiting():
            return "timeout"
        return "ok"

    def _message(self, line: str, by_name: dict[str, FileState]) -> bool:
        try:
            msg = json.loads(line)
        except json.JSONDecodeError:
            return False
        if not isinstance(msg, dict):
            return False
        if "error" in msg:  # the library could not be opened or written: every file left fails with it
            self._fail_rest("IngestFailed", f"入库失败（{str(msg['error'])[:300]}）")
            return True
        target = by_name.get(str(msg.get("start") or msg.get("done") or ""))
        if target is None:
            return False
        if "start" in msg:
            target.state = "running"
            return False
        self._apply(target, msg.get("result") or {})
        return False

    def _apply(self, f: FileState, result: dict[str, Any]) -> None:
        def client(name: str) -> str:
            head, bang, member = str(name).partition("!")
            return (f.name if head == f.saved else head) + (f"!{member}" if bang else "")

        f.stored = [{**v, "name": client(v["name"])} for v in result.get("stored", [])]
        f.unchanged = [client(n) for n in result.get("unchanged", [])]
        f.failures = [
            {"name": client(x["name"]), "error": x["error"], "message": _client_message(x["message"], f)}
            for x in result.get("failed", [])
        ]
        f.state = "stored" if f.stored else "failed" if f.failures else "unchanged"

    def _failed(self, f: FileState, error: str, message: str) -> None:
        f.failures = [{"name": f.name, "error": error, "message": f"{f.name}: {message}"}]
        f.state = "failed"

    def _fail_rest(self, error: str, message: str) -> None:
        for f in self._waiting():
            self._failed(f, error, message)


def _client_message(message: str, f: FileState) -> str:
    """A failure message names the file as the client called it, never by its name on the server."""
    return message.replace(f.saved, f.name) if f.saved else message


__all__ = ["STATES", "FileState", "Jobs", "UploadJob"]
