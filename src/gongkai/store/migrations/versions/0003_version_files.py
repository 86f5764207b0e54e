"""one publication in several files; current version by rule, pinned by an administrator, logged

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("versions") as batch:
        batch.add_column(sa.Column("uncertain", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("pinned", sa.Boolean(), server_default=sa.false(), nullable=False))
    op.create_table(
        "version_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("form", sa.String(length=20), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["version_id"], ["versions.id"], name=op.f("fk_version_files_version_id_versions"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["sha256"], ["files.sha256"], name=op.f("fk_version_files_sha256_files")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_files")),
        sa.UniqueConstraint("sha256", name=op.f("uq_version_files_sha256")),
    )
    op.create_index(op.f("ix_version_files_version_id"), "version_files", ["version_id"], unique=False)
    op.create_table(
        "version_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("action", sa.String(length=20), nullable=False),
        sa.Column("who", sa.String(length=100), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["reports.id"], name=op.f("fk_version_log_report_id_reports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_log")),
    )


def downgrade() -> None:
    op.drop_table("version_log")
    op.drop_index(op.f("ix_version_files_version_id"), table_name="version_files")
    op.drop_table("version_files")
    with op.batch_alter_table("versions") as batch:
        batch.drop_column("pinned")
        batch.drop_column("uncertain")
