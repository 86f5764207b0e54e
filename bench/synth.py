"""Many realistic text reports, made from the real ones by varying their numbers consistently.

    python3 bench/synth.py N OUTDIR [--seed S]

``generate(n, outdir, seed)`` writes ``n`` text reports and ``OUTDIR/manifest.jsonl`` (one JSON line per
file: file, agency, year, template, format, previous, cells, error) and returns the paths it wrote.

Each file is one of the real text reports (seeds and corpus ``.txt``/``.md``, ``corpus.text_reports()``)
rewritten:

- every table value the parser read is replaced, at the place the parser says it was printed
  (``Value.source`` line/char and raw), by a new number; the new numbers satisfy every table identity of
  the report's format (t2 balance, outcome totals and row totals, t3 group totals).  Cells the template
  prints blank stay blank (they count as 0, so the identities are kept with 0 there); the 2019 trial
  table one has no identity, so its cells keep the template's numbers;
- counts that the narrative states about the tables (the statements the ``n_t2_counts`` / ``n_t3_counts``
  rules match in the template) are rewritten with the new table values, and statements such as
  "未收到政府信息公开申请" / "无行政复议和行政诉讼" keep the cells they speak of at 0;
- the agency name is replaced everywhere it is printed by a generated one (区/县/市 × 局/委员会 …);
- every year is shifted by the same amount (title, statistics period, publication date = year + 1,
  "相比2023年" …); years inside 〔〕 (document numbers of notices) are left alone.

Agencies get runs of 2–5 consecutive years within 2019–2025; the 上年结转 of year N equals the 结转下年度
of year N−1 column by column, and the 现行有效 stock of table one continues (2021 format).  Reports of
2019–2020 use a 2019-format template when one is usable.  About 3 % of the reports carry one deliberate
table error (a single cell off by a few, never in 上年结转/结转下年度), recorded in the manifest.

Only templates that read back reliably are used: the template must read to exactly its gold cells
(``shared/corpus/gold``), and a trial rewrite must read back to its intended cells.  Templates are parsed
once; each file is then only string substitution (10,000 files in about 10 s of one core).

Manifest ``cells`` are the values a correct reader must find in the file (blank and unreadable cells:
``null``); for a report with a deliberate error, ``cells`` holds the printed (wrong) value and ``error``
says which cell and what the consistent value would have been.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import gongkai
from gongkai.check.dates import body_kind
from gongkai.extract.split import split_run
from gongkai.normalize import Kind
from gongkai.spec import FormatSpec, load

try:  # imported as bench.synth (tests) or run as a script (bench/ itself on sys.path)
    from bench.corpus import SHARED, text_reports
except ModuleNotFoundError:  # pragma: no cover - script mode
    from corpus import SHARED, text_reports  # type: ignore[no-redef]

Number = int | float
Cells = dict[str, Number | None]

YEARS = (2019, 2025)
RUN_LENGTHS = (2, 5)
ERROR_RATE = 0.03
MANIFEST = "manifest.jsonl"
GOLD = SHARED / "corpus" / "gold"

# ---------------------------------------------------------------------------------------------------
# agency names: 区/县/市 × departments (and, when those run out, a city prefix as a third level)

_PLACES = (
    "东城区 西城区 朝阳区 海淀区 丰台区 通州区 顺义区 昌平区 大兴区 怀柔区 平谷区 密云区 延庆区 和平区 河西区 南开区 "
    "红桥区 东丽区 西青区 津南区 北辰区 武清区 宝坻区 宁河区 静海区 蓟州区 长安区 桥西区 裕华区 正定县 行唐县 灵寿县 "
    "赞皇县 无极县 平山县 元氏县 赵县 辛集市 晋州市 新乐市 小店区 迎泽区 清徐县 阳曲县 古交市 城区 矿区 郊区 和林格尔县 "
    "托克托县 铁西区 皇姑区 浑南区 新民市 康平县 法库县 南关区 宽城区 绿园区 双阳区 九台区 榆树市 德惠市 农安县 道里区 "
    "南岗区 香坊区 平房区 呼兰区 阿城区 双城区 尚志市 五常市 依兰县 方正县 宾县 巴彦县 木兰县 通河县 延寿县 黄浦区 徐汇区 "
    "长宁区 静安区 普陀区 虹口区 杨浦区 闵行区 宝山区 嘉定区 浦东新区 金山区 松江区 青浦区 奉贤区 崇明区 玄武区 秦淮区 "
    "建邺区 鼓楼区 浦口区 栖霞区 雨花台区 江宁区 六合区 溧水区 高淳区 上城区 拱墅区 西湖区 滨江区 萧山区 余杭区 临平区 "
    "钱塘区 富阳区 临安区 桐庐县 淳安县 建德市 瑶海区 庐阳区 蜀山区 包河区 长丰县 肥东县 肥西县 庐江县 巢湖市 仓山区 "
    "台江区 晋安区 马尾区 长乐区 闽侯县 连江县 罗源县 闽清县 永泰县 福清市 东湖区 西湖区 青云谱区 青山湖区 新建区 南昌县 "
    "安义县 进贤县 历下区 市中区 槐荫区 天桥区 历城区 长清区 章丘区 济阳区 莱芜区 钢城区 平阴县 商河县 张店区 淄川区 "
    "博山区 临淄区 周村区 桓台县 高青县 沂源县 中原区 二七区 管城回族区 金水区 上街区 惠济区 中牟县 巩义市 荥阳市 新密市 "
    "新郑市 登封市 江岸区 江汉区 硚口区 汉阳区 武昌区 青山区 洪山区 东西湖区 汉南区 蔡甸区 江夏区 黄陂区 新洲区 芙蓉区 "
    "天心区 岳麓区 开福区 雨花区 望城区 长沙县 浏阳市 宁乡市 荔湾区 越秀区 海珠区 天河区 白云区 黄埔区 番禺区 花都区 "
    "南沙区 从化区 增城区 兴宁区 青秀区 江南区 西乡塘区 良庆区 邕宁区 武鸣区 隆安县 马山县 上林县 宾阳县 横州市 秀英区 "
    "龙华区 琼山区 美兰区 渝中区 大渡口区 江北区 沙坪坝区 九龙坡区 南岸区 北碚区 綦江区 大足区 渝北区 巴南区 黔江区 "
    "长寿区 江津区 合川区 永川区 锦江区 青羊区 金牛区 武侯区 成华区 龙泉驿区 青白江区 新都区 温江区 双流区 郫都区 "
    "新津区 金堂县 大邑县 蒲江县 都江堰市 彭州市 邛崃市 崇州市 简阳市 南明区 云岩区 花溪区 乌当区 白云区 观山湖区 "
    "开阳县 息烽县 修文县 清镇市 五华区 盘龙区 官渡区 西山区 东川区 呈贡区 晋宁区 富民县 宜良县 石林彝族自治县 嵩明县 "
    "安宁市 城关区 堆龙德庆区 达孜区 林周县 当雄县 尼木县 曲水县 墨竹工卡县 新城区 碑林区 莲湖区 灞桥区 未央区 雁塔区 "
    "阎良区 临潼区 长安区 高陵区 鄠邑区 蓝田县 周至县 七里河区 西固区 安宁区 红古区 永登县 皋兰县 榆中县 城东区 城中区 "
    "城西区 城北区 湟中区 大通回族土族自治县 兴庆区 西夏区 金凤区 永宁县 贺兰县 灵武市 天山区 沙依巴克区 水磨沟区 "
    "头屯河区 达坂城区 米东区 乌鲁木齐县"
)
_CITIES = "济南市 青岛市 淄博市 枣庄市 烟台市 潍坊市 济宁市 泰安市 威海市 日照市 临沂市 德州市 聊城市 滨州市 菏泽市"
_DEPARTMENTS = (
    "人民政府 人民政府办公室 发展和改革局 教育局 科学技术局 工业和信息化局 公安局 民政局 司法局 财政局 人力资源和社会保障局 "
    "自然资源局 住房和城乡建设局 交通运输局 水利局 农业农村局 商务局 文化和旅游局 卫生健康局 退役军人事务局 应急管理局 "
    "审计局 市场监督管理局 统计局 医疗保障局 城市管理局 行政审批服务局 信访局 林业局 体育局 机关事务服务中心 "
    "投资促进中心 住房公积金管理中心 民族宗教事务局 人民政府国有资产监督管理委员会 卫生健康委员会 发展改革委员会 "
    "教育体育局 自然资源和规划局 生态环境分局 综合行政执法局 大数据中心 政务服务中心 人民防空办公室 地方金融监督管理局"
)
CITIES = tuple(_CITIES.split())
DEPARTMENTS = tuple(_DEPARTMENTS.split())


# in order, each once; no 无/未/没 (a name like 无极县 would read as "无 …" in the narrative rules)
PLACES = tuple(p for p in dict.fromkeys(_PLACES.split()) if not re.search("[无未没不非]", p))


def agency_name(k: int) -> str:
    """The k-th generated agency name (distinct for distinct k)."""
    per_level = len(PLACES) * len(DEPARTMENTS)
    level, rest = divmod(k, per_level)
    place, dept = divmod(rest, len(DEPARTMENTS))
    name = PLACES[place] + DEPARTMENTS[dept]
    if level == 0:
        return name
    city = CITIES[(level - 1) % len(CITIES)]
    return city * (1 + (level - 1) // len(CITIES)) + name


# ---------------------------------------------------------------------------------------------------
# templates


@dataclass(frozen=True, slots=True)
class Slot:
    """A place in the template text that each generated report fills."""

    start: int
    end: int
    kind: str  # cell | sum | agency | year | date
    cell: str = ""  # kind cell
    plus: tuple[str, ...] = ()  # kind sum: narrative count = Σ plus − Σ minus
    minus: tuple[str, ...] = ()
    offset: int = 0  # kind year, date: printed year − report year
    month_day: str = ""  # kind date: "-MM-DD" as printed


@dataclass(frozen=True, slots=True)
class FusedRun:
    """Cells whose digits the template prints run together, and how many of them each printed piece holds."""

    cells: tuple[str, ...]
    sizes: tuple[int, ...]
    identities: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]  # (lhs, rhs) positions within ``cells``

    def accept(self, numbers: tuple[float, ...]) -> bool:
        return all(
            abs(sum(numbers[i] for i in lhs) - sum(numbers[i] for i in rhs)) < 1e-9 for lhs, rhs in self.identities
        )

    def reads_back(self, cells: dict[str, Number]) -> bool:
        """Whether the parser's splitter cuts the rewritten run back into exactly these cells."""
        texts = tuple(_fmt(cells[c]) for c in self.cells)
        if sum(map(len, texts)) == len(texts):
            return True  # one digit per cell: the only split
        return _splits_back(texts, self.sizes, self)


