"""The words of an actual that state a result without a figure: claims, and what narrows them.

A claim is found by words (``已完成``, ``有待完善``, ``未开展``), a denial before an
admission of slippage before success.  A denial said of some of the cases only is a
partial result, not a failure: narrowed by a word of part or of existence (``个别``,
``部分``, ``存在``, ``有``), by the sessions it names (``1-2期``, ``第三批``) or by a figure in
its clause (``3项未完成``) — unless the clause says all of them (``均``, ``全部``).  A denial
that is itself denied (``无不合格``, ``不存在未完成``) is no denial.

>>> claim_in("部分项目未完成").verdict.value, claim_in("项目未完成").verdict.value
('partial', 'not_met')
>>> claim_in("1-2期未能开展").verdict.value, claim_in("1-6期均未能开展").verdict.value
('partial', 'not_met')
>>> claim_in("不存在未完成的情况").verdict.value
'met'
"""

from __future__ import annotations

import bisect
import functools
import re
from decimal import Decimal
from typing import Callable, Sequence

from indicator_dsl.evaluation.model import Claim, Verdict
from indicator_dsl.target.model import Span

__all__ = ["claim_in", "denials", "by_part", "is_denial", "existence", "restates", "bigrams", "CLAUSE_WINDOW"]

# characters of a clause read around a word (a figure's 共计 or 其中, a denial's 个别 or 均): the
# words that bear on it are near it, and a clause of a whole megabyte read again for each of its
# figures or denials would make a cell's reading quadratic
CLAUSE_WINDOW = 256

# Claims, most decisive first: a denial beats an admission of slippage beats success.
# 未能 is a denial, 未能及时 (late) slippage, 未能全部 (not all) a part; 不合格率 is a rate.
# (Written by first character, and with no anchors: such a pattern is searched several times faster.)
_DENIALS = (
    r"未(?:完成|开展|达到|达成|达标|实现|能(?!及时|按时|按期|如期|全部)|举办|启动|召开)|不(?:达标(?!率)|符合|满足|合格(?!率))|"
    r"尚未|没有?(?:完成|开展|达到|达成|实现|达标)|无法完成|取消"
)
_NOT_MET = re.compile(_DENIALS)
_SLIP = r"(?:未|没有?)能?(?:及时|按时|按期|如期)|不及时|推迟"
_PARTIAL = re.compile(
    r"基本完成|部分完成|基本达成|部分达成|基本实现|基本达到|有待完善|有待提高|有待加强|有待改进|有待提升|"
    r"需进一步|尚需|略做调整|略作调整|部分延期|延期|滞后|" + _SLIP + r"|未能?全部|完成了?部分|部分工作|"
    r"正在|在建|施工中|进行中|推进中|实施中|建设中"
)
# a claim that the target itself was reached: answers any target (rule 10)
_MET = re.compile(r"达成指标|达成目标|完成|达成|实现|达到|达标")
# a statement of a good state: answers a qualitative target only (rule 11)
_STATE = re.compile(r"建立|建成|形成|满足|通畅|健全|良好|顺利|提升|提高|增强|改善|上升|增长|增加|高于|优于|举办|召开|举行")
# a cell that is only one of these words (好 only as a state)
_ONLY = {"否": Verdict.NOT_MET, "未": Verdict.NOT_MET, "部分": Verdict.PARTIAL, "是": Verdict.MET, "已": Verdict.MET}
# the words whose figures say which cases, not what was done: a denial and slippage (not work under way)
_DENIAL = re.compile(_DENIALS + "|" + _SLIP + "|延期|滞后")
_DENIAL_CHAR = re.compile("[未不没无尚取推延滞]")  # one of them is in every such word: a cheap first look

# The patterns below are looked at only when a cell has a denial or a bound: compiled when first
# used (a CJK alternation takes about a millisecond to compile, and a command's start pays for it).
_rx = functools.cache(re.compile)

