"""The narrative of a generated report: statements consistent with its tables, in many phrasings.

``narrative(rng, spec, cells, agency, year)`` returns the paragraphs of each prose section (sentences and
``Statement`` objects that state numbers); ``headings(rng, spec)`` the section headings as printed.

Every number a sentence states is true of the generated cells, in the words real reports use: 收到/新收/
受理 申请 N 件 (with or without 上年结转), 办结/答复, the outcome categories one by one, several joined
(予以公开及部分公开 = their sum), after their count (其中 12 件予以公开) and with shares (占 x%), 结转下年度,
复议/诉讼 counts with their results (其中结果维持…，尚未审结…), 均获维持, 未发生…被纠错或败诉, "no cases"
statements, table-one counts and the 信息处理费 in sections 一 and 六 — with full-width or ASCII
punctuation and numbers with or without spaces.  Beside them are numbers that are *not* table counts
and that no rule may compare: changes (同比增加 N 件), last year's figures, approximate numbers (20余件, 近
20 件), subsets (自然人/法人, 网上/信函, 涉及征地拆迁的), other business (建议提案, 12345 工单, 培训 N 次).

``Statement.rule`` is set exactly when the statement is certain enough that a wrong number in it must be
an error of that rule (``synth.mutate`` changes such numbers).  It stays None for the distractors, for
pending counts (尚未办结 may be counted when the report was written) and for table-one counts
(``n_t1_counts`` is a warning rule).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from gongkai.spec import FormatSpec
from gongkai.synth.case import Paragraph, Sentence, Statement
from gongkai.synth.values import Cells

_CN = "一二三四五六七八九十"
# the cells each kind of statement may be compared with (every admissible reading of it)
_RECEIVED = ("t2.r_new.total", "t2.r_carried.total")
_ACCEPTED = (*_RECEIVED, "t2.o_total.total")
_HANDLED = (*_ACCEPTED, "t2.r_next.total")
_CARRIED = "t2.r_carried.total"
_SUITS = ("t3.suit_direct_total", "t3.suit_after_total", "t3.suit_direct_pending", "t3.suit_after_pending")


def _n(cells: Cells, cid: str) -> int:
    return int(cells.get(cid) or 0)


def headings(rng: random.Random, spec: FormatSpec) -> dict[str, str]:
    """Each section's heading: the official label, or an alias / ordinal style real reports print."""
    style = rng.choices(("official", "alias", "arabic", "dot", "spaced"), (0.55, 0.2, 0.1, 0.08, 0.07))[0]
    out: dict[str, str] = {}
    for s in spec.sections:
        k = int(s.id[1:])
        title = s.title
        if style == "alias" and s.aliases and rng.random() < 0.6:
            alias = rng.choice(s.aliases).replace(" ", "")
            title = alias.split("、", 1)[1] if alias[:1] in _CN + "0123456789" and "、" in alias[:3] else alias
        ordinal = {
            "arabic": f"{k}、",
            "dot": f"{_CN[k - 1]}．" if rng.random() < 0.5 else f"{k}.",
            "spaced": f"{_CN[k - 1]}、 ",
        }.get(style, f"{_CN[k - 1]}、")
        out[s.id] = ordinal + title
    return out


@dataclass
class _Style:
    comma: str
    semi: str
    colon: str
    space: str  # around numbers: "" or " "

    def n(self) -> str:
        """A number slot of a template, spaced as this report spaces its numbers."""
        return self.space + "{}" + self.space


