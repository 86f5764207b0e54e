"""报送情况: the agencies expected to publish, and for a year who has, who has not, who late, who with errors.

::

    entries = read_expected_list(data, "名单.xlsx")        # CSV (UTF-8 or GBK) or XLSX; every bad row named
    lib.save_expected(entries, who="张三")                   # add or update by name; replace=True drops the rest
    cov = lib.coverage(2024)                                 # Coverage: rows with status, counts
    [r.entry.name for r in cov.rows if r.status == "missing"]

The list has one row per agency: 名称 (required), 层级, 上级, 别名 (other names it publishes under,
separated by 、；; or |), 起始年度 and 截止年度 (an agency set up or merged away: expected only in those
years).  An agency on the list is matched to the library by its key (its name without spacing and
punctuation, as every report's agency) or an alias's key.

Lateness is the ``d_deadline`` rule itself (``gongkai.check.dates``), run on the stored publication date:
the body's kind (政府 / 部门 / 乡镇街道), which sets the deadline, is the list's level when the level says it
(县级部门 → 部门) and otherwise read from the name by ``body_kind``, as the rule does on a report.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, and_, delete, insert, select, update

from gongkai.check import agency_key
from gongkai.errors import ConfigError
from gongkai.store import schema as s
from gongkai.store.agencies import log_agency
from gongkai.store.queries import active_versions, finding_counts

MAX_ROWS = 20_000
MAX_NAME = 255
HEADERS = {
    "name": ("名称", "机关名称", "单位名称", "机关", "单位", "部门名称", "name", "agency"),
    "level": ("层级", "级别", "层次", "level"),
    "parent": ("上级", "上级机关", "上级单位", "主管部门", "所属", "parent"),
    "aliases": ("别名", "曾用名", "其他名称", "aliases", "alias"),
    "from_year": ("起始年度", "起始年份", "自年度", "from_year", "from"),
    "to_year": ("截止年度", "截止年份", "至年度", "to_year", "to"),
}
_ALIAS_SPLIT = re.compile(r"[、；;|，,\n]+")
STATUS_LABELS = {
    "on_time": "按时发布",
    "late": "逾期发布",
    "doubtful": "发布日期存疑",
    "undated": "已发布（发布日期未知）",
    "missing": "未发布",
}
# a name of each kind of body, as the deadline rule reads kinds from names (a test keeps these true)
KIND_NAMES = {"government": "人民政府", "department": "局", "township": "街道办事处"}


@dataclass(frozen=True, slots=True)
class ExpectedAgency:
    name: str
    level: str | None = None
    parent: str | None = None
    aliases: tuple[str, ...] = ()
    from_year: int | None = None
    to_year: int | None = None
    id: int | None = None

    @property
    def key(self) -> str:
        return _key(self.name)

    def expected_in(self, year: int) -> bool:
        return (self.from_year is None or self.from_year <= year) and (self.to_year is None or year <= self.to_year)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "level": self.level,
            "parent": self.parent,
            "aliases": list(self.aliases),
            "from_year": self.from_year,
            "to_year": self.to_year,
        }


def expected_agency(
    name: str,
    level: str | None = None,
    parent: str | None = None,
    aliases: str | Sequence[str] | None = None,
    from_year: Any = None,
    to_year: Any = None,
) -> ExpectedAgency:
    """One entry from what a person typed; a clear ConfigError when it cannot be one."""
    name = _text(name)
    if not name:
        raise ConfigError("名称不能为空")
    if len(name) > MAX_NAME:
        raise ConfigError(f"名称过长（至多 {MAX_NAME} 个字符）")
    if not agency_key(name):
        raise ConfigError(f"名称“{name}”只有空白或标点")
    if isinstance(aliases, str) or aliases is None:
        alias_list = [a.strip() for a in _ALIAS_SPLIT.split(aliases or "") if a.strip()]
    else:
        alias_list = [_text(a) for a in aliases if _text(a)]
    if any(len(a) > MAX_NAME for a in alias_list):
        raise ConfigError(f"别名过长（至多 {MAX_NAME} 个字符）")
    first, last = _year(from_year, "起始年度"), _year(to_year, "截止年度")
    if first is not None and last is not None and first > last:
        raise ConfigError(f"起始年度 {first} 晚于截止年度 {last}")
    level_text, parent_text = _text(level) or None, _text(parent) or None
    if level_text and len(level_text) > 50:
        raise ConfigError("层级过长（至多 50 个字符）")
    if parent_text and len(parent_text) > MAX_NAME:
        raise ConfigError(f"上级名称过长（至多 {MAX_NAME} 个字符）")
    own = agency_key(name)
    kept = tuple(dict.fromkeys(a for a in alias_list if agency_key(a) and agency_key(a) != own))
    return ExpectedAgency(name, level_text, parent_text, kept, first, last)


def _text(value: Any) -> str:
    if value is None:
        return ""
    text = str(value).replace("\u3000", " ").strip()
    return "".join(ch for ch in text if ch.isprintable())


def _year(value: Any, what: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = _text(value).removesuffix("年").removesuffix(".0")
    if not text.isdigit() or not 1990 <= int(text) <= 2999:
        raise ConfigError(f"{what}应为四位年份，而不是“{_text(value)}”")
    return int(text)


def read_expected_list(data: bytes, filename: str = "") -> list[ExpectedAgency]:
    """The entries of a list file (CSV in UTF-8 or GBK, or XLSX: its first sheet).  The first row names the
    columns (名称 is required); nothing is taken when any row is wrong — the error names every bad row."""
    if data[:4] == b"PK\x03\x04" or filename.lower().endswith((".xlsx", ".xlsm")):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    header_at = next((i for i, row in enumerate(rows) if any(_text(c) for c in row)), None)
    if header_at is None:
        raise ConfigError("名单为空：第一行应为列名（至少有“名称”一列）")
    header = [_text(c).lower() for c in rows[header_at]]
    columns: dict[str, int] = {}
    for field_name, names in HEADERS.items():
        for i, h in enumerate(header):
            if h in names and field_name not in columns:
                columns[field_name] = i
    if "name" not in columns:
        shown = "、".join(h for h in header if h) or "（空）"
        raise ConfigError(
            f"名单第一行应为列名，其中须有“名称”（可用：名称、层级、上级、别名、起始年度、截止年度）；现为：{shown}"
        )
    entries: list[ExpectedAgency] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, row in enumerate(rows[header_at + 1 :], start=header_at + 2):
        if not any(_text(c) for c in row):
            continue

        def cell(field_name: str, row: Sequence[Any] = row) -> Any:
            i = columns.get(field_name)
            return row[i] if i is not None and i < len(row) else None

        try:
            entry = expected_agency(
                cell("name"), cell("level"), cell("parent"), cell("aliases"), cell("from_year"), cell("to_year")
            )
        except ConfigError as exc:
            problems.append(f"第 {number} 行：{exc}")
            continue
        if entry.key in seen:
            problems.append(f"第 {number} 行：“{entry.name}”与第 {seen[entry.key]} 行重复")
            continue
        seen[entry.key] = number
        entries.append(entry)
    if problems:
        more = f"（另有 {len(problems) - 20} 处）" if len(problems) > 20 else ""
        raise ConfigError("名单有误，未导入任何一行，请改正后重新上传：" + "；".join(problems[:20]) + more)
    if not entries:
        raise ConfigError("名单中没有机关（第一行为列名，其下每行一个机关）")
    return entries


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes any bytes
        raise ConfigError("名单不是 UTF-8 或 GBK 编码的 CSV 文件")
    if "\x00" in text:
        raise ConfigError("名单不是文本 CSV 文件（请上传 CSV 或 XLSX）")
    try:
        rows = list(csv.reader(io.StringIO(text)))
    except csv.Error as exc:
        raise ConfigError(f"CSV 格式有误：{exc}") from exc
    if len(rows) > MAX_ROWS + 1:
        raise ConfigError(f"名单过长：至多 {MAX_ROWS} 行")
    return rows


def _xlsx_rows(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged or foreign file
        raise ConfigError(f"不是可读的 XLSX 文件（{type(exc).__name__}）") from exc
    try:
        sheet = book.worksheets[0]
        rows: list[list[Any]] = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + 1:
                raise ConfigError(f"名单过长：至多 {MAX_ROWS} 行")
        return rows
    finally:
        book.close()


@dataclass(frozen=True, slots=True)
class Published:
    """The report an expected agency published for the year (its active version)."""

    agency: str
    agency_key: str
    version: int
    published: str | None
    errors: int
    warnings: int


@dataclass(frozen=True, slots=True)
class CoverageRow:
    entry: ExpectedAgency
    status: str  # on_time | late | doubtful | undated | missing
    report: Published | None = None
    deadline: str | None = None  # ISO date
    days_late: int | None = None
    message: str = ""  # the deadline rule's words

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True, slots=True)
class Coverage:
    year: int
    rows: list[CoverageRow]
    counts: dict[str, int]  # status → agencies; also "expected", "published", "errors"
    unexpected: list[Published] = field(default_factory=list)  # reports of the year from agencies not listed


def _kind(entry: ExpectedAgency) -> str:
    from gongkai.check.dates import body_kind

    level = entry.level or ""
    if "乡镇" in level or "街道" in level:
        return "township"
    if "部门" in level:
        return "department"
    if "政府" in level:
        return "government"
    return body_kind(entry.name)


def judge_deadline(entry: ExpectedAgency, year: int, published: str | None) -> tuple[str, str | None, int | None, str]:
    """(status, deadline, days late, message) by the ``d_deadline`` rule on this publication date."""
    kind = _kind(entry)
    day = _iso_date(published)
    return _judge(KIND_NAMES.get(kind, entry.name), year, day.isoformat() if day else None)


@lru_cache(maxsize=4096)
def _judge(name: str, year: int, published: str | None) -> tuple[str, str | None, int | None, str]:
    from gongkai.check.dates import deadline
    from gongkai.check.model import Origin, Severity
    from gongkai.check.registry import Context
    from gongkai.model import Report

    day = _iso_date(published)
    stub = Report("2021", False, name, year, {"published": day.isoformat() if day else None}, (), {})
    found = list(deadline(Context(stub)))
    if not found:  # pragma: no cover - the rule always says something when the year is known
        return ("undated" if day is None else "on_time"), None, None, ""
    finding = found[0]
    due = str(finding.expected) if finding.expected else None
    message = finding.message
    if day is None:
        return "undated", due, None, message
    late = (day - date.fromisoformat(due)).days if due else None
    if finding.origin is Origin.READING or (finding.severity is Severity.WARNING and day < date(year + 1, 1, 1)):
        return "doubtful", due, late if late and late > 0 else None, message
    if finding.severity is Severity.ERROR:
        return "late", due, late, message
    return "on_time", due, None, message


def _iso_date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(str(text)) if text else None
    except ValueError:
        return None


@lru_cache(maxsize=65_536)
def _key(name: str) -> str:
    """``agency_key``, remembered: a coverage matches every name and alias of the list on every request."""
    return agency_key(name)


class CoverageMixin:
    """The list of expected agencies and the coverage of a year; mixed into ``Library``."""

    engine: Engine
    writer: Engine

    def expected(self, *, parent: str | None = None) -> list[ExpectedAgency]:
        """The list, by key (of one ``parent`` when given); ordered here, the same on every database."""
        q = select(s.expected_agencies)
        if parent:
            q = q.where(s.expected_agencies.c.parent == parent)
        with self.engine.connect() as conn:
            return sorted((_entry(r) for r in conn.execute(q).all()), key=lambda e: e.key)

    def expected_parents(self) -> list[str]:
        with self.engine.connect() as conn:
            q = select(s.expected_agencies.c.parent).where(s.expected_agencies.c.parent.is_not(None)).distinct()
            return sorted(str(p) for p in conn.execute(q).scalars())

    def save_expected(self, entries: Iterable[ExpectedAgency], *, who: str, replace: bool = False) -> dict[str, int]:
        """Add the entries, updating those already listed (by name); ``replace`` also removes the listed
        agencies not among them.  One transaction: all or nothing.  Logged."""
        new = {e.key: e for e in entries}
        at = datetime.now(UTC)
        with self.writer.begin() as conn:
            have = {r.key: r.id for r in conn.execute(select(s.expected_agencies.c.key, s.expected_agencies.c.id))}
            added = updated = removed = 0
            for key, e in new.items():
                values = {**_row(e), "updated_by": who, "updated_at": at}
                if key in have:
                    conn.execute(
                        update(s.expected_agencies).where(s.expected_agencies.c.id == have[key]).values(**values)
                    )
                    updated += 1
                else:
                    conn.execute(insert(s.expected_agencies).values(key=key, **values))
                    added += 1
            if replace:
                gone = [i for k, i in have.items() if k not in new]
                for i in range(0, len(gone), 500):
                    conn.execute(delete(s.expected_agencies).where(s.expected_agencies.c.id.in_(gone[i : i + 500])))
                removed = len(gone)
            detail = f"新增 {added}，更新 {updated}" + (f"，移除 {removed}" if replace else "")
            log_agency(conn, "list_replace" if replace else "list_upload", "报送名单", detail, who, at)
        return {"added": added, "updated": updated, "removed": removed}

    def add_expected(self, entry: ExpectedAgency, *, who: str) -> ExpectedAgency:
        at = datetime.now(UTC)
        with self.writer.begin() as conn:
            if conn.execute(select(s.expected_agencies.c.id).where(s.expected_agencies.c.key == entry.key)).first():
                raise ConfigError(f"名单中已有“{entry.name}”")
            new_id = conn.execute(
                insert(s.expected_agencies)
                .values(key=entry.key, **_row(entry), updated_by=who, updated_at=at)
                .returning(s.expected_agencies.c.id)
            ).scalar_one()
            log_agency(conn, "list_add", entry.name, _describe(entry), who, at)
        return replace(entry, id=int(new_id))

    def update_expected(self, entry_id: int, entry: ExpectedAgency, *, who: str) -> ExpectedAgency:
        at = datetime.now(UTC)
        with self.writer.begin() as conn:
            old = self._expected_row(conn, entry_id)
            clash = conn.execute(
                select(s.expected_agencies.c.id).where(
                    and_(s.expected_agencies.c.key == entry.key, s.expected_agencies.c.id != entry_id)
                )
            ).first()
            if clash:
                raise ConfigError(f"名单中已有“{entry.name}”")
            conn.execute(
                update(s.expected_agencies)
                .where(s.expected_agencies.c.id == entry_id)
                .values(key=entry.key, **_row(entry), updated_by=who, updated_at=at)
            )
            log_agency(conn, "list_edit", entry.name, f"原为：{_describe(old)}；现为：{_describe(entry)}", who, at)
        return replace(entry, id=entry_id)

    def delete_expected(self, entry_id: int, *, who: str) -> ExpectedAgency:
        at = datetime.now(UTC)
        with self.writer.begin() as conn:
            old = self._expected_row(conn, entry_id)
            conn.execute(delete(s.expected_agencies).where(s.expected_agencies.c.id == entry_id))
            log_agency(conn, "list_delete", old.name, _describe(old), who, at)
        return old

    @staticmethod
    def _expected_row(conn: Connection, entry_id: int) -> ExpectedAgency:
        row = conn.execute(select(s.expected_agencies).where(s.expected_agencies.c.id == entry_id)).first()
        if row is None:
            raise ConfigError(f"名单中没有编号为 {entry_id} 的机关")
        return _entry(row)

    def coverage(self, year: int, *, parent: str | None = None, level: str | None = None) -> Coverage:
        """Who on the list has published for ``year``, on time or late, with errors, and who has not."""
        everything = self.expected()
        entries = [e for e in everything if e.expected_in(year) and (not parent or e.parent == parent)]
        if level:
            entries = [e for e in entries if (e.level or "") == level]
        with self.engine.connect() as conn:
            found = conn.execute(active_versions().order_by(None).where(s.reports.c.year == year)).all()
            counts = finding_counts(conn, [r.version_id for r in found])
        by_key = {r.agency_key: r for r in found}
        listed_keys: set[str] = set()
        for e in everything:  # the whole list: a report of any listed agency is not "unexpected"
            listed_keys.update(_key(n) for n in (e.name, *e.aliases))
        rows: list[CoverageRow] = []
        for e in entries:
            hit = next((by_key[k] for k in (_key(n) for n in (e.name, *e.aliases)) if k in by_key), None)
            if hit is None:
                rows.append(CoverageRow(e, "missing"))
                continue
            c = counts.get(hit.version_id, {})
            report = Published(
                hit.agency, hit.agency_key, hit.version, hit.published, c.get("error", 0), c.get("warning", 0)
            )
            status, due, late, message = judge_deadline(e, year, hit.published)
            rows.append(CoverageRow(e, status, report, due, late, message))
        tally = dict.fromkeys(STATUS_LABELS, 0)
        for r in rows:
            tally[r.status] += 1
        tally["expected"] = len(rows)
        tally["published"] = sum(1 for r in rows if r.report is not None)
        tally["errors"] = sum(1 for r in rows if r.report is not None and r.report.errors)
        unexpected = [
            Published(r.agency, r.agency_key, r.version, r.published, counts.get(r.version_id, {}).get("error", 0),
                      counts.get(r.version_id, {}).get("warning", 0))
            for r in sorted(found, key=lambda r: r.agency_key)
            if r.agency_key not in listed_keys
        ]  # fmt: skip
        return Coverage(year, rows, tally, unexpected)


def _row(e: ExpectedAgency) -> dict[str, Any]:
    return {
        "name": e.name,
        "level": e.level,
        "parent": e.parent,
        "aliases": list(e.aliases),
        "from_year": e.from_year,
        "to_year": e.to_year,
    }


def _entry(r: Any) -> ExpectedAgency:
    return ExpectedAgency(r.name, r.level, r.parent, tuple(r.aliases or ()), r.from_year, r.to_year, int(r.id))


def _describe(e: ExpectedAgency) -> str:
    parts = [e.name, f"层级 {e.level or '—'}", f"上级 {e.parent or '—'}"]
    if e.aliases:
        parts.append("别名 " + "、".join(e.aliases))
    if e.from_year or e.to_year:
        parts.append(f"年度 {e.from_year or '…'}–{e.to_year or '…'}")
    return "，".join(parts)


__all__ = [
    "KIND_NAMES",
    "STATUS_LABELS",
    "Coverage",
    "CoverageMixin",
    "CoverageRow",
    "ExpectedAgency",
    "Published",
    "expected_agency",
    "judge_deadline",
    "read_expected_list",
]