@lru_cache(maxsize=1 << 16)
def _splits_back(texts: tuple[str, ...], sizes: tuple[int, ...], run: FusedRun) -> bool:
    pieces = []
    i = 0
    for size in sizes:
        pieces.append("".join(texts[i : i + size]))
        i += size
    result = split_run(pieces, len(texts), run.accept if run.identities else None)
    return result.chosen is not None and result.chosen.parts == texts


@dataclass(slots=True, eq=False)
class Template:
    name: str
    suffix: str
    text: str
    version: str
    merged: bool
    agency: str
    year: int
    original: Cells  # the template's own reading, every cell of its format
    free: frozenset[str] = frozenset()  # cells rewritten with new numbers
    zero: frozenset[str] = frozenset()  # cells kept at 0 (blank in the template, or "无 …" in its narrative)
    fused: tuple[FusedRun, ...] = ()  # runs of fused digits among the free cells
    slots: tuple[Slot, ...] = ()
    statics: tuple[str, ...] = ()  # text between the slots (len(slots) + 1)
    notes: list[str] = field(default_factory=list)

    @property
    def spec(self) -> FormatSpec:
        return load(self.version, self.merged)  # type: ignore[arg-type]

    @property
    def carried_is_fused(self) -> bool:
        return any(run.cells[0].startswith("t2.r_carried.") for run in self.fused)