_NUM = "[0-9一二两三四五六七八九十]+"
# a word of part or of existence: 个别学员未结业, 存在…未整改, 有2人不符合
_PART = (
    r"个别|少数|少量|极少数|部分|一些|有的|有些|存在|仍有|尚有|还有|出现|发现|(?:^|(?<=[，,；;。！!？?\n：:]))有(?![效序关力所])"
)
# the sessions a denial names: 1-2期, 第三批, 第1、2届, 第2次, 3期 (not 二期工程, a phase by name)
_NAMED = rf"第{_NUM}(?!时间)|{_NUM}(?:[-~至到、和及]第?{_NUM})+(?:期|批次|批|届|轮)|[0-9]+(?:期|批次|批|届|轮)"
# a phase of works named by its number (二期工程尚未完工): the phase the target is about, not a part of it
_PHASE = r"[一二三四五六七八九十]期(?:工程|项目|建设|改造|规划)"
_WHOLE = r"均|全部|全都|都|所有|一律|完全|全(?=未|没|不)"
# a denial denied: 无不合格, 不存在未完成, 未发现不符合, 无延期
_NEGATED = r"(?:不存在|未发现|未出现|没有出现|没有发现|杜绝|没有|无)$"
_BREAKS = "，,；;。！!？?\n"
# existence stated (存在18岁以下, 18岁以下有2人: group 2) or denied (不存在, 未发现, 无…: group 1);
# the first one written decides, and at one place a denial (不存在 holds 存在)
_EXISTENCE = (
    r"(不存在|未出现|没有出现|未发现|没有发现|没有|杜绝|(?:^|(?<=[，,；;。：:、\s中内里]))无)|"
    r"(存在|出现|发现|仍有|尚有|还有|个别|少数|少量|部分|一些|有的|有些|(?:^|(?<=[，,；;。：:、\s中内里下上外]))有(?![效序关力所]))"
)


def _clause_start(text: str, pos: int) -> int:
    """Where the clause of ``pos`` starts, at most ``CLAUSE_WINDOW`` characters before it."""
    lo = max(0, pos - CLAUSE_WINDOW)
    at = max(text.rfind(c, lo, pos) for c in _BREAKS)
    return at + 1 if at >= 0 else lo


def _clause_end(text: str, pos: int) -> int:
    """Where the clause of ``pos`` ends, at most ``CLAUSE_WINDOW`` characters after it."""
    hi = min(len(text), pos + CLAUSE_WINDOW)
    ends = [i for i in (text.find(c, pos, hi) for c in _BREAKS) if i >= 0]
    return min(ends) if ends else hi


def _negated(text: str, start: int) -> bool:
    return start > 0 and bool(_rx(_NEGATED).search(text, _clause_start(text, start), start))


def by_part(text: str, start: int) -> bool:
    """Does the clause before ``start`` (a denial) say it is of some of the cases (个别, 存在, 有)?"""
    lo = _clause_start(text, start)
    return not _rx(_WHOLE).search(text, lo, start) and bool(_rx(_PART).search(text, lo, start))


def _narrowed(text: str, m: re.Match[str], figures: Callable[[], Sequence[int]] | None) -> bool:
    """Is the denial ``m`` said of some of the cases only: its clause names a part, the
    sessions (1-2期, 第3期) or a figure (3项未完成), and does not say all of them (均, 全部)?"""
    lo = _clause_start(text, m.start())
    if _rx(_WHOLE).search(text, lo, m.start()):
        return False
    if _rx(_PART).search(text, lo, m.start()) or _rx(_NAMED).search(text, lo, m.start()):
        return True
    if figures is None:
        return False
    hi = _clause_end(text, m.end())
    starts = figures()  # in order: those of the clause found by halving
    for k in range(bisect.bisect_left(starts, lo), bisect.bisect_left(starts, hi)):
        if not _rx(_PHASE).match(text, starts[k]):
            return True
    return False


