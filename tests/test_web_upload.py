"""上传核查: files (and zip archives) → stored reports, or a clear reason per file, each shown as soon as it
is done (an upload job polled by HTMX); names never trusted; a crashing reader fails only its own file."""

from __future__ import annotations

import io
import re
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import lxml.html
import pytest

import gongkai
from gongkai.web.uploads import safe_name
from tests.conftest import SEEDS
from tests.web_support import csrf_of, make_site

SEED = sorted(SEEDS.glob("*.txt"))
WAIT = 300.0  # seconds a job may take before the test gives up (a bound, not a measurement)


def _upload(client, files: list[tuple[str, bytes]], *, htmx: bool = True):  # type: ignore[no-untyped-def]
    headers = {"X-CSRF-Token": csrf_of(client)}
    if htmx:
        headers["HX-Request"] = "true"
    return client.post("/upload", files=[("files", (name, data)) for name, data in files], headers=headers)


def _finished(client: Any, started: Any) -> Any:
    """The job's fragment once the job is done (polled as the page polls it)."""
    found = re.search(r'data-job="([^"]+)"', started.text)
    assert found, started.text[:500]
    deadline = time.monotonic() + WAIT
    while True:
        got = client.get(f"/upload/jobs/{found.group(1)}", headers={"HX-Request": "true"})
        assert got.status_code == 200
        if 'data-done="1"' in got.text:
            return got
        assert time.monotonic() < deadline, "the upload job did not finish"
        time.sleep(0.05)


def _upload_and_wait(client: Any, files: list[tuple[str, bytes]]) -> Any:
    return _finished(client, _upload(client, files))


def _outcomes(html: str) -> dict[str, tuple[str, str]]:
    """File name → (state, result text) of a job fragment."""
    doc = lxml.html.fromstring(html)
    return {
        row.xpath("td[1]")[0].text_content(): (
            row.get("data-state"),
            " ".join(row.xpath("td[3]")[0].text_content().split()),
        )
        for row in doc.xpath("//table[@id='job-files']/tbody/tr")
    }


def test_upload_stores_reports_and_says_why_others_were_not(tmp_path: Path) -> None:
    site = make_site(tmp_path, [])
    client = site.client("审核员乙")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("年报/第二份.txt", SEED[1].read_bytes())
        z.writestr("年报/说明.txt", "这不是年度报告。".encode())
    started = _upload(
        client,
        [
            (SEED[0].name, SEED[0].read_bytes()),
            ("报告.zip", archive.getvalue()),
            ("乱码.pdf", b"%PDF-1.4 not really a pdf"),
            ("空文件.txt", b""),
        ],
    )
    assert started.status_code == 200 and "<html" not in started.text  # the job fragment for htmx
    got = _finished(client, started)
    with gongkai.open(site.db) as lib:
        stored = lib.reports()
    assert len(stored) == 2
    outcomes = _outcomes(got.text)
    assert set(outcomes) == {SEED[0].name, "报告.zip", "乱码.pdf", "空文件.txt"}
    assert outcomes[SEED[0].name][0] == "stored" and outcomes["报告.zip"][0] == "stored"
    assert outcomes["乱码.pdf"][0] == outcomes["空文件.txt"][0] == "failed"
    doc = lxml.html.fromstring(got.text)
    shown = sorted(a.text_content().rsplit(" ", 2)[0] for a in doc.xpath("//div[@class='stored-version']/a"))
    assert shown == sorted(s.agency for s in stored)
    assert "报告.zip!年报/说明.txt" in outcomes["报告.zip"][1]  # the member that is not a report, with its reason
    for name in ("乱码.pdf", "空文件.txt"):
        assert outcomes[name][1].startswith(f"{name}: ") and len(outcomes[name][1]) > 15
    assert "新入库 2 份" in got.text and "未能入库 3 个文件" in got.text
    assert "hx-get" not in got.text  # a finished job stops polling
    with gongkai.open(site.db) as lib:
        names = {lib.get(s.agency, s.year).version.file_name for s in stored}
    assert names == {SEED[0].name, "报告.zip!年报/第二份.txt"}  # the file's own name, never a server path
    again = _upload_and_wait(client, [(SEED[0].name, SEED[0].read_bytes())])
    assert "已存在（内容相同）1 份" in again.text and _outcomes(again.text)[SEED[0].name][0] == "unchanged"
    plain = _upload(client, [(SEED[2].name, SEED[2].read_bytes())], htmx=False)  # without htmx: a job page
    assert plain.status_code == 303 and plain.headers["location"].startswith("/upload/jobs/")
    page = client.get(plain.headers["location"])
    assert page.status_code == 200 and "<html" in page.text and SEED[2].name in page.text
    done = _finished(client, page)
    assert "新入库 1 份" in done.text
    api = client.post(
        "/api/ingest",
        files=[("files", (SEED[3].name, SEED[3].read_bytes()))],
        headers={"X-CSRF-Token": csrf_of(client)},
    )
    assert api.status_code == 200 and api.json()["counts"]["files"] == 1
    status = api.json()["status"]
    deadline = time.monotonic() + WAIT
    while not client.get(status).json()["done"]:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    result = client.get(status).json()
    assert result["counts"]["stored"] == 1 and result["files"][0]["state"] == "stored"
    others = site.client("管理员甲")  # a job is its uploader's only
    assert others.get(status).status_code == 404
    assert others.get(plain.headers["location"]).status_code == 404