def _esc(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


class _Writer:
    def __init__(self, rng: random.Random, spec: FormatSpec, cells: Cells, agency: str, year: int) -> None:
        self.rng, self.spec, self.cells, self.agency, self.year = rng, spec, cells, agency, year
        full = rng.random() < 0.7
        self.s = _Style(
            comma="，" if full else ",",
            semi="；" if full or rng.random() < 0.3 else ";",
            colon="：" if full else ":",
            space=" " if rng.random() < 0.3 else "",
        )
        self.t2 = {r: _n(cells, f"t2.{r}.total") for r in ("r_new", "r_carried", "o_total", "r_next")}
        self.fee = 0
        applications = self.t2["r_new"] + self.t2["r_carried"]
        if applications and rng.random() < 0.12:
            self.fee = rng.choice((20, 100, 150, 300, 450, 600, 1200, 3000))
        self.fee_in_s1 = rng.random() < 0.6

    # --- helpers ------------------------------------------------------------------------------------

    def st(
        self,
        family: str,
        template: str | tuple[str, ...],
        numbers: tuple[int | float, ...],
        rule: str | None,
        *cells: str,
    ) -> Statement:
        """A statement (one of the ``template`` phrasings); checked by ``rule`` only when every table cell it
        is about prints a number (a blank cell may be read as missing, and then no rule can compare it)."""
        if isinstance(template, tuple):
            template = self.rng.choice(template)
        if any(self.cells.get(c, 0) is None for c in cells):
            rule = None
        return Statement(family, template, numbers, rule, cells)

    def say(self, family: str, template: str | tuple[str, ...], *numbers: int | float) -> Statement:
        """Numbers no rule compares with the tables: a change, a subset, last year's or an approximate figure."""
        return self.st(family, template, numbers, None)

    def pick(self, *options: str) -> str:
        return self.rng.choice(options)

    def lead(self) -> str:
        a = _esc(self.agency)
        return self.pick(
            f"{self.year}年{self.s.comma}",
            f"{self.year}年{self.s.comma}{a}",
            "全年",
            "本年度",
            f"{self.year}年度{a}",
            f"{self.year}年{self.s.comma}本机关",
            "",
        )

    def categories(self) -> list[tuple[str, int, tuple[str, ...]]]:
        """(official word, total, cells) of each outcome category, from the format's row tree."""
        t2 = self.spec.tables["t2"]
        out = []
        for row in t2.rows:
            if row.parent != "g_results" or row.id == "o_total":
                continue
            members = (row.id,) if row.data else tuple(r.id for r in t2.data_rows if r.parent == row.id)
            word = row.label.split("）", 1)[-1].split("（", 1)[0]
            cids = tuple(f"t2.{m}.total" for m in members)
            out.append((word, sum(_n(self.cells, c) for c in cids), cids))
        return out

    # --- section one ----------------------------------------------------------------------------------

    def s1(self) -> tuple[Paragraph, ...]:
        c, a = self.s.comma, self.agency
        intro = self.pick(
            f"{self.year}年{c}{a}认真贯彻落实《中华人民共和国政府信息公开条例》{c}扎实推进政府信息公开工作。",
            f"{self.year}年以来{c}{a}坚持以人民为中心{c}不断加大政务公开力度{c}各项工作有序推进。现将有关情况报告如下。",
            f"{self.year}年{c}在上级部门的精心指导下{c}{a}高度重视政务公开工作{c}严格落实各项要求。",
        )
        paras: list[Paragraph] = [(intro,), self.active(), *self.requests(), self.cases()]
        paras += [
            (
                self.sub(3, "政府信息管理")
                + f"严格落实信息发布审核制度{c}全年开展保密审查{self.rng.randint(2, 30)}次。",
            ),
            (
                self.sub(4, "政府信息公开平台建设") + f"依托门户网站和政务新媒体发布信息{self.rng.randint(5, 900)}条{c}"
                f"办理12345热线工单{self.rng.randint(1, 300)}件{c}按时办结率100%。",
            ),
            (
                self.sub(5, "监督保障")
                + f"组织业务培训{self.rng.randint(1, 6)}次{c}参训{self.rng.randint(10, 200)}人次。",
            ),
        ]
        return tuple(p for p in paras if p)

    def sub(self, k: int, title: str) -> str:
        suffix = self.pick("", "方面", "情况")
        return self.pick(
            f"（{_CN[k - 1]}）{title}{suffix}。", f"({_CN[k - 1]}){title}{suffix}", f"（{_CN[k - 1]}）{title}"
        )

    def active(self) -> Paragraph:
        c, n = self.s.comma, self.s.n()
        rng = self.rng
        kinds = ["政策文件", "工作动态", "通知公告", "政策解读", "财政信息", "人事信息", "规划计划"]
        items = [rng.randint(0, 60) for _ in range(rng.randint(2, 5))]
        total = sum(items)
        out: list[Sentence] = [self.sub(1, "主动公开")]
        parts = "、".join(f"{kinds[i]}{x}条" for i, x in enumerate(items))
        out.append(self.say("active", f"全年共主动公开政府信息{n}条{c}其中{_esc(parts)}。", total))
        t1 = []
        if "t1.normative.issued" in self.spec.label_index and rng.random() < 0.6:
            v = _n(self.cells, "t1.normative.issued")
            issued = (f"全年制发行政规范性文件{n}件", f"本年度印发行政规范性文件{n}件")
            t1.append(self.st("t1", issued, (v,), None, "t1.normative.issued"))
        if rng.random() < 0.5:
            v = _n(self.cells, "t1.punishment.decisions")
            t1.append(self.st("t1", f"作出行政处罚决定{n}件", (v,), None, "t1.punishment.decisions"))
        if rng.random() < 0.4:
            v = _n(self.cells, "t1.licensing.decisions")
            t1.append(self.st("t1", f"办理行政许可{n}件", (v,), None, "t1.licensing.decisions"))
        for i, s in enumerate(t1):
            out.append(s)
            out.append(c if i + 1 < len(t1) else "。")
        return tuple(out)

    # --- applications -------------------------------------------------------------------------------

    def requests(self) -> list[Paragraph]:
        new, carried, total, nxt = (self.t2[k] for k in ("r_new", "r_carried", "o_total", "r_next"))
        c = self.s.comma
        out: list[Sentence] = [self.sub(2, "依申请公开")]
        out += self.received(new, carried, total)
        if total:
            out += self.outcomes(total)
        out += self.next_year(nxt)
        out += self.distractors(new)
        paras: list[Paragraph] = [tuple(out)]
        if self.fee_in_s1:
            fee: list[Sentence] = []
            if self.fee:
                fee.append(self.st("fee", f"本年度收取信息处理费{self.s.n()}元。", (self.fee,), "n_fee_statements"))
            else:
                fee.append(
                    self.pick(
                        "本年度未收取信息处理费。",
                        f"依申请公开工作中{c}未收取任何信息处理费。",
                        "本年度无依申请公开收费和减免事项。",
                    )
                )
            paras.append(tuple(fee))
        return paras

    def received(self, new: int, carried: int, total: int) -> list[Sentence]:
        c, n, lead = self.s.comma, self.s.n(), self.lead()
        rule = "n_t2_counts"
        out: list[Sentence] = []
        if new == 0 and self.rng.random() < 0.7:
            none = (lead + "未收到政府信息公开申请", lead + "未收到任何政府信息公开申请")
            out.append(self.st("received_none", none, (), rule, "t2.r_new.total"))
            if carried:
                out += [c, self.st("carried", f"上年结转{n}件", (carried,), rule, _CARRIED)]
            out.append("。")
            return out
        form = self.rng.choice(("got", "new_carried", "accepted", "with_carried", "handled"))
        if form == "with_carried" and carried:
            out += [
                self.st("received", lead + f"共收到政府信息公开申请{n}件", (new + carried,), rule, *_RECEIVED),
                self.st("carried", f"（含上年结转{n}件）", (carried,), rule, _CARRIED),
            ]
        elif form == "new_carried":
            out += [
                self.st("received", lead + f"新收政府信息公开申请{n}件", (new,), rule, *_RECEIVED),
                c,
                self.st("carried", (f"上年结转{n}件", f"上年结转政府信息公开申请{n}件"), (carried,), rule, _CARRIED),
            ]
        elif form == "accepted":
            value = self.rng.choice((new, new + carried))
            out.append(self.st("received", lead + f"共受理政府信息公开申请{n}件", (value,), rule, *_ACCEPTED))
        elif form == "handled":
            value = self.rng.choice((total, new + carried))
            out.append(self.st("handled", lead + f"共办理政府信息公开申请{n}件", (value,), rule, *_HANDLED))
        else:
            verb = self.pick("收到", "共收到", "新收到")
            out.append(self.st("received", lead + f"{verb}政府信息公开申请{n}件", (new,), rule, *_RECEIVED))
        if self.rng.random() < 0.3:  # a change on last year: never compared with a table count
            out += [
                c,
                self.say("change", (f"同比增加{n}件", f"较上年减少{n}件", f"比去年多{n}件"), self.rng.randint(1, 9)),
            ]
        out.append("。")
        return out

    def outcomes(self, total: int) -> list[Sentence]:
        c, n, rule = self.s.comma, self.s.n(), "n_t2_counts"
        rng = self.rng
        out: list[Sentence] = [
            self.st(
                "handled", (f"共办结{n}件", f"全部予以答复{c}共答复{n}件", f"已办结{n}件"), (total,), rule, *_HANDLED
            ),
            c + "其中",
        ]
        cats = self.categories()
        if rng.random() < 0.5:
            cats = [x for x in cats if x[1]] or cats[:1]
        style = rng.choice(("list", "list", "joined", "after", "shares"))
        sep = rng.choice(("、", c, self.s.semi))
        after_sep = rng.choice(("、", c))
        if style == "joined" and len(cats) >= 2 and cats[0][0] == "予以公开" and cats[1][0] == "部分公开":
            word = self.pick("予以公开及部分公开", "同意公开和部分公开共", "予以公开和部分公开")
            value = cats[0][1] + cats[1][1]
            out.append(self.st("outcome_joined", f"{word}{n}件", (value,), rule, *cats[0][2], *cats[1][2]))
            cats = cats[2:]
            if cats:
                out.append(sep)
        for i, (word, value, cids) in enumerate(cats):
            if style == "after":  # 其中 12 件予以公开、5 件部分公开: the words after each count
                out.append(self.st("outcome_after", f"{n}件{word}", (value,), rule, *cids))
                out.append(after_sep if i + 1 < len(cats) else "。")
                continue
            shown = {
                "予以公开": self.pick("予以公开", "同意公开", "予以公开答复"),
                "无法提供": self.pick("无法提供", "无法提供的"),
            }.get(word, word)
            out.append(self.st("outcome", f"{shown}{n}件", (value,), rule, *cids))
            if style == "shares" and total >= 2:
                out.append(self.say("share", f"{c}占{{}}%", round(100 * value / total)))
                out.append(self.s.semi if i + 1 < len(cats) else "。")
            else:
                out.append((c if style == "shares" else sep) if i + 1 < len(cats) else "。")
        if out[-1] not in ("。",):
            out.append("。")
        return out

    def next_year(self, nxt: int) -> list[Sentence]:
        n, rule = self.s.n(), "n_t2_counts"
        if nxt == 0:
            return [self.pick("", "无结转下年度办理的申请。")]
        form = self.rng.choice(("next", "after", "pending"))
        if form == "pending":  # may be counted when the report was written: not certain
            return [self.say("pending", f"尚未办结{n}件。", nxt)]
        after = (f"另有{n}件结转至下一年度办理。", f"{n}件转入下一年度继续办理。")
        before = (f"结转下年度继续办理{n}件。", f"转下一年度办理答复的有{n}件。")
        return [self.st("next", after if form == "after" else before, (nxt,), rule, "t2.r_next.total")]

    def distractors(self, new: int) -> list[Sentence]:
        """Numbers about applications that are not table counts: subsets, last year, approximations."""
        c, n, rng = self.s.comma, self.s.n(), self.rng
        out: list[Sentence] = []
        natural = _n(self.cells, "t2.r_new.natural")
        if new >= 2 and rng.random() < 0.3:
            subset = f"从申请主体看{c}自然人提出申请{n}件{c}法人或其他组织提出申请{n}件。"
            out.append(self.say("applicants", subset, natural, new - natural))
        if new >= 3 and rng.random() < 0.3:
            web = rng.randint(1, new - 1)
            out.append(
                self.say("channels", f"从申请渠道看{c}通过网上申请{n}件{c}通过信函或当面提交{n}件。", web, new - web)
            )
        if new >= 3 and rng.random() < 0.25:
            topic = f"申请内容主要涉及征地拆迁{c}其中涉及房屋征收的申请{n}件。"
            out.append(self.say("topic", topic, rng.randint(1, new - 1)))
        if rng.random() < 0.25:
            last = (f"上年度共收到申请{n}件。", f"{self.year - 1}年收到政府信息公开申请{n}件。")
            out.append(self.say("last_year", last, rng.randint(0, 60)))
        if new >= 10 and rng.random() < 0.25:
            approx = (f"其中涉及政策咨询类的申请{n}余件。", f"办结的申请中近{n}件为信息公开类。")
            out.append(self.say("approx", approx, max(1, new // 2)))
        return out

    # --- 复议 and 诉讼 -------------------------------------------------------------------------------

    def cases(self) -> Paragraph:
        r = {k: _n(self.cells, f"t3.review_{k}") for k in ("maintain", "correct", "other", "pending", "total")}
        d = {k: _n(self.cells, f"t3.suit_direct_{k}") for k in r}
        a = {k: _n(self.cells, f"t3.suit_after_{k}") for k in r}
        suits = {k: d[k] + a[k] for k in r}
        c, rng = self.s.comma, self.rng
        about = self.pick("因政府信息公开引起的", "涉及政府信息公开的", "政府信息公开")
        if r["total"] == 0 and suits["total"] == 0:
            none = (
                f"全年未发生{about}行政复议和行政诉讼。",
                "本年度无政府信息公开行政复议和行政诉讼情况。",
                "没有发生因政府信息公开工作被申请行政复议或提起行政诉讼的情况。",
                "未发生政府信息公开行政复议、行政诉讼案件。",
            )
            return (
                self.pick("", f"{self.year}年{c}{self.agency}"),
                self.st("no_cases", none, (), "n_t3_counts", "t3.review_total", *_SUITS[:2]),
            )
        who = self.agency
        out: list[Sentence] = [
            self.pick("", "关于行政复议和行政诉讼" + self.s.colon, f"{self.year}年{c}{who}", f"本年度{who}")
        ]
        first, second = self.review(r, about), self.suits(suits, d, a, about)
        # "复议 42 件，诉讼 5 件，均获维持" speaks of both: after a comma an upheld statement about the
        # suits alone would cover the 复议 too, so it follows a semicolon
        upheld = any(isinstance(x, Statement) and x.family == "upheld" for x in second)
        sep = self.s.semi if upheld or rng.random() < 0.5 else c
        out += [*first, sep, *second, "。"]
        if r["correct"] == d["correct"] == a["correct"] == 0 and rng.random() < 0.5:
            never = (
                "全年未发生因政府信息公开被行政复议纠错或行政诉讼败诉的情况。",
                "未发生因依申请公开被行政复议纠错或行政诉讼败诉情形。",
            )
            out.append(self.st("not_corrected", never, (), "n_t3_upheld"))
        return tuple(out)

    def review(self, r: dict[str, int], about: str) -> list[Sentence]:
        n, rule = self.s.n(), "n_t3_counts"
        if r["total"] == 0:
            return [
                self.st(
                    "no_review", (f"未发生{about}行政复议", "无政府信息公开行政复议案件"), (), rule, "t3.review_total"
                )
            ]
        head = self.pick(
            f"因政府信息公开被申请行政复议{n}件",
            f"收到{n}件因政府信息公开申请提起的行政复议",
            f"政府信息公开行政复议{n}件",
        )
        out: list[Sentence] = [self.st("review", head, (r["total"],), rule, "t3.review_total", "t3.review_pending")]
        out += self.results(r, "review")
        return out

    def suits(self, s: dict[str, int], d: dict[str, int], a: dict[str, int], about: str) -> list[Sentence]:
        n, rule = self.s.n(), "n_t3_counts"
        if s["total"] == 0:
            return [self.st("no_suit", ("无行政诉讼", f"未发生{about}行政诉讼"), (), rule, *_SUITS[:2])]
        head = self.pick(f"被提起行政诉讼{n}件", f"政府信息公开行政诉讼{n}件", f"{n}起行政诉讼")
        out: list[Sentence] = [self.st("suit", head, (s["total"],), rule, *_SUITS)]
        if self.rng.random() < 0.4:
            kinds = f"（未经复议直接起诉{n}件、复议后起诉{n}件）"
            out.append(self.st("suit_kinds", kinds, (d["total"], a["total"]), rule, *_SUITS[:2]))
        out += self.results(s, "suit")
        return out

    def results(self, v: dict[str, int], group: str) -> list[Sentence]:
        c, n, rng = self.s.comma, self.s.n(), self.rng
        prefixes = ("t3.review_",) if group == "review" else ("t3.suit_direct_", "t3.suit_after_")
        style = rng.choice(("none", "list", "list", "concluded", "upheld"))
        if style == "upheld" and v["correct"] == v["other"] == v["pending"] == 0:
            return [
                c,
                self.st("upheld", self.pick("均获维持", "全部维持", "均予以维持", "均为维持"), (), "n_t3_upheld"),
            ]
        if style == "concluded" and v["pending"] and v["correct"] == v["other"] == 0 and v["maintain"]:
            return [c, self.st("upheld", "已审结的均获维持", (), "n_t3_upheld")]
        if style == "concluded":
            return [
                c,
                self.st(
                    "concluded",
                    f"已审结{n}件{c}尚未审结{n}件",
                    (v["total"] - v["pending"], v["pending"]),
                    "n_t3_counts",
                    *(p + k for p in prefixes for k in ("total", "pending")),
                ),
            ]
        if style == "none":
            return []
        words = {
            "maintain": "结果维持",
            "correct": "结果纠正",
            "other": "其他结果",
            "pending": self.pick("尚未审结", "未审结"),
        }
        keys = [k for k in words if v[k] or rng.random() < 0.4] or ["maintain"]
        sep = rng.choice(("、", c))
        out: list[Sentence] = [c + "其中"]
        after = rng.random() < 0.25  # 其中 3 件被复议机关维持、1 件被纠正: the words after each count
        by = "复议机关" if group == "review" else "法院"
        after_words = {"maintain": f"被{by}维持", "correct": "被纠正", "other": "以其他方式结案", "pending": "尚未审结"}
        for i, k in enumerate(keys):
            template = f"{n}件{after_words[k]}" if after else f"{words[k]}{n}件"
            out.append(self.st("result", template, (v[k],), "n_t3_counts", *(p + k for p in prefixes)))
            if i + 1 < len(keys):
                out.append(sep)
        return out

    # --- sections five and six -----------------------------------------------------------------------

    def s5(self) -> tuple[Paragraph, ...]:
        c = self.s.comma
        return (
            (
                "（一）存在的主要问题。"
                + self.pick(
                    f"一是政策解读形式还不够丰富{c}二是依申请公开答复的规范性有待提高。",
                    f"主要问题是公开内容的深度和广度还需拓展{c}信息更新不够及时。",
                ),
            ),
            (f"（二）改进情况。针对上述问题{c}组织专题培训{self.rng.randint(1, 5)}次{c}进一步规范答复文书。",),
        )

    def s6(self) -> tuple[Paragraph, ...]:
        c, n = self.s.comma, self.s.n()
        head = self.pick(
            "（一）收取信息处理费情况。", "（一）依据《政府信息公开信息处理费管理办法》收取信息处理费的情况。"
        )
        if self.fee:
            rule = "n_fee_statements" if self.fee_in_s1 else None
            if self.rng.random() < 0.3 and self.fee % 100 == 0:
                fee = self.st("fee", f"本年度共收取信息处理费{n}万元。", (self.fee / 10000,), rule)
            else:
                fee = self.st("fee", f"本年度依申请提供政府信息{c}收取信息处理费{n}元。", (self.fee,), rule)
            first: Paragraph = (head, fee)
        else:
            first = (
                head
                + self.pick(
                    "本年度未收取信息处理费。",
                    f"本机关依申请提供政府信息{c}未收取任何费用。",
                    f"{self.year}年度未收取依申请公开信息处理费。",
                ),
            )
        proposals = self.say(
            "proposals",
            f"（二）人大代表建议和政协提案办理情况。共办理人大代表建议{n}件、政协提案{n}件{c}均按期办结。",
            self.rng.randint(0, 30),
            self.rng.randint(0, 30),
        )
        return (first, (proposals,), ("（三）本年度无其他需要报告的事项。",))


def narrative(
    rng: random.Random, spec: FormatSpec, cells: Cells, agency: str, year: int
) -> dict[str, tuple[Paragraph, ...]]:
    w = _Writer(rng, spec, cells, agency, year)
    return {"s1": w.s1(), "s5": w.s5(), "s6": w.s6()}
