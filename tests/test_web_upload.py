"""上传核查: files (and zip archives) → stored reports, or a clear reason per file; names never trusted."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import lxml.html
import pytest

import gongkai
from gongkai.web.uploads import safe_name
from tests.conftest import SEEDS
from tests.web_support import csrf_of, make_site

SEED = sorted(SEEDS.glob("*.txt"))


def _upload(client, files: list[tuple[str, bytes]], *, htmx: bool = True):  # type: ignore[no-untyped-def]
    headers = {"X-CSRF-Token": csrf_of(client)}
    if htmx:
        headers["HX-Request"] = "true"
    return client.post("/upload", files=[("files", (name, data)) for name, data in files], headers=headers)


def test_upload_stores_reports_and_says_why_others_were_not(tmp_path: Path) -> None:
    site = make_site(tmp_path, [])
    client = site.client("审核员乙")
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("年报/第二份.txt", SEED[1].read_bytes())
        z.writestr("年报/说明.txt", "这不是年度报告。".encode())
    got = _upload(
        client,
        [
            (SEED[0].name, SEED[0].read_bytes()),
            ("报告.zip", archive.getvalue()),
            ("乱码.pdf", b"%PDF-1.4 not really a pdf"),
            ("空文件.txt", b""),
        ],
    )
    assert got.status_code == 200 and "<html" not in got.text  # the result fragment for htmx
    doc = lxml.html.fromstring(got.text)
    with gongkai.open(site.db) as lib:
        stored = lib.reports()
    assert len(stored) == 2
    rows = doc.xpath("//table[@id='stored']/tbody/tr")
    assert sorted(r.xpath("td[1]")[0].text_content() for r in rows) == sorted(s.agency for s in stored)
    assert {r.xpath("td[7]")[0].text_content() for r in rows} == {SEED[0].name, "报告.zip!年报/第二份.txt"}
    failures = {
        li.xpath("span[@class='file']")[0].text_content(): li.text_content()
        for li in doc.xpath("//ul[@id='failures']/li")
    }
    assert set(failures) == {"报告.zip!年报/说明.txt", "乱码.pdf", "空文件.txt"}
    assert all("：" in text and len(text) > 10 for text in failures.values())
    assert "新入库 2 份" in got.text and "未能入库 3 个文件" in got.text
    with gongkai.open(site.db) as lib:
        names = {lib.get(s.agency, s.year).version.file_name for s in stored}
    assert names == {SEED[0].name, "报告.zip!年报/第二份.txt"}  # the file's own name, never a server path
    again = _upload(client, [(SEED[0].name, SEED[0].read_bytes())])
    assert "已存在（内容相同）1 份" in again.text
    page = _upload(client, [(SEED[2].name, SEED[2].read_bytes())], htmx=False)  # without htmx: the whole page
    assert page.status_code == 200 and "<html" in page.text and "新入库 1 份" in page.text


def test_file_names_from_the_client_are_never_paths(tmp_path: Path) -> None:
    site = make_site(tmp_path, [])
    client = site.client("审核员乙")
    data = SEED[0].read_bytes()
    got = _upload(client, [("../../../../tmp/东城区教育局.txt", data), ("..\\..\\x.txt", b"abc")])
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
    got = _upload(small_files, [(SEED[0].name, SEED[0].read_bytes()), ("小.txt", b"x" * 100)])
    assert got.status_code == 200
    assert "文件过大（单个文件上限 4.9 KiB），未入库" in got.text
    assert SEED[0].name in lxml.html.fromstring(got.text).xpath("//ul[@id='failures']")[0].text_content()
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
    with gongkai.open(site.db) as lib:
        assert lib.reports() == []


def test_when_storing_fails_every_file_says_so(tmp_path: Path) -> None:
    from types import SimpleNamespace

    from sqlalchemy.engine import make_url

    from gongkai.web.uploads import ingest_saved

    (tmp_path / "a.txt").write_bytes(SEED[0].read_bytes())
    broken = SimpleNamespace(engine=SimpleNamespace(url=make_url("sqlite:////no/such/folder/x.db")))
    failed = ingest_saved(broken, tmp_path, {"a.txt": "甲.txt"}, timeout=120)  # type: ignore[arg-type]
    assert failed.stored == [] and [f["name"] for f in failed.failures] == ["甲.txt"]
    assert failed.failures[0]["message"] == "甲.txt: 入库失败（数据库暂不可用，请联系管理员）"  # no server detail
    (tmp_path / "lib").mkdir()
    site = make_site(tmp_path / "lib", [])
    with gongkai.open(site.db) as lib:
        slow = ingest_saved(lib, tmp_path, {"a.txt": "甲.txt"}, timeout=0)
        assert [f["error"] for f in slow.failures] == ["Timeout"] and "处理超时" in slow.failures[0]["message"]
        assert lib.reports() == []