def test_file_names_from_the_client_are_never_paths(tmp_path: Path) -> None:
    site = make_site(tmp_path, [])
    client = site.client("审核员乙")
    data = SEED[0].read_bytes()
    got = _upload_and_wait(client, [("../../../../tmp/东城区教育局.txt", data), ("..\\..\\x.txt", b"abc")])
    assert got.status_code == 200
    assert not Path("/tmp/东城区教育局.txt").exists()
    with gongkai.open(site.db) as lib:
        (stored,) = lib.reports()
        assert lib.get(stored.agency, stored.year).version.file_name == "东城区教育局.txt"
    taken: set[str] = set()
    assert safe_name("../../etc/passwd", taken) == "passwd"
    assert safe_name("a/b/../passwd", taken) == "passwd(2)"
    assert safe_name("", taken) == "上传文件"
    assert safe_name("....", taken) == "上传文件(2)"
    assert safe_name("报告\x00.txt", taken) == "报告_.txt"
    assert safe_name("x.zip!member.txt", taken) == "x.zip_member.txt"
    assert safe_name("a" * 400 + ".docx", taken).endswith(".docx") and len(safe_name("b" * 400, taken)) <= 120
    assert safe_name("Report.TXT", taken) == "Report.TXT" and safe_name("report.txt", taken) == "report(2).txt"


def test_size_limits_give_a_clear_message(tmp_path: Path) -> None:
    site = make_site(tmp_path, [])
    small_files = site.client("审核员乙", app=site.app(max_file_bytes=5000))
    got = _upload_and_wait(small_files, [(SEED[0].name, SEED[0].read_bytes()), ("小.txt", b"x" * 100)])
    assert got.status_code == 200
    outcomes = _outcomes(got.text)
    assert outcomes[SEED[0].name] == ("failed", f"{SEED[0].name}: 文件过大（单个文件上限 4.9 KiB），未入库 [TooLarge]")
    with gongkai.open(site.db) as lib:
        assert lib.reports() == []
    small_total = site.client("审核员乙", app=site.app(max_upload_bytes=4000))
    refused = _upload(small_total, [(SEED[0].name, SEED[0].read_bytes())])
    assert (
        refused.status_code == 413 and "上传内容过大：一次最多 3.9 KiB" in refused.text and "请分批上传" in refused.text
    )
    few = site.client("审核员乙", app=site.app(max_files=2))
    too_many = _upload(few, [(f"{i}.txt", b"x") for i in range(3)])
    assert too_many.status_code == 413 and "一次最多上传 2 个文件" in too_many.text
    nothing = _upload(small_files, [("", b"")])
    assert nothing.status_code in (400, 422)


