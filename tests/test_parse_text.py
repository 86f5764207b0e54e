"""Text-layout details: Word artefacts and continuations, web metadata, fused digits, provenance."""

from __future__ import annotations

import gongkai
from gongkai.normalize import Kind
from tests.conftest import CORPUS, SEEDS


def test_word_tab_continuation_lines_join_their_cell() -> None:
    report = gongkai.read(SEEDS / "000_1be5259def1e9e11.txt")
    # "5.要求行政机关确认或重新" / "出具已获取信息" is one label; its row is read
    assert report.value("t2.o_reject_confirm.total").kind is Kind.NUMBER
    doc = gongkai.read_document(SEEDS / "000_1be5259def1e9e11.txt")
    texts = [c.text for t in doc.tables for row in t.rows for c in row]
    assert "5.要求行政机关确认或重新出具已获取信息" in texts
    assert not any("[bookmark" in t for t in texts)
    assert not any("— 1 —" in p.text for p in doc.paragraphs)


def test_values_keep_raw_text_and_where_they_were_printed() -> None:
    report = gongkai.read(SEEDS / "002_08508a3c99ea3aa7.txt")
    value = report.value("t2.r_new.total")
    assert value.number == 17 and value.kind is Kind.NUMBER
    assert value.source is not None and value.source.line is not None
    line = (SEEDS / "002_08508a3c99ea3aa7.txt").read_text(encoding="utf-8").splitlines()[value.source.line - 1]
    assert line.strip() == value.raw.strip() == "17"


def test_u3000_padded_numbers_read_as_numbers() -> None:
    report = gongkai.read(SEEDS / "002_08508a3c99ea3aa7.txt")
    v = report.value("t1.normative.issued")
    assert v.number == 4 and "\u3000" in v.raw


def test_web_page_metadata_gives_publication_date_and_index() -> None:
    report = gongkai.read(SEEDS / "003_88a8dc7d33e7281e.txt")
    assert report.meta["published"] == "2025-01-15"
    assert report.meta["index_no"] == "/2025-5503754"
    assert report.meta["publisher"] == "高新区发展改革局"
    assert report.layout == "web_pipe"


def test_contacts_and_period() -> None:
    report = gongkai.read(SEEDS / "000_1be5259def1e9e11.txt")
    contact = report.meta["contact"]
    assert contact["postcode"] == "255000" and contact["email"] == "zdqcmj@163.com"
    assert contact["phone"].startswith("0533")
    period = report.meta["statistics_period"]
    assert (period["start"], period["end"]) == ("2024-01-01", "2024-12-31")


def test_sections_as_printed_with_their_ordinals() -> None:
    report = gongkai.read(SEEDS / "001_405f20c665fb23e7.txt")
    assert [s.ordinal for s in report.sections] == ["一、", "2、", "3、", "4、", "5、", "六、"]
    s5 = report.section("s5")
    assert s5 is not None and s5.text and "主动公开政府信息情况" not in s5.text


def test_fused_digits_recovered_with_a_note_and_ambiguity_reported() -> None:
    report = gongkai.read(CORPUS / "pingtan-2019.txt")
    v = report.value("t2.r_new.natural")
    assert (v.number, v.raw) == (23, "23") and v.note and "拆分" in v.note
    # 规范性文件 "898989" has ten admissible splits: no value, alternatives kept, a reading note
    amb = report.value("t1.normative.made_new")
    assert amb.kind is Kind.AMBIGUOUS and amb.number is None and "89/89/89" in amb.alternatives
    assert any(n.code == "split_ambiguous" and "t1.normative.made_new" in n.cells for n in report.notes)


def test_inferred_split_is_recorded_as_inferred() -> None:
    report = gongkai.read(CORPUS / "pingtan-2019.txt")
    v = report.value("t1.licensing.decisions")
    assert v.number == 181 and "本年增/减为0" in (v.note or "") and v.alternatives
    assert any(n.code == "split_inferred" and "t1.licensing.decisions" in n.cells for n in report.notes)


def test_merged_other_row_is_o_other_all_never_o_other() -> None:
    report = gongkai.read(CORPUS / "pingtan-2020.txt")
    assert report.merged_other and report.format == "2019"
    assert report.cells["t2.o_other_all.natural"] == 4
    assert "t2.o_other.natural" not in report.cells


def test_detached_rows_are_placed_by_order_and_say_so() -> None:
    report = gongkai.read(CORPUS / "stcsm-2024.md")
    assert report.cells["t2.o_deny_internal.total"] == 1
    assert report.value("t2.r_next.total").kind is Kind.BLANK  # printed empty: stays blank, not 0
    assert any(n.code == "row_by_order" and "t2.o_deny_internal.total" in n.cells for n in report.notes)


def test_layout_is_sniffed_from_content_not_the_file_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    odd = tmp_path / "report.pdf"
    odd.write_bytes((SEEDS / "004_d718a75fa27fc17b.txt").read_bytes())
    assert gongkai.read(odd).cells == gongkai.read(SEEDS / "004_d718a75fa27fc17b.txt").cells


def test_gbk_encoded_text_reads_the_same(tmp_path) -> None:  # type: ignore[no-untyped-def]
    text = (SEEDS / "003_88a8dc7d33e7281e.txt").read_text(encoding="utf-8")
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(text.encode("gb18030"))
    assert gongkai.read(gbk).cells == gongkai.read(SEEDS / "003_88a8dc7d33e7281e.txt").cells
