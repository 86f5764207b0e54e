"""The library's tables (SQLAlchemy Core).  Alembic migrations in ``migrations/`` create exactly these.

::

    agencies ─< reports ─< versions ─< cells        one row per canonical cell id (value kind, raw, source)
                  (agency, year)  │  ├─< sections   the six sections as printed
                                  │  └─< findings   rule findings of that version (scope report | pair)
                                  └── files         original bytes, content-addressed (sha256)
                                  versions ─< version_files   other files of the same publication
    version_log                                      set-current / delete by an administrator
    reviews, review_log                              reviewer decisions keyed by a finding's fingerprint
    ingest_runs ─< ingest_failures                   every batch and every file it could not store
    users, user_log, settings                        web users (argon2 hashes) and roles, what was done to
                                                     them, and the web app's settings (its session secret)
    expected_agencies, agency_log                    the agencies expected to publish (报送情况) and what was
                                                     done to them and to agencies' region and level
    drafts, generations                              reports filled in on the web (填报) and every standard
                                                     report generated there (forced or not)

A report is one agency's report for one year.  Each publication of it is an immutable *version* (its
file, and other files of the same publication in ``version_files``); a corrected re-publication becomes a
new version.  The ``active`` (current) version is chosen by rule — latest publication, then best
reading — unless an administrator ``pinned`` one.  Cells keep blank ≠ 0:
``value`` is NULL unless the document printed a number, and ``kind`` says what was printed instead.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    false,
)

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

agencies = Table(
    "agencies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(255), nullable=False, unique=True),  # normalised name: the identity of an agency
    Column("name", String(255), nullable=False),  # the name as first printed
    Column("region", String(100)),
    Column("level", String(50)),
    Column("created_at", DateTime(timezone=True), nullable=False),
)

files = Table(
    "files",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", Integer, nullable=False),
    Column("content", LargeBinary, nullable=False),  # the original bytes, exactly as ingested
    Column("added_at", DateTime(timezone=True), nullable=False),
)

reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency_id", Integer, ForeignKey("agencies.id"), nullable=False),
    Column("year", Integer, nullable=False),
    UniqueConstraint("agency_id", "year", name="uq_reports_agency_year"),
)

versions = Table(
    "versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("number", Integer, nullable=False),  # 1, 2, … in order of ingest
    Column("active", Boolean, nullable=False),
    Column("sha256", String(64), ForeignKey("files.sha256"), nullable=False, unique=True),
    Column("file_name", Text, nullable=False),  # original file name (zip members: archive.zip!member)
    Column("form", String(20), nullable=False),  # sniffed form: text, html, docx, ole, pdf, payload
    Column("format", String(8), nullable=False),  # 2021 or 2019 (trial format)
    Column("merged_other", Boolean, nullable=False),
    Column("layout", String(30), nullable=False),
    Column("agency_printed", Text),  # agency as read from the document (NULL when taken from the file name)
    Column("agency_from", String(10), nullable=False),  # document | filename
    Column("year_from", String(10), nullable=False),  # document | filename
    Column("published", String(10)),  # ISO date of publication when known
    Column("meta", JSON, nullable=False),
    Column("notes", JSON, nullable=False),  # reading notes of the extraction
    Column("parser", String(20), nullable=False),  # gongkai version that read it
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # the previous year's version this one was last compared with (cross-year rules); NULL: none stored
    Column("compared_with", Integer, ForeignKey("versions.id", ondelete="SET NULL")),
    Column("uncertain", Integer),  # cells our reading is unsure of (the better reading of a publication wins)
    Column("pinned", Boolean, nullable=False, server_default=false()),  # made current by an administrator
    UniqueConstraint("report_id", "number", name="uq_versions_report_number"),
)

# the other files of a version: the same publication in other forms (its .html beside its .txt …)
version_files = Table(
    "version_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("sha256", String(64), ForeignKey("files.sha256"), nullable=False, unique=True),
    Column("file_name", Text, nullable=False),
    Column("form", String(20), nullable=False),
    Column("added_at", DateTime(timezone=True), nullable=False),
)

# what administrators did to versions (set-current, delete), who and when
version_log = Table(
    "version_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", Integer, ForeignKey("reports.id"), nullable=False),
    Column("number", Integer, nullable=False),
    Column("action", String(20), nullable=False),  # set_current | unpin | delete
    Column("who", String(100), nullable=False),
    Column("comment", Text),
    Column("at", DateTime(timezone=True), nullable=False),
)

cells = Table(
    "cells",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True),
    Column("cell", String(64), primary_key=True),  # canonical cell id, e.g. t2.r_new.natural
    Column("kind", String(10), nullable=False),  # number, blank, dash, text, ambiguous, missing
    Column("value", Float),  # NULL unless a number was printed (blank ≠ 0)
    Column("raw", Text, nullable=False),
    Column("note", Text),
    Column("alternatives", JSON),
    Column("source", JSON),
)

sections = Table(
    "sections",
    metadata,
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), primary_key=True),
    Column("section", String(8), primary_key=True),  # s1 … s6
    Column("heading", Text, nullable=False),
    Column("ordinal", String(20)),
    Column("text", Text, nullable=False),
    Column("source", JSON),
    Column("lines", JSON),  # where each line of the text starts (evidence from the library = from the file)
)

findings = Table(
    "findings",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", Integer, ForeignKey("versions.id", ondelete="CASCADE"), nullable=False),
    Column("scope", String(10), nullable=False),  # report (one report) | pair (against the previous year)
    Column("previous_version_id", Integer, ForeignKey("versions.id", ondelete="SET NULL")),
    Column("fingerprint", String(40), nullable=False),
    Column("rule", String(40), nullable=False),
    Column("severity", String(10), nullable=False),
    Column("origin", String(10), nullable=False),
    Column("message", Text, nullable=False),
    Column("cells", JSON, nullable=False),
    Column("expected", JSON),
    Column("actual", JSON),
    Column("evidence", JSON, nullable=False),
    Column("detail", JSON, nullable=False),
    Index("ix_findings_version_scope", "version_id", "scope"),
    Index("ix_findings_fingerprint", "fingerprint"),
)

reviews = Table(
    "reviews",
    metadata,
    Column("fingerprint", String(40), primary_key=True),
    Column("state", String(12), nullable=False),  # confirmed | dismissed | open
    Column("comment", Text),
    Column("reviewer", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

review_log = Table(
    "review_log",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("fingerprint", String(40), nullable=False, index=True),
    Column("state", String(12), nullable=False),
    Column("comment", Text),
    Column("reviewer", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

ingest_runs = Table(
    "ingest_runs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("started_at", DateTime(timezone=True), nullable=False),
    Column("finished_at", DateTime(timezone=True)),
    Column("inputs", JSON, nullable=False),
    Column("stored", Integer, nullable=False, default=0),
    Column("unchanged", Integer, nullable=False, default=0),
    Column("failed", Integer, nullable=False, default=0),
)

ingest_failures = Table(
    "ingest_failures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("ingest_runs.id", ondelete="CASCADE"), nullable=False),
    Column("file_name", Text, nullable=False),
    Column("sha256", String(64)),
    Column("error", String(40), nullable=False),  # class of the error, e.g. CorruptInput
    Column("message", Text, nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

# people who use the web app: 管理员 (admin), 审核员 (reviewer), 访客 (viewer); passwords as argon2 hashes
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String(100), nullable=False, unique=True),
    Column("role", String(12), nullable=False),  # admin | reviewer | viewer
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("password_changed_at", DateTime(timezone=True), nullable=False),
)


def _log(table: str, *, name_length: int, action_length: int) -> Table:
    """A log of what was done to something named: its name, the action, a detail, who and when."""
    return Table(
        table,
        metadata,
        Column("id", Integer, primary_key=True),
        Column("name", String(name_length), nullable=False),
        Column("action", String(action_length), nullable=False),
        Column("detail", Text),
        Column("who", String(100), nullable=False),
        Column("at", DateTime(timezone=True), nullable=False),
    )


# what was done to users (added, password set, role changed, disabled, enabled), who and when
user_log = _log("user_log", name_length=100, action_length=20)

# settings kept with the library (e.g. the web app's session secret, generated on first run)
settings = Table(
    "settings",
    metadata,
    Column("key", String(50), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# 报送情况: the agencies expected to publish a report (a 政务公开办's list), matched to the library by key
expected_agencies = Table(
    "expected_agencies",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(255), nullable=False, unique=True),  # agency_key of the name
    Column("name", String(255), nullable=False),
    Column("level", String(50)),  # 县级部门, 乡镇街道 … (as the list gives it)
    Column("parent", String(255)),  # the body it reports to (上级), as the list names it
    Column("aliases", JSON, nullable=False),  # other names it publishes under (keys are matched too)
    Column("from_year", Integer),  # expected from this report year on (NULL: always)
    Column("to_year", Integer),  # expected up to this report year (NULL: still expected)
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

# what was done to agencies and to the list of expected agencies (region/level corrected, list uploaded …)
agency_log = _log("agency_log", name_length=255, action_length=30)

# 填报: reports filled in on the web form, kept as drafts (the JSON of ``gongkai parse --json``)
drafts = Table(
    "drafts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency", String(255), nullable=False),
    Column("agency_key", String(255), nullable=False),
    Column("year", Integer, nullable=False),
    Column("data", JSON, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    UniqueConstraint("agency_key", "year", name="uq_drafts_agency_year"),
)

# every standard report generated on the web form: who, which form, and whether errors were overridden
generations = Table(
    "generations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("agency", String(255), nullable=False),
    Column("year", Integer),
    Column("form", String(10), nullable=False),  # docx | pdf | html | md
    Column("forced", Boolean, nullable=False),  # generated although the checks found errors
    Column("errors", Integer, nullable=False),
    Column("warnings", Integer, nullable=False),
    Column("findings", JSON, nullable=False),  # [{rule, severity, message}] of the errors (and warnings)
    Column("who", String(100), nullable=False),
    Column("at", DateTime(timezone=True), nullable=False),
)

Index("ix_versions_report", versions.c.report_id)
# findings counted and ordered by severity and origin without reading their rows (the web app's lists)
Index("ix_findings_version_severity", findings.c.version_id, findings.c.severity, findings.c.origin)