def _fmt(v: Number | None) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))
    return str(v)


def _digit_at(text: str, i: int) -> bool:
    return 0 <= i < len(text) and (text[i].isdigit() or text[i] == ".")


def _find_number(line: str, raw: str, start: int) -> int:
    """Offset of ``raw`` in ``line`` at or after ``start``, standing alone (no digit next to it)."""
    at = line.find(raw, start)
    while at >= 0:
        if not _digit_at(line, at - 1) and not _digit_at(line, at + len(raw)):
            return at
        at = line.find(raw, at + 1)
    return -1


def _squash_map(text: str) -> tuple[str, list[int]]:
    """NFKC text without whitespace, and for each of its characters the offset in ``text``."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        for c in unicodedata.normalize("NFKC", ch) if ord(ch) > 127 else ch:
            if not c.isspace():
                out.append(c)
                where.append(i)
    return "".join(out), where


_NARRATIVE_RULES = ("n_t2_counts", "n_t3_counts", "n_t1_counts")
_QUOTE = re.compile(r"正文“(.*)”所述|（“(.*)”），但表格")  # the quote in an info / an error message
_NONE_APPLIED = re.compile(r"(?:未|没有)(?:收到|受理|接到)[^，。；,;]{0,12}申请")
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d\d)(?![\d.])")
_DATE = re.compile(r"(?<![\d.])((?:19|20)\d\d)(-\d\d-\d\d)(?!\d)")
_COUNT_UNIT = "件条篇次个项起宗份余人元万亿%％"


def _narrative_slots(tpl: Template, report: gongkai.Report, squashed: str, where: list[int]) -> list[Slot]:
    """Slots for the narrative counts the template states about its tables; zero-statements pin cells."""
    from gongkai.check.text import counts

    slots: list[Slot] = []
    zero: set[str] = set(tpl.zero)
    for f in gongkai.check(report).findings:
        if f.rule == "n_t3_upheld" and f.severity.value == "info" and isinstance(f.expected, dict):
            zero.update(c for c, v in f.expected.items() if v == 0)  # "均获维持", "未被纠错": keep those at 0
            continue
        if f.rule not in _NARRATIVE_RULES or f.severity.value not in ("info", "error"):
            continue
        # a statement that agrees with the tables (info), or one that does not (error: then the rewrite
        # states the value of its first reading, so the generated report is consistent)
        name = str(f.detail.get("reading") or next(iter(f.detail.get("readings") or {}), ""))
        terms = (f.detail.get("terms") or {}).get(name)
        plus, minus = (tuple(terms["plus"]), tuple(terms["minus"])) if terms else (f.cells, ())
        m = _QUOTE.search(f.message)
        quote = (m.group(1) or m.group(2) or "") if m else ""
        stated = f.expected
        if stated == 0 and ("“无”" in f.message or _NONE_APPLIED.search(quote)):
            zero.update(plus)  # "无行政复议" / "未收到申请": these cells stay 0
            continue
        found = counts(quote)
        hits = [(n, pos) for n, _unit, pos in found if n == stated]
        if len(found) != 1 or len(hits) != 1 or f.rule == "n_t1_counts":
            if f.rule == "n_t1_counts" or not plus:
                tpl.notes.append(f"narrative count kept with its cells: {quote[:30]}")
                tpl.free = tpl.free - set(f.cells)
            else:
                tpl.notes.append(f"narrative count not rewritten: {quote[:30]}")
            continue
        _, pos = hits[0]
        digits = re.match(r"\d+", quote[pos:])
        assert digits is not None
        key, _ = _squash_map(quote)
        before = len(_squash_map(quote[:pos])[0])
        start = squashed.find(key)
        located = False
        while start >= 0:
            first, last = where[start + before], where[start + before + len(digits.group()) - 1]
            if unicodedata.normalize("NFKC", tpl.text[first : last + 1]) == digits.group():
                slots.append(Slot(first, last + 1, "sum", plus=tuple(plus), minus=tuple(minus)))
                located = True
            start = squashed.find(key, start + 1)
        if not located:
            tpl.notes.append(f"narrative count not found in the text: {quote[:30]}")
    tpl.zero = frozenset(zero)
    return slots


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.split("\n")[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    return starts


def _cell_slots(tpl: Template, report: gongkai.Report) -> tuple[list[Slot], str | None]:
    """Slots of the table values; returns (slots, reason the template cannot be used)."""
    lines = tpl.text.split("\n")
    starts = _line_starts(tpl.text)
    spec = tpl.spec
    slots: list[Slot] = []
    free: list[str] = []
    zero: set[str] = set()
    in_identity = {c for i in spec.identities for c in i.cells}
    runs: dict[str, list[tuple[str, int, int]]] = {}  # row key -> fused parts (cell, start, end)
    for cid in spec.cell_ids:
        v = report.value(cid)
        table = cid.split(".")[0]
        if tpl.version == "2019" and table == "t1":
            continue  # no identity binds the 2019 table one: its numbers stay as printed
        if v.kind in (Kind.BLANK, Kind.DASH):
            if cid in in_identity:
                zero.add(cid)  # counts as 0 in the identities: keep the others consistent with 0
            continue
        if v.kind is not Kind.NUMBER:
            if table == "t1":
                continue
            return [], f"{cid} reads as {v.kind.value}"
        src = v.source
        if src is None or src.line is None:
            return [], f"{cid} has no line"
        line = lines[src.line - 1]
        fused = bool(v.note and "连写" in v.note)
        if fused:
            at = src.char if src.char is not None and line[src.char : src.char + len(v.raw)] == v.raw else -1
        else:
            at = _find_number(line, v.raw, src.char or 0)
            if src.char is None and at >= 0 and _find_number(line, v.raw, at + 1) >= 0:
                at = -1  # two candidates on the line
        if at < 0:
            return [], f"{cid}: {v.raw!r} not found on line {src.line}"
        begin = starts[src.line - 1] + at
        if fused:
            if table == "t1":
                continue  # t1 rows have no identity to split a rewritten run
            key = cid.rsplit(".", 1)[0] if table == "t2" else "t3"
            runs.setdefault(key, []).append((cid, begin, begin + len(v.raw)))
        slots.append(Slot(begin, begin + len(v.raw), "cell", cell=cid))
        free.append(cid)
    fused_groups = []
    identities = tpl.spec.identities
    for parts in runs.values():
        sizes: list[int] = []
        last_end = -1
        for _cid, begin, end in parts:
            if begin == last_end:
                sizes[-1] += 1
            else:
                sizes.append(1)
            last_end = end
        cells = tuple(c for c, _, _ in parts)
        at = {c: k for k, c in enumerate(cells)}
        own = tuple(
            (tuple(at[c] for c in i.lhs), tuple(at[c] for c in i.rhs)) for i in identities if set(i.cells) <= set(cells)
        )
        fused_groups.append(FusedRun(cells, tuple(sizes), own))
    tpl.free = frozenset(free)
    tpl.zero = frozenset(zero)
    busy = ("t2.r_new.", "t2.o_open.", "t2.o_total.", "t2.o_none_hold.", "t2.o_partial.")  # most often ambiguous
    tpl.fused = tuple(sorted(fused_groups, key=lambda r: not r.cells[0].startswith(busy)))
    return slots, None


def _other_slots(tpl: Template, taken: list[tuple[int, int]]) -> list[Slot]:
    """Agency name everywhere, and every year (except inside 〔〕 and before a counting unit)."""
    text = tpl.text
    out: list[Slot] = []
    at = text.find(tpl.agency)
    while at >= 0:
        out.append(Slot(at, at + len(tpl.agency), "agency"))
        at = text.find(tpl.agency, at + len(tpl.agency))
    for m in _DATE.finditer(text):  # publication dates: kept within the deadline of the new agency's kind
        year = int(m.group(1))
        if tpl.year - 10 <= year <= tpl.year + 5:
            out.append(Slot(m.start(), m.end(), "date", offset=year - tpl.year, month_day=m.group(2)))
    dates = [(d.start, d.end) for d in out if d.kind == "date"]
    for m in _YEAR.finditer(text):
        if _overlaps(dates, m.start(), m.end()):
            continue
        year = int(m.group(1))
        if not tpl.year - 10 <= year <= tpl.year + 5:
            continue
        if text[m.start() - 1 : m.start()] in ("〔", "[", "［"):
            continue
        after = text[m.end() : m.end() + 3].lstrip()
        if after[:1] and after[0] in _COUNT_UNIT:
            continue
        out.append(Slot(m.start(), m.end(), "year", offset=year - tpl.year))
    spans = sorted(taken)
    return [s for s in out if not _overlaps(spans, s.start, s.end)]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a < end and start < b for a, b in spans)


def _gold_cells(name: str) -> dict[str, Any] | None:
    path = GOLD / (name.rsplit(".", 1)[0] + ".json")
    if not path.is_file():
        return None
    cells: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return cells


def _prepare(name: str, data: bytes) -> tuple[Template | None, str]:
    gold = _gold_cells(name)
    if gold is None:
        return None, "no gold file to verify its reading"
    report = gongkai.read(data, name)
    wrong = {c: (v, report.cells.get(c)) for c, v in gold.items() if report.cells.get(c) != v}
    if wrong:
        return None, f"reads {len(wrong)} cells differently from its gold, e.g. {next(iter(wrong.items()))}"
    if report.agency is None or report.year is None:
        return None, "agency or year not read"
    text = data.decode("utf-8-sig")
    if "\r" in text:
        return None, "CR line ends"
    tpl = Template(
        name=name,
        suffix=Path(name).suffix,
        text=text,
        version=report.format,
        merged=report.merged_other,
        agency=report.agency,
        year=report.year,
        original=dict(report.cells),
    )
    cell_slots, why = _cell_slots(tpl, report)
    if why:
        return None, why
    squashed, where = _squash_map(text)
    narrative = _narrative_slots(tpl, report, squashed, where)
    spans = [(s.start, s.end) for s in cell_slots]
    narrative = [s for s in narrative if not _overlaps(spans, s.start, s.end)]
    spans += [(s.start, s.end) for s in narrative]
    slots = sorted(cell_slots + narrative + _other_slots(tpl, spans), key=lambda s: s.start)
    # cells pinned to the template's numbers (by a narrative statement) stay static text
    slots = [s for s in slots if s.kind != "cell" or s.cell in tpl.free]
    statics = []
    pos = 0
    for s in slots:
        statics.append(text[pos : s.start])
        pos = s.end
    statics.append(text[pos:])
    tpl.slots = tuple(slots)
    tpl.statics = tuple(statics)
    # the slots must give back the template itself when filled with its own text
    same = [text[s.start : s.end] for s in slots]
    if _join(tpl, same) != text:
        return None, "slots do not rebuild the template"
    return tpl, ""


def _join(tpl: Template, fills: Sequence[str]) -> str:
    parts = [""] * (2 * len(tpl.statics) - 1)
    parts[0::2] = tpl.statics
    parts[1::2] = fills
    return "".join(parts)


@cache
def templates() -> tuple[tuple[Template, ...], tuple[tuple[str, str], ...]]:
    """(usable templates, (name, reason) of every skipped document), computed once per process."""
    usable: list[Template] = []
    skipped: list[tuple[str, str]] = []
    for name, data in text_reports():
        tpl, why = _prepare(name, data)
        if tpl is not None:
            why = _trial(tpl)
        if tpl is None or why:
            skipped.append((name, why))
        else:
            usable.append(tpl)
    return tuple(usable), tuple(skipped)


def _trial(tpl: Template) -> str:
    """Rewrite the template a few times and read it back: '' when every trial reads its intended cells."""
    for k in range(6):
        rng = random.Random(f"trial:{tpl.name}:{k}")
        agency = agency_name(rng.randrange(5000))
        year = rng.randint(*YEARS)
        level = ("none", "small", "medium", "large")[k % 4]
        values = _values(rng, tpl, Agency(agency, level), None, cap_next=False)
        data = render(tpl, values, agency, year)
        report = gongkai.read(data, f"trial{tpl.suffix}")
        want = intended(tpl, values)
        got = report.cells
        wrong = {c: (w, got.get(c)) for c, w in want.items() if got.get(c) != w}
        if wrong or report.agency != agency or report.year != year:
            return f"a rewrite does not read back ({len(wrong)} cells, agency {report.agency}, year {report.year})"
    return ""


# ---------------------------------------------------------------------------------------------------
# values

T2_COLUMNS = ("natural", "commercial", "research", "social", "legal", "other")
COLUMN_WEIGHTS = (0.78, 0.12, 0.01, 0.02, 0.04, 0.03)
LEAF_WEIGHTS = {
    "o_open": 40,
    "o_partial": 6,
    "o_deny_secret": 0.5,
    "o_deny_law": 1,
    "o_deny_safety": 0.5,
    "o_deny_third": 1.5,
    "o_deny_internal": 1,
    "o_deny_process": 1.5,
    "o_deny_enforce": 0.5,
    "o_deny_query": 1,
    "o_none_hold": 18,
    "o_none_make": 3,
    "o_none_unclear": 2,
    "o_reject_petition": 3,
    "o_reject_repeat": 3,
    "o_reject_publication": 0.5,
    "o_reject_mass": 0.5,
    "o_reject_confirm": 1,
    "o_other_overdue": 2,
    "o_other_fee": 0.3,
    "o_other": 3,
    "o_other_all": 5,
}
LEVELS = ("none", "small", "medium", "large")
LEVEL_WEIGHTS = (0.3, 0.35, 0.25, 0.1)
APPLICATIONS = {"none": (0, 1), "small": (1, 8), "medium": (6, 45), "large": (40, 400)}
LAWSUITS = {"none": 0.0, "small": 0.15, "medium": 0.5, "large": 3.0}


@dataclass(slots=True)
class Agency:
    name: str
    level: str
    stock: dict[str, int] = field(default_factory=dict)  # 现行有效 of rules / normative, year over year


@dataclass(slots=True)
class Values:
    cells: dict[str, Number]  # every free and zero cell of the template's format, consistent


def _spread(rng: random.Random, total: int, names: Sequence[str], weights: Sequence[float]) -> dict[str, int]:
    out = dict.fromkeys(names, 0)
    if total <= 0 or not names:
        return out
    for pick in rng.choices(names, weights, k=total):
        out[pick] += 1
    return out


def _poisson(rng: random.Random, mean: float) -> int:
    if mean <= 0:
        return 0
    n, p, limit = 0, 1.0, 2.718281828459045 ** (-min(mean, 30.0))
    while True:
        p *= rng.random()
        if p <= limit:
            return n if mean <= 30 else round(n * mean / 30.0)
        n += 1


@dataclass(frozen=True, slots=True)
class _Column:
    """One applicant column of t2 in a template: its cell ids and which of them must stay 0."""

    col: str
    new: str
    carried: str
    total: str
    next: str
    leaves: tuple[str, ...]  # cell ids of every outcome leaf
    open_leaves: tuple[str, ...]  # the leaves that may be non-zero
    cum_weights: tuple[float, ...]
    zero_new: bool
    zero_carried: bool
    zero_next: bool
    zero_done: bool  # (七)总计 kept at 0, or no leaf may be non-zero


@cache
def _t2_layout(tpl: Template) -> tuple[tuple[_Column, ...], tuple[tuple[str, tuple[str, ...]], ...]]:
    """The t2 columns of ``tpl`` and, for the 总计 column, (total cell, the cells it sums) per row."""
    rows = [r.id for r in tpl.spec.tables["t2"].data_rows]
    leaves = [r for r in rows if r not in ("r_new", "r_carried", "o_total", "r_next")]
    zero = set(tpl.zero)
    for row in rows:  # a total kept at 0 keeps its whole row at 0
        if f"t2.{row}.total" in zero:
            zero.update(f"t2.{row}.{c}" for c in T2_COLUMNS)
    columns = []
    for col in T2_COLUMNS:
        ids = tuple(f"t2.{leaf}.{col}" for leaf in leaves)
        open_ids = tuple(c for c in ids if c not in zero)
        weights = [LEAF_WEIGHTS.get(c.split(".")[1], 1.0) for c in open_ids]
        cum = tuple(sum(weights[: k + 1]) for k in range(len(weights)))
        columns.append(
            _Column(
                col=col,
                new=f"t2.r_new.{col}",
                carried=f"t2.r_carried.{col}",
                total=f"t2.o_total.{col}",
                next=f"t2.r_next.{col}",
                leaves=ids,
                open_leaves=open_ids,
                cum_weights=cum,
                zero_new=f"t2.r_new.{col}" in zero,
                zero_carried=f"t2.r_carried.{col}" in zero,
                zero_next=f"t2.r_next.{col}" in zero,
                zero_done=f"t2.o_total.{col}" in zero or not open_ids,
            )
        )
    totals = tuple((f"t2.{row}.total", tuple(f"t2.{row}.{c}" for c in T2_COLUMNS)) for row in rows)
    return tuple(columns), totals


def _t2(
    rng: random.Random,
    tpl: Template,
    agency: Agency,
    carried: dict[str, int] | None,
    cap_next: bool,
    tiny: bool = False,
    scale: float = 1.0,
) -> dict[str, int]:
    columns, totals = _t2_layout(tpl)
    lo, hi = APPLICATIONS[agency.level]
    if tiny:
        lo, hi = min(lo, 2), min(hi, 5)
    applications = round(rng.randint(lo, hi) * scale) if rng.random() < 0.9 else 0
    new_by_col = _spread(rng, applications, T2_COLUMNS, COLUMN_WEIGHTS)
    out: dict[str, int] = {}
    next_left = 9 if cap_next or tiny else 10**9
    random_ = rng.random
    for c in columns:
        new = 0 if c.zero_new else new_by_col[c.col]
        if carried is not None:
            carry = carried[c.col]
            if carry and c.zero_carried:
                raise ValueError(f"{tpl.name}: 上年结转 must be 0 in column {c.col}")
        else:
            carry = 0 if c.zero_carried else sum(random_() < 0.08 for _ in range(min(new, 40)))
        if tiny:
            new = min(new, max(0, 9 - carry))
        handle = new + carry
        nxt = 0 if c.zero_next else min(sum(random_() < 0.07 for _ in range(min(handle, 60))), next_left)
        if c.zero_done:
            if c.zero_next and handle:
                raise ValueError(f"{tpl.name}: cannot place {handle} applications in column {c.col}")
            nxt = handle
        next_left -= nxt
        done = handle - nxt
        for leaf in c.leaves:
            out[leaf] = 0
        if done:
            for leaf in rng.choices(c.open_leaves, cum_weights=c.cum_weights, k=done):
                out[leaf] += 1
        out[c.new] = new
        out[c.carried] = carry
        out[c.total] = done
        out[c.next] = nxt
    for total, parts in totals:
        out[total] = sum(out[p] for p in parts)
    return out


T3_PARTS = {"maintain": 6.0, "correct": 1.0, "other": 1.5, "pending": 1.5}


def _t3(rng: random.Random, tpl: Template, agency: Agency, tiny: bool = False, scale: float = 1.0) -> dict[str, int]:
    out: dict[str, int] = {}
    mean = LAWSUITS[agency.level] * scale
    for group, share in (("review", 1.0), ("suit_direct", 0.4), ("suit_after", 0.3)):
        open_parts = [p for p in T3_PARTS if f"t3.{group}_{p}" not in tpl.zero]
        total = 0 if f"t3.{group}_total" in tpl.zero or not open_parts else _poisson(rng, mean * share)
        if tiny:
            total = min(total, 9)
        spread = _spread(rng, total, open_parts, [T3_PARTS[p] for p in open_parts])
        for p in T3_PARTS:
            out[f"t3.{group}_{p}"] = spread.get(p, 0)
        out[f"t3.{group}_total"] = total
    return out


def _t1_2021(rng: random.Random, agency: Agency, previous_2021: bool) -> dict[str, Number]:
    out: dict[str, Number] = {}
    for row, chance, issue_max, start_max in (("rules", 0.06, 3, 40), ("normative", 0.55, 9, 80)):
        if row not in agency.stock or not previous_2021:
            agency.stock[row] = rng.randint(0, start_max) if rng.random() < chance * 1.5 else 0
        stock = agency.stock[row]
        issued = rng.randint(0, issue_max) if rng.random() < chance else 0
        abolished = rng.randint(0, min(stock, issue_max)) if stock and rng.random() < 0.3 else 0
        valid = stock + issued - abolished
        agency.stock[row] = valid
        out[f"t1.{row}.issued"], out[f"t1.{row}.abolished"], out[f"t1.{row}.valid"] = issued, abolished, valid
    scale = {"none": 0.2, "small": 1, "medium": 4, "large": 20}[agency.level]
    for row, mean in (("licensing", 120), ("punishment", 40), ("enforcement", 5)):
        out[f"t1.{row}.decisions"] = round(rng.expovariate(1 / (mean * scale))) if rng.random() < 0.5 else 0
    fees = rng.random() < 0.2
    out["t1.fees.amount_wan_yuan"] = round(rng.uniform(0.01, 300 * scale), rng.choice((0, 1, 2))) if fees else 0
    if isinstance(out["t1.fees.amount_wan_yuan"], float) and out["t1.fees.amount_wan_yuan"].is_integer():
        out["t1.fees.amount_wan_yuan"] = int(out["t1.fees.amount_wan_yuan"])
    return out


def _values(
    rng: random.Random,
    tpl: Template,
    agency: Agency,
    carried: dict[str, int] | None,
    cap_next: bool,
    previous_2021: bool = False,
) -> Values:
    """Consistent numbers for every free cell of ``tpl`` (fused runs: only readings with one split)."""
    cells: dict[str, Number] = _t1_2021(rng, agency, previous_2021) if tpl.version == "2021" else {}
    first = 4 if tpl.fused and agency.level == "large" else 0  # big numbers rarely split one way only
    for attempt in range(first, 30):  # fused runs: smaller numbers until every run has a single split
        tiny = attempt >= 12  # one digit per cell: always a single split
        scale = 0.7**attempt
        cells.update(_t2(rng, tpl, agency, carried, cap_next, tiny, scale))
        cells.update(_t3(rng, tpl, agency, tiny, scale))
        if all(run.reads_back(cells) for run in tpl.fused):
            return Values(cells)
    raise RuntimeError(f"{tpl.name}: no unambiguous fused reading found")


def intended(tpl: Template, values: Values, error: tuple[str, Number] | None = None) -> Cells:
    """What a correct reader finds in the rewritten report: every cell of the template's format."""
    cells = values.cells
    free = tpl.free
    out: Cells = {cid: cells[cid] if cid in free else tpl.original.get(cid) for cid in tpl.spec.cell_ids}
    if error is not None:
        out[error[0]] = error[1]
    return out


