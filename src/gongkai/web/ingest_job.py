"""Child process of an upload: ``Library.ingest`` on the files of the current folder.

Reads ``{"db": URL, "names": [file names relative to the working folder]}`` on stdin and prints the
``IngestResult`` as one JSON line (or ``{"error": "…"}`` and exit code 1).  Run by ``gongkai.web.uploads``.
Its address space is capped like an ingest worker's, so a hostile file cannot take the machine's memory.
"""

from __future__ import annotations

import json
import sys

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


def main() -> int:
    _cap_memory()
    from gongkai.errors import GongkaiError, StoreError
    from gongkai.store import open_library

    job = json.loads(sys.stdin.read())
    try:
        with open_library(job["db"]) as lib:
            result = lib.ingest(job["names"])
    except StoreError as exc:  # the details (a server path, a driver message) go to the server's log only
        sys.stderr.write(f"{exc}\n")
        sys.stdout.write(json.dumps({"error": "数据库暂不可用，请联系管理员"}, ensure_ascii=False) + "\n")
        return 1
    except GongkaiError as exc:
        sys.stderr.write(f"{exc}\n")
        sys.stdout.write(json.dumps({"error": str(exc).splitlines()[0]}, ensure_ascii=False) + "\n")
        return 1
    except MemoryError:
        sys.stdout.write(json.dumps({"error": "读取时内存不足（文件过大或异常）"}, ensure_ascii=False) + "\n")
        return 1
    sys.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
