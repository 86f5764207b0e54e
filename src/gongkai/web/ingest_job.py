"""Child process of an upload: ``Library.ingest`` on the files of the current folder, one file at a time.

Reads ``{"db": URL, "names": [file names relative to the working folder]}`` on stdin and prints one JSON
line per event, flushed at once, so the server can show each file's outcome as soon as it is known:

    {"start": NAME}                         reading NAME now (if the process dies, NAME is why)
    {"done": NAME, "result": IngestResult}  NAME is stored, already stored, or failed (and why)
    {"error": "…"}                          the library cannot be used: nothing more will be stored (exit 1)

Its address space is capped like an ingest worker's, so a hostile file cannot take the machine's memory.
Run by ``gongkai.web.jobs``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

MEMORY = 3 * 1024**3  # as ingest's workers (gongkai.readers.limits.LIMITS.worker_memory)


def _cap_memory() -> None:
    try:
        import resource

        from gongkai.readers.limits import LIMITS

        limit = int(getattr(LIMITS, "worker_memory", MEMORY))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if soft == resource.RLIM_INFINITY or soft > limit:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, ValueError, OSError):  # not on this platform: the process is still apart
        pass


def _say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def main() -> int:
    _cap_memory()
    from gongkai.errors import GongkaiError, StoreError
    from gongkai.store import open_library

    job = json.loads(sys.stdin.read())
    try:
        with open_library(job["db"]) as lib:
            for name in job["names"]:
                _say({"start": name})
                try:
                    result = lib.ingest([name], workers=1)
                except MemoryError:
                    failed = {
                        "name": name,
                        "error": "MemoryError",
                        "message": f"{name}: 读取时内存不足（文件过大或异常）",
                    }
                    _say({"done": name, "result": {"stored": [], "unchanged": [], "failed": [failed]}})
                    continue
                _say({"done": name, "result": result.to_dict()})
    except StoreError as exc:  # the details (a server path, a driver message) go to the server's log only
        sys.stderr.write(f"{exc}\n")
        _say({"error": "数据库暂不可用，请联系管理员"})
        return 1
    except GongkaiError as exc:
        sys.stderr.write(f"{exc}\n")
        _say({"error": str(exc).splitlines()[0]})
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