def claim_in(text: str, states: bool = False, figures: Callable[[], Sequence[int]] | None = None) -> Claim | None:
    """The claim stated in ``text``, if any; ``states`` also counts good states (良好, 健全).

    ``figures`` gives, when asked, where the cell's figures start in ``text``, in order: a
    figure in the clause of a denial narrows it to a part (``3项未完成``).

    >>> claim_in("总体按季度时间节点已完成，有些项目时间略做调整").verdict.value
    'partial'
    >>> claim_in("举办了多场活动") is None, claim_in("举办了多场活动", states=True).verdict.value
    (True, 'met')
    >>> claim_in("3项未完成").verdict.value, claim_in("3项未完成", figures=lambda: [0]).verdict.value
    ('not_met', 'partial')
    """
    t = text.strip()
    only = _ONLY.get(t) or (Verdict.MET if states and t == "好" else None)
    if only is not None:
        return Claim(only, t, span=Span(0, len(t)))
    if _NOT_MET.search(t):  # (search first: most cells have no denial, and finditer costs more)
        part: re.Match[str] | None = None
        for m in _NOT_MET.finditer(t):
            if _negated(t, m.start()):
                continue
            if not _narrowed(t, m, figures):
                return Claim(Verdict.NOT_MET, m.group(), span=Span(m.start(), m.end()))
            part = part or m
        if part is not None:
            return Claim(Verdict.PARTIAL, part.group(), span=Span(part.start(), part.end()))
    if _PARTIAL.search(t):
        for m in _PARTIAL.finditer(t):
            if not _negated(t, m.start()):
                return Claim(Verdict.PARTIAL, m.group(), span=Span(m.start(), m.end()))
    for pattern in (_MET, _STATE) if states else (_MET,):
        found = pattern.search(t)
        if found:
            return Claim(Verdict.MET, found.group(), span=Span(found.start(), found.end()))
    return None


def is_denial(claim: Claim) -> bool:
    """Is ``claim`` (found by ``claim_in``) a denial, narrowed or not (未开展, not 延期)?"""
    return _ONLY.get(claim.text) is Verdict.NOT_MET or bool(_NOT_MET.fullmatch(claim.text))


def denials(text: str) -> list[tuple[int, int, int, int]]:
    """Each denial or admission of slippage in ``text`` (``3项未完成``, ``取消2场``,
    ``1-2期未能及时培训``), not itself denied: (its clause's start, its start, its end, its
    clause's end).  The figure it is said of — the first after it in its clause, else the
    last before it — says which cases, not what was done.

    >>> denials("完成4期，第5、6期未能举办")
    [(5, 10, 12, 14)]
    """
    if _DENIAL_CHAR.search(text) is None or _DENIAL.search(text) is None:
        return []
    return [(_clause_start(text, m.start()), m.start(), m.end(), _clause_end(text, m.end()))
            for m in _DENIAL.finditer(text) if not _negated(text, m.start())]


def existence(text: str) -> bool | None:
    """Does ``text`` say some cases exist (存在, 有, 个别: True), deny that any do (不存在,
    未发现, 无: False), or neither (None)?

    >>> existence("存在18岁以下"), existence("不存在18岁以下"), existence("18岁以下")
    (True, False, None)
    """
    m = _rx(_EXISTENCE).search(text)
    return None if m is None else m.group(1) is None


_CJK = re.compile(r"[\u4e00-\u9fff]+")


def bigrams(text: str) -> set[str]:
    out: set[str] = set()
    for run in _CJK.findall(text):
        if len(run) == 1:
            out.add(run)
        out.update(run[i:i + 2] for i in range(len(run) - 1))
    return out


def restates(target_text: str, actual_text: str, threshold: Decimal) -> bool:
    """Does the actual state the same result as a qualitative target?

    True when at least ``threshold`` of the bigrams of the target (or of one of its
    clauses), or of the actual, appear in the other.

    >>> restates("具有技术潜力", "评选出10大最具技术潜力的科技成果", Decimal("0.5"))
    True
    >>> restates("保障合作交流长期稳定", "电话、微信开展满意度调查", Decimal("0.5"))
    False
    """
    a = bigrams(actual_text)
    if not a:
        return False
    pieces = [target_text, *re.split(r"[，,;；、。]", target_text)]
    for piece in pieces:
        t = bigrams(piece)
        if t and Decimal(len(t & a)) / len(t) >= threshold:
            return True
    t = bigrams(target_text)
    return bool(t) and Decimal(len(t & a)) / len(a) >= threshold
