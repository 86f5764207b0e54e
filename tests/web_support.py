"""Shared set-up of the web tests: a library with reports and three users, and signed-in test clients."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import gongkai
from gongkai.examples import example_paths
from gongkai.web.app import create_app
from gongkai.web.settings import WebSettings

PASSWORDS = {"管理员甲": "admin-pass-2026", "审核员乙": "review-pass-2026", "访客丙": "viewer-pass-2026"}
ROLES = {"管理员甲": "admin", "审核员乙": "reviewer", "访客丙": "viewer"}
SECRET = "test-secret-" + "x" * 40


@dataclass
class Site:
    """A web app over one library, and a way to get clients signed in as each user."""

    db: str
    settings: WebSettings

    def app(self, **changes: Any) -> Any:
        from dataclasses import replace

        return create_app(self.db, replace(self.settings, **changes) if changes else self.settings)

    def client(self, who: str | None = None, app: Any = None) -> TestClient:
        client = TestClient(app or self.app(), follow_redirects=False)
        if who is not None:
            login(client, who, PASSWORDS[who])
        return client


def csrf_of(client: TestClient) -> str:
    """The session's CSRF token (as a page carries it)."""
    token = client.get("/api/me").json()["csrf_token"]
    assert isinstance(token, str) and len(token) >= 32
    return token


def login(client: TestClient, name: str, password: str) -> Any:
    page = client.get("/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token, page.text[:500]
    response = client.post(
        "/login", data={"name": name, "password": password, "csrf_token": token.group(1), "next": "/reports"}
    )
    return response


def make_site(folder: Path, inputs: list[Path], **settings: Any) -> Site:
    db = str(folder / "web.db")
    with gongkai.open(db) as lib:
        if inputs:
            lib.ingest(inputs, workers=1)
        for name, role in ROLES.items():
            lib.add_user(name, PASSWORDS[name], role, who="测试")
    return Site(db, WebSettings(secret=SECRET, **settings))


def examples() -> list[Path]:
    return list(example_paths())


def report_links(html: str) -> list[str]:
    return re.findall(r'href="(/reports/[^"/?]+/\d{4})"', html)


def example_site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The three bundled example reports (平潭 2019 and 2020, 市中区 2024) and the three users (a test
    module's ``site`` fixture: ``return example_site(tmp_path_factory)``)."""
    return make_site(tmp_path_factory.mktemp("web"), examples())
