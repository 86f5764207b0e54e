"""`gongkai check A B …` pairs consecutive years of one agency in the batch by itself."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from gongkai.cli import app
from tests.conftest import CORPUS, SEEDS


def test_batch_pairs_consecutive_years_of_one_agency() -> None:
    later, earlier, other = CORPUS / "pingtan-2020.txt", CORPUS / "pingtan-2019.txt", SEEDS / "000_1be5259def1e9e11.txt"
    done = CliRunner().invoke(app, ["check", "--json", str(later), str(other), str(earlier)])
    results = {r["summary"]["file"]: r["summary"] for r in json.loads(done.stdout)}
    assert results[str(later)]["previous"] == str(earlier)
    assert results[str(earlier)]["previous"] is None and results[str(other)]["previous"] is None
    assert results[str(later)]["rules_run"] > results[str(earlier)]["rules_run"]  # the x_* rules ran


def test_explicit_previous_wins_over_batch_pairing() -> None:
    later = CORPUS / "pingtan-2020.txt"
    done = CliRunner().invoke(
        app, ["check", "--json", "--previous", str(SEEDS / "000_1be5259def1e9e11.txt"), str(later)]
    )
    result = json.loads(done.stdout)
    assert result["summary"]["previous"].endswith("000_1be5259def1e9e11.txt")
    assert "x_pair" in {f["rule"] for f in result["findings"]}  # a different agency: the pair is flagged