def test_the_upload_page_says_the_limits(tmp_path: Path) -> None:
    site = make_site(tmp_path, [])
    page = site.client("审核员乙").get("/upload")
    assert page.status_code == 200
    assert "一次最多 1000 个文件、合计 256 MiB；单个文件最多 200 MiB" in page.text
    assert 'enctype="multipart/form-data"' in page.text


@pytest.mark.parametrize("who", [None, "访客丙"])
def test_only_reviewers_upload(tmp_path: Path, who: str | None) -> None:
    site = make_site(tmp_path, [])
    client = site.client(who)
    got = _upload(client, [(SEED[0].name, SEED[0].read_bytes())])
    assert got.status_code == (401 if who is None else 403)
    if who is not None:
        assert client.get("/upload/jobs/whatever").status_code == 403
    with gongkai.open(site.db) as lib:
        assert lib.reports() == []


def test_when_storing_fails_every_file_says_so(tmp_path: Path) -> None:
    from gongkai.web.jobs import Jobs

    def run(db_url: str, timeout: float) -> list[dict[str, str]]:
        job = Jobs().start(db_url, tmp_path, {"a.txt": "甲.txt"}, [], 0, timeout, remove=False)
        assert job.wait(WAIT)
        assert [f.stored for f in job.files] == [[]]
        return [x for f in job.files for x in f.failures]

    (tmp_path / "a.txt").write_bytes(SEED[0].read_bytes())
    failed = run("sqlite:////no/such/folder/x.db", 120)
    assert [f["name"] for f in failed] == ["甲.txt"]
    assert failed[0]["message"] == "甲.txt: 入库失败（数据库暂不可用，请联系管理员）"  # no server detail
    (tmp_path / "lib").mkdir()
    site = make_site(tmp_path / "lib", [])
    slow = run(f"sqlite:///{site.db}", 0)
    assert [f["error"] for f in slow] == ["Timeout"] and "处理超时" in slow[0]["message"]
    with gongkai.open(site.db) as lib:
        assert lib.reports() == []


FAKE_CHILD = """
import json, os, sys, time
job = json.loads(sys.stdin.read())
mode, flag = sys.argv[1], sys.argv[2]
for name in job["names"]:
    print(json.dumps({"start": name}), flush=True)
    if mode == "wait" and name == "b.txt":
        while not os.path.exists(flag):
            time.sleep(0.02)
    if mode == "die" and name == "b.txt" and not os.path.exists(flag):
        open(flag, "w").close()
        os._exit(9)
    if mode == "hang":
        time.sleep(3600)
    stored = [{"name": name, "agency": "甲局" + name[0], "year": 2024, "version": 1, "active": True, "errors": 0,
               "warnings": 0, "agency_from": "document", "year_from": "document", "same_publication": False}]
    print(json.dumps({"done": name, "result": {"stored": stored, "unchanged": [], "failed": []}}), flush=True)
"""


def _fake_job(
    tmp_path: Path, mode: str, names: list[str], timeout: float = 300, jobs: Any = None, tag: str = ""
) -> tuple[Any, Path, Any]:
    from gongkai.web.jobs import Jobs

    script = tmp_path / "fake_child.py"
    script.write_text(FAKE_CHILD, encoding="utf-8")
    folder = tmp_path / f"upload-{mode}{tag}"
    folder.mkdir()
    for name in names:
        (folder / name).write_bytes(b"x")
    flag = tmp_path / f"flag-{mode}"
    jobs = jobs or Jobs()
    saved = {name: f"客户端{name}" for name in names}
    command = [sys.executable, str(script), mode, str(flag)]
    job = jobs.start("sqlite:///unused.db", folder, saved, [], 7, timeout, command=command)
    return job, flag, jobs