def render(tpl: Template, values: Values, agency: str, year: int, printed: dict[str, Number] | None = None) -> bytes:
    """The template text with the new table values, narrative counts, agency and years."""
    cells = values.cells
    shown = {c: str(v) if type(v) is int else _fmt(v) for c, v in cells.items()}
    for c, v in (printed or {}).items():
        shown[c] = _fmt(v)
    fills = []
    for s in tpl.slots:
        if s.kind == "cell":
            fills.append(shown[s.cell])
        elif s.kind == "sum":
            fills.append(_fmt(sum(cells.get(c, 0) for c in s.plus) - sum(cells.get(c, 0) for c in s.minus)))
        elif s.kind == "agency":
            fills.append(agency)
        elif s.kind == "date":
            fills.append(_date(year + s.offset, s.month_day, agency, s.offset == 1))
        else:
            fills.append(str(year + s.offset))
    return _join(tpl, fills).encode("utf-8")


def _date(year: int, month_day: str, agency: str, published: bool) -> str:
    """A date of the template in the new year; a department's publication date moves into January.

    (条例第四十九条: departments publish by 31 January, 本级人民政府 by 31 March; the templates' dates are
    timely for their own agency, so a department named in a government's template keeps its day in January.)
    """
    if published and month_day > "-01-31" and body_kind(agency) != "government":
        month_day = "-01" + month_day[3:]
    return f"{year}{month_day}"


