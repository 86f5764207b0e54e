"""Users in the library (argon2, roles, the last administrator, the log) and the `gongkai user` / `serve` commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import gongkai
from gongkai.cli import app as cli
from gongkai.errors import ConfigError
from gongkai.store import Library, schema
from gongkai.store.users import role_of


def test_users_are_stored_with_argon2_hashes_only(library: Library) -> None:
    added = library.add_user("张三", "correct horse battery", "审核员", who="管理员")
    assert added.role == "reviewer" and added.role_label == "审核员" and added.active
    with library.engine.connect() as conn:
        (row,) = conn.execute(schema.users.select()).mappings()
    assert row["password_hash"].startswith("$argon2id$") and "correct horse" not in row["password_hash"]
    assert library.authenticate("张三", "correct horse battery") == added
    assert library.authenticate("张三", "wrong horse battery") is None
    assert library.authenticate("李四", "correct horse battery") is None
    assert library.authenticate("张三", "x" * 5000) is None


def test_user_rules(library: Library) -> None:
    library.add_user("admin", "first-admin-pass", "admin", who="t")
    with pytest.raises(ConfigError, match="已存在"):
        library.add_user("admin", "another-pass-1", "viewer", who="t")
    with pytest.raises(ConfigError, match="密码过短"):
        library.add_user("short", "1234567", "viewer", who="t")
    with pytest.raises(ConfigError, match="与用户名相同"):
        library.add_user("samesame1", "samesame1", "viewer", who="t")
    with pytest.raises(ConfigError, match="角色应为"):
        library.add_user("boss", "boss-password-1", "boss", who="t")
    for bad in ("", "a b", "a/b", "tab\there", "x" * 101):
        with pytest.raises(ConfigError):
            library.add_user(bad, "valid-password-1", "viewer", who="t")
    with pytest.raises(ConfigError, match="唯一的管理员"):
        library.set_role("admin", "viewer", who="t")
    with pytest.raises(ConfigError, match="唯一的管理员"):
        library.set_active("admin", False, who="t")
    library.add_user("second", "second-admin-1", "管理员", who="t")
    assert library.set_role("admin", "访客", who="second").role == "viewer"
    with pytest.raises(ConfigError, match="没有用户"):
        library.set_password("nobody", "whatever-pass", who="t")
    before = library.user("second")
    assert before is not None
    after = library.set_password("second", "changed-pass-2", who="t")
    assert after.stamp != before.stamp  # sessions carrying the old stamp end
    assert library.authenticate("second", "second-admin-1") is None
    assert library.authenticate("second", "changed-pass-2") is not None
    library.add_user("gone", "gone-password-1", "viewer", who="t")
    library.set_active("gone", False, who="second")
    assert library.authenticate("gone", "gone-password-1") is None
    assert [(e["name"], e["action"]) for e in library.user_log()][:3] == [
        ("gone", "disable"),
        ("gone", "add"),
        ("second", "passwd"),
    ]
    assert role_of("Reviewer") == "reviewer"


def test_the_session_secret_is_made_once_and_kept(library: Library) -> None:
    first = library.ensure_setting("session_secret", lambda: "one-" + "a" * 40)
    second = library.ensure_setting("session_secret", lambda: "two-" + "b" * 40)
    assert first == second == "one-" + "a" * 40


def _run(args: list[str], stdin: str | None = None) -> Any:
    return CliRunner().invoke(cli, args, input=stdin)


def test_user_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GONGKAI_REVIEWER", "系统管理员")
    db = str(tmp_path / "u.db")
    got = _run(["user", "add", "王五", "--role", "管理员", "--db", db], "wang-wu-pass-1\n")
    assert got.exit_code == 0, got.output
    assert "已添加用户：王五（管理员）" in got.output
    again = _run(["user", "add", "王五", "--role", "访客", "--db", db], "another-pass-1\n")
    assert again.exit_code == 2 and "已存在" in again.output
    short = _run(["user", "add", "赵六", "--role", "访客", "--db", db], "123\n")
    assert short.exit_code == 2 and "密码过短" in short.output
    bad_role = _run(["user", "add", "赵六", "--role", "老板", "--db", db], "zhao-liu-pass-1\n")
    assert bad_role.exit_code == 2 and "角色应为" in bad_role.output
    assert _run(["user", "add", "赵六", "--role", "reviewer", "--db", db], "zhao-liu-pass-1\n").exit_code == 0
    listed = _run(["user", "list", "--db", db])
    assert "王五  管理员  在用" in listed.output and "赵六  审核员  在用" in listed.output
    assert _run(["user", "passwd", "赵六", "--db", db], "zhao-new-pass-2\n").exit_code == 0
    assert _run(["user", "role", "赵六", "--role", "访客", "--db", db]).exit_code == 0
    assert _run(["user", "disable", "赵六", "--db", db]).exit_code == 0
    last = _run(["user", "role", "王五", "--role", "访客", "--db", db])
    assert last.exit_code == 2 and "唯一的管理员" in last.output
    with gongkai.open(db) as lib:
        zhao = lib.user("赵六")
        assert zhao is not None and zhao.role == "viewer" and not zhao.active
        assert lib.authenticate("王五", "wang-wu-pass-1") is not None
        assert {e["who"] for e in lib.user_log()} == {"系统管理员"}
    assert _run(["user", "passwd", "没有的人", "--db", db], "whatever-pass-1\n").exit_code == 2
    empty = _run(["user", "list", "--db", str(tmp_path / "none.db")])
    assert empty.exit_code == 2 and "不存在" in empty.output


def test_serve_with_example_ingests_and_starts_uvicorn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: dict[str, Any] = {}

    def fake_run(app: Any, **kwargs: Any) -> None:
        started.update(kwargs, app=app)

    monkeypatch.setattr(uvicorn, "run", fake_run)
    monkeypatch.delenv("GONGKAI_ANONYMOUS_READ", raising=False)
    db = str(tmp_path / "served.db")
    got = _run(["serve", "--example", "--db", db, "--port", "8123"])
    assert got.exit_code == 0, got.output
    assert "示例报告已入库：新入库 3" in got.output and "http://127.0.0.1:8123/" in got.output
    assert "尚无用户" in got.output
    assert started["host"] == "127.0.0.1" and started["port"] == 8123
    assert started["app"].state.settings.anonymous_read  # the bundled public reports: readable at once
    with gongkai.open(db) as lib:
        assert len(lib.reports()) == 3
    plain = _run(["serve", "--db", db, "--host", "0.0.0.0"])
    assert plain.exit_code == 0 and "其他电脑可以访问" in plain.output
    assert not started["app"].state.settings.anonymous_read
    assert _run(["serve", "--db", db, "--port", "0"]).exit_code == 2