def _until(condition: Any) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, "the job did not get there"
        time.sleep(0.02)


def test_each_file_is_shown_as_soon_as_it_is_done(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    site = make_site(tmp_path / "site", [])
    app = site.app()
    client = site.client("审核员乙", app=app)
    with gongkai.open(site.db) as lib:
        owner = lib.user("审核员乙").id  # type: ignore[union-attr]
    job, flag, _jobs = _fake_job(tmp_path, "wait", ["a.txt", "b.txt", "c.txt"])
    job.owner = owner
    app.state.jobs._jobs[job.id] = job  # the app's registry holds it, as POST /upload would have put it
    _until(lambda: job.files[1].state == "running")
    midway = client.get(f"/upload/jobs/{job.id}", headers={"HX-Request": "true"})
    outcomes = _outcomes(midway.text)
    assert outcomes["客户端a.txt"][0] == "stored" and "甲局a 2024 年度" in outcomes["客户端a.txt"][1]
    assert outcomes["客户端b.txt"][0] == "running" and outcomes["客户端c.txt"][0] == "waiting"
    assert 'data-done="0"' in midway.text and 'hx-trigger="every 1s"' in midway.text
    assert "已完成 1 / 3 个文件" in midway.text
    flag.touch()
    assert job.wait(WAIT)
    final = client.get(f"/upload/jobs/{job.id}", headers={"HX-Request": "true"})
    assert {name: state for name, (state, _text) in _outcomes(final.text).items()} == dict.fromkeys(
        ("客户端a.txt", "客户端b.txt", "客户端c.txt"), "stored"
    )
    assert 'data-done="1"' in final.text and "hx-trigger" not in final.text and "新入库 3 份" in final.text
    assert not (tmp_path / "upload-wait").exists()  # the upload folder is removed when the job ends
    assert client.get("/upload/jobs/no-such-job").status_code == 404


def test_a_child_that_dies_fails_its_file_only(tmp_path: Path) -> None:
    job, _flag, _jobs = _fake_job(tmp_path, "die", ["a.txt", "b.txt", "c.txt"])
    assert job.wait(WAIT)
    states = [(f.name, f.state) for f in job.files]
    assert states == [("客户端a.txt", "stored"), ("客户端b.txt", "failed"), ("客户端c.txt", "stored")]
    failure = job.files[1].failures[0]
    assert failure["error"] == "WorkerDied" and failure["message"].startswith(
        "客户端b.txt: 读取此文件时处理进程异常退出"
    )


def test_a_job_past_its_time_limit_is_stopped(tmp_path: Path) -> None:
    job, _flag, _jobs = _fake_job(tmp_path, "hang", ["a.txt", "b.txt"], timeout=1)
    assert job.wait(WAIT)
    assert [(f.state, f.failures[0]["error"]) for f in job.files] == [("failed", "Timeout"), ("failed", "Timeout")]
    assert "处理超时" in job.files[0].failures[0]["message"]


def test_uploads_beyond_the_running_limit_wait_their_turn(tmp_path: Path) -> None:
    from gongkai.web.jobs import Jobs

    jobs = Jobs(running=1)
    first, flag, _ = _fake_job(tmp_path, "wait", ["a.txt", "b.txt"], jobs=jobs)
    second, _flag, _ = _fake_job(tmp_path, "wait", ["c.txt"], jobs=jobs, tag="-2", timeout=1)
    _until(lambda: first.files[1].state == "running")
    time.sleep(1.5)  # longer than the second job's time limit: it counts from its turn, not from its upload
    assert second.queued and [f.state for f in second.files] == ["waiting"]
    assert second.to_dict()["queued"] and not first.to_dict()["queued"]
    flag.touch()
    assert first.wait(WAIT) and second.wait(WAIT)
    assert [f.state for f in first.files + second.files] == ["stored", "stored", "stored"]