# ---------------------------------------------------------------------------------------------------
# the plan: agencies, their years, templates, carry-over, deliberate errors


def _plan(n: int, rng: random.Random) -> Iterator[tuple[int, list[int]]]:
    """(agency number, its consecutive years) until ``n`` reports are planned."""
    left = n
    pool = max(len(PLACES) * len(DEPARTMENTS), n)
    order = rng.sample(range(pool), n // 2 + 1)  # agencies spread over places and departments
    k = 0
    while left > 0:
        length = min(left, rng.randint(*RUN_LENGTHS))
        first = rng.randint(YEARS[0], YEARS[1] - length + 1)
        agency = order[k] if k < len(order) else k
        yield agency, list(range(first, first + length))
        left -= length
        k += 1


def _pick_templates(rng: random.Random, years: list[int], usable: Sequence[Template]) -> list[Template]:
    old = [t for t in usable if t.version == "2019"]
    new = [t for t in usable if t.version == "2021"] or list(usable)
    chosen: list[Template] = []
    for year in years:
        pool = old if year <= 2020 and old else new
        last = chosen[-1] if chosen else None
        choices = [t for t in pool if t is not last] or pool
        chosen.append(rng.choice(choices))
    return chosen


def _deliberate_error(rng: random.Random, tpl: Template, values: Values) -> tuple[str, Number, Number] | None:
    """One identity cell off by a few (never 上年结转 / 结转下年度, so carry-over stays clean)."""
    in_identity = {c for i in tpl.spec.identities for c in i.cells}
    candidates = [
        c
        for c in tpl.spec.cell_ids
        if c in tpl.free and c in in_identity and not c.startswith(("t2.r_carried.", "t2.r_next."))
    ]
    if not candidates or tpl.fused:
        return None
    cell = rng.choice(candidates)
    good = int(values.cells[cell])
    delta = rng.choice((1, 1, 2, 3, 10)) * (rng.choice((1, -1)) if good > 3 else 1)
    return cell, good, good + delta


def generate(n: int, outdir: Path, seed: int = 0, error_rate: float = ERROR_RATE) -> list[Path]:
    """Write ``n`` synthetic text reports and ``manifest.jsonl`` into ``outdir``; return the report paths.

    The same ``n`` and ``seed`` give the same bytes.  ``error_rate`` is the share of reports that carry one
    deliberate table error.  Files already in ``outdir`` are overwritten when their name comes up, never
    deleted.
    """
    usable, _skipped = templates()
    if not usable:
        raise RuntimeError("no usable template (are ../shared/seeds and ../shared/corpus there?)")
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    paths: list[Path] = []
    manifest: list[str] = []
    plan = [
        (agency_no, rng.choices(LEVELS, LEVEL_WEIGHTS)[0], years, _pick_templates(rng, years, usable))
        for agency_no, years in _plan(n, rng)
    ]
    # deliberate errors only where digits are printed apart (a fused run with an error would not split)
    eligible = sum(1 for *_, chain in plan for tpl in chain if not tpl.fused)
    error_rate = min(1.0, error_rate * n / max(eligible, 1))
    for agency_no, level, years, chain in plan:
        agency = Agency(agency_name(agency_no), level)
        carried: dict[str, int] | None = None
        previous: str | None = None
        for i, (year, tpl) in enumerate(zip(years, chain, strict=True)):
            following = chain[i + 1] if i + 1 < len(chain) else None
            cap_next = following is not None and following.carried_is_fused
            previous_2021 = i > 0 and chain[i - 1].version == "2021"
            values = _values(rng, tpl, agency, carried, cap_next, previous_2021)
            error = _deliberate_error(rng, tpl, values) if rng.random() < error_rate else None
            printed = {error[0]: error[2]} if error else None
            name = f"r{len(paths):05d}-{year}{tpl.suffix}"
            path = outdir / name
            path.write_bytes(render(tpl, values, agency.name, year, printed))
            paths.append(path)
            record = {
                "file": name,
                "agency": agency.name,
                "year": year,
                "template": tpl.name,
                "format": tpl.version,
                "other_merged": tpl.merged,
                "previous": previous,
                "cells": intended(tpl, values, (error[0], error[2]) if error else None),
                "error": {"cell": error[0], "consistent": error[1], "printed": error[2]} if error else None,
            }
            manifest.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")))
            carried = {c: int(values.cells[f"t2.r_next.{c}"]) for c in T2_COLUMNS}
            previous = name
    (outdir / MANIFEST).write_text("\n".join(manifest) + "\n", encoding="utf-8")
    return paths


def read_manifest(outdir: Path) -> list[dict[str, Any]]:
    lines = (Path(outdir) / MANIFEST).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of reports")
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    usable, skipped = templates()
    t1 = time.perf_counter()
    paths = generate(args.n, args.outdir, args.seed)
    t2 = time.perf_counter()
    print(f"templates: {', '.join(t.name for t in usable)} (prepared in {t1 - t0:.2f} s)")
    for tpl in usable:
        for note in tpl.notes:
            print(f"  {tpl.name}: {note}")
    for name, why in skipped:
        print(f"skipped {name}: {why}")
    rate = len(paths) / (t2 - t1) if t2 > t1 else float("inf")
    print(f"wrote {len(paths)} reports + {MANIFEST} to {args.outdir} in {t2 - t1:.2f} s ({rate:.0f} files/s)")


if __name__ == "__main__":
    main(sys.argv[1:])
