"""Stage of pipeline.extract_text: units, reporting lines and recipients.

* units: the numbered headings of "TỔ CHỨC THỰC HIỆN" ("1. Sở Nội vụ", "2. Các sở, ban, ngành...: ...")
* reporting lines: in every clause of that section containing "báo cáo" (or "kết quả gửi về"), the bodies
  reported to ("báo cáo ORG[, ORG]", "báo cáo ... về ORG", "... ORG (qua VIA)"), with deadlines
  ("trước ngày 20/6", "trước ngày 25 tháng 11 năm 2024"; "hằng năm (trước ngày 25 tháng 11)" -> "--11-25";
  "trước ngày 25 hằng tháng", "hằng tháng (trước ngày 20)" -> "---25", "---20" (every month, ISO 8601's
  gDay); "trong tháng 11/2024" -> "2024-11"; a day without a year in a plan of year Y -> "Y-MM-DD").
  A relay, "... về Phòng Nội vụ trước ngày D để tổng hợp, báo cáo UBND huyện", is two lines: the
  reporter's to Phòng Nội vụ by D, then Phòng Nội vụ's (the via, when one is named) to UBND huyện
* recipients: the "Nơi nhận" list without "Lưu: VT..."
"""
from __future__ import annotations

import re
from functools import cache, lru_cache

from vanban.models import ReportingLine

from .lexicon import alt, cased, load, normalise_org, squash
from .scan import find_all, finditer_at, line_led_search, scanner, search_line_start, starts_of, triggers
from .vocab import CAP, CAPITAL, VOCAB


def _section_heading(words: str) -> re.Pattern:
    # the "Tổ chức thực hiện" heading's line: at most 12 characters before its words (a number), ":" after
    return re.compile(r"^[^\n]{0,12}" + words + r"\s*:?\s*$", re.M)


# (the trigger words that lead them are the vocabulary's; the table of their starts is scan.triggers)
_SECTION = _section_heading(VOCAB.trigger_alternation("implementation_section"))
# the same heading with its words parted by other runs of spaces or tabs ("TỔ CHỨC THỰC  HIỆN" in converted
# text): looked for only when no heading is written as the words are (the trigger table finds those)
_SECTION_SPACED = _section_heading("(?:" + "|".join(r"[ \t]+".join(map(re.escape, w.split()))
                                                    for w in VOCAB.triggers["implementation_section"]) + ")")
_SECTION_SPACED_SEARCH = line_led_search(_SECTION_SPACED)
_NOI_NHAN_WORDS = VOCAB.triggers["recipients"]
_END = re.compile(r"^\s*" + VOCAB.trigger_alternation("recipients") + r"\b", re.M)


def _section_search(text: str) -> re.Match | None:
    """``_SECTION.search(text) or _SECTION_SPACED.search(text)``: a match of ``_SECTION`` starts at a line
    start at most 12 characters before one of the section words on that line (the trigger table's
    implementation_section), so only those line starts are tried (in text order)."""
    tried = -1
    for occ in triggers(text).starts("implementation_section"):
        ls = text.rfind("\n", 0, occ) + 1
        if occ - ls > 12 or ls == tried:
            continue
        tried = ls
        m = _SECTION.match(text, ls)
        if m is not None:
            return m
    return _SECTION_SPACED_SEARCH(text)
_UNIT_HEAD = re.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s+(?P<body>\S.*)$")
_CLOSING = re.compile(r"^\s*(?:Trên đây|Thủ trưởng|Trong quá trình|Quá trình)")
# the verbs and predicates a unit's name ends before ("Phòng Nội vụ là cơ quan thường trực", "Công an phường bảo
# đảm an ninh", "Các cơ quan, đơn vị gửi báo cáo"); not after "các" or "được", where the word is a noun or a
# passive's verb within the name ("các tổ chức chính trị - xã hội", "Các cơ quan, đơn vị được kiểm tra")
_PREDICATES = (
    r"(?<!\bcác)(?<!\bđược)\s+(?=(?:căn cứ|chủ trì|có trách nhiệm|thường xuyên|tham mưu|phối hợp|chủ động|theo dõi|"
    r"tổ chức|triển khai|thực hiện|báo cáo|hướng dẫn|kiểm tra|đôn đốc|xây dựng|tăng cường|nghiêm túc|quán triệt|"
    r"rà soát|lãnh đạo|chỉ đạo|đẩy mạnh|phụ trách|làm đầu mối|bố trí|cân đối|tiếp tục|định kỳ|tổng hợp|là|"
    r"bảo đảm|đảm bảo|vận động|gửi|ra quân|hỗ trợ|tuyên truyền|chuẩn bị|phát động|tích cực|khẩn trương|"
    # capitalised, the verbs no body's name holds (a heading joined to its paragraph's first line: "... xã hội
    # phường Phối hợp trong công tác"; not "Chỉ đạo", "Kiểm tra", "Tổ chức": "Ban Chỉ đạo", "Ban Tổ chức")
    r"Phối hợp|Chủ trì|Thực hiện|Triển khai|Tham mưu|Chủ động|Có trách nhiệm|Là|Căn cứ|Theo dõi|Tiếp tục|"
    r"Tăng cường|Đẩy mạnh)\b)")
# (a ";" before a lower-case word ends the item's first clause, and so the name: "1. Hội cơ sở các xã chọn
# đội; đăng ký về …"; before a capital it lists another body: "Các sở, ban, ngành; UBND các huyện …")
_UNIT_CUT = re.compile(r"\s*(?::|;(?=\s*(?!" + CAP + r")[^\W\d_]))|" + _PREDICATES)
# where _UNIT_CUT's first match starts (all its callers need): a space, ":" or ";" is skipped to (scan.starts_of)
_UNIT_CUT_AT = starts_of(_UNIT_CUT, r"[\s:;]")
_DATE = re.compile(
    r"(?:ngày\s*)?(?P<d>\d{1,2})\s*(?:[/.\-]\s*(?P<m>\d{1,2})(?:\s*[/.\-]\s*(?P<y>\d{4}))?"
    r"|\s*tháng\s*(?P<m2>\d{1,2})(?:\s*,?\s*năm\s*(?P<y2>\d{4}))?)")
_DEADLINE = re.compile(r"(?:trước|chậm nhất(?:\s+(?:là|vào))?|hạn chót|không quá|trong)\s+(?:(?P<day>ngày)\s*)?(?=\d)"
                       r"|(?P<month>trong\s+tháng)\s*(?=\d)")
# "trong tháng 11/2024", "trong tháng 11 năm 2024": a month's deadline ("2024-11")
_MONTH_YEAR = re.compile(r"(?P<m>\d{1,2})(?!\d)(?:\s*[/.\-]\s*(?P<y>\d{4})|\s*,?\s*năm\s*(?P<y2>\d{4}))?")
_AND_DATE = re.compile(r"\s*(?:,|và|hoặc)\s*(?:ngày\s*)?(?=\d{1,2}\s*(?:[/.\-]|tháng))")


@cache
def _org_patterns():
    lex = load("lexicon")
    org = alt(lex["org_start"])
    stop = (
        r"(?=\s*(?:[(,;.:]|$|\n)|\s+(?:theo|về|trước|để|định kỳ|kết quả|xem xét|trong|tại|qua|vào|đúng|chậm|hằng|hàng|"
        r"khi|sau|các\s+(?!xã|huyện|phường|thị)|cấp|tình hình|việc|đối với|thời gian|số liệu|trên|đầy đủ|"
        r"kịp thời|bằng|nếu|ngay|"
        r"quý|năm|tháng|6 tháng|06 tháng|9 tháng|tổng hợp|những|nội dung|tiến độ|thực hiện|triển khai|đề xuất|và)\b)"
    )
    # ".{0,70}?" then the stop: the lazy repeat tries the stop before each character it takes, so a
    # "(?!stop)" on that character (the same test at the same place, which has just failed) is not repeated
    org_re = re.compile(r"(?P<org>" + org + r".{0,70}?)" + stop)
    name_re = re.compile(r"(?P<org>" + CAP + r".{0,50}?)" + stop)
    return org, org_re, name_re


_CONTINUE = re.compile(r"(?:\s*,\s*|\s+và\s+)(?P<w>" + CAP + r"[^\W\d_]*)")


@cache
def _org_start_re() -> re.Pattern:
    return re.compile(_org_patterns()[0] + r"(?![\w])")


# (patterns used per clause or per item, compiled once)
_BAN_HANH = re.compile(r"(?i)(?:ban\s+hành|ban\s+ngành)")
_VIA_PAREN = re.compile(r"\s*\(\s*(?:thông\s+)?qua\s+([^()]{2,80}?)\s*\)")
_VIA_QUA = re.compile(r"\s*,?\s*(?:thông\s+)?qua\s+(?=\S)")
_BAO_CAO = re.compile(r"(?i)báo\s+cáo\s+(?:(?:lên|gửi|về)\s+)?")
_LIST_SEP = re.compile(r"\s*(?:,|và)\s*")
_TO_WORD = re.compile(r"(?:\bvề|\bgửi(?:\s+về)?|\blên)\s+(?=\S)")
_TO_WORDS = ("về", "gửi", "lên")   # what each match of _TO_WORD starts with (found by str.find, not tried everywhere)
_TO_SCAN = scanner(_TO_WORDS)   # (built once: finditer_at given the words builds one per call)
_QUA_PAREN = re.compile(r"\(\s*(?:thông\s+)?qua\s")
_DASH_ITEM = re.compile(r"^[-+•–]\s*")
# the cells of a line of the recipients' block: a flattened table's "|", a tab or three spaces (the
# signature's column beside the list: "- UBND tỉnh;          CHỦ TỊCH")
_COLUMNS = re.compile(r"\s*\|\s*|\s*\t\s*|\s{3,}|^\s+|\s+$")
_ITEMS_ON_A_LINE = re.compile(r"(?<=;)\s*(?=[-+•–]\s)")


def _parse_org(text: str, pos: int) -> tuple[str, int] | None:
    org, org_re, name_re = _org_patterns()
    m = org_re.match(text, pos)
    if not m:
        return None
    g = m.group("org")
    if _BAN_HANH.match(g.strip()):
        return None
    end = pos + len(g.rstrip())
    # "Sở Văn hóa, Thể thao và Du lịch": a comma or "và" followed by a capitalised word that does
    # not start another body continues the same name
    for _ in range(3):
        c = _CONTINUE.match(text, end)
        if not c:
            break
        ws = c.start("w")
        if _org_start_re().match(text, ws):
            break
        m2 = name_re.match(text, ws)
        if not m2:
            break
        end = ws + len(m2.group("org").rstrip())
    return " ".join(text[pos:end].split()), end


def _via(text: str, pos: int) -> tuple[str | None, int]:
    # (the window read with endpos, not a copy: the patterns look neither behind nor past it)
    m = _VIA_PAREN.match(text, pos, pos + 120)
    if m:
        return " ".join(m.group(1).split()), m.end()
    m = _VIA_QUA.match(text, pos, pos + 20)   # "... về UBND huyện qua Phòng Nội vụ"
    if m:
        r = _parse_org(text, m.end())
        if r:
            return " ".join(r[0].split()), r[1]
    return None, pos


@cache
def _yearly_re() -> re.Pattern:
    return re.compile(load("lexicon")["deadline_yearly"])


@cache
def _monthly_re() -> re.Pattern:
    return re.compile(load("lexicon")["deadline_monthly"])


@cache
def _quarterly() -> list[tuple[re.Pattern, tuple[int, ...]]]:
    """(what follows a day, the months it names): "ngày 15 tháng cuối quý" is 15 March, June, September and
    December; "ngày 10 của tháng đầu quý sau", 10 January, April, July and October."""
    return [(re.compile(r"\s*" + k), tuple(v)) for k, v in load("lexicon")["deadline_quarterly"].items()]


# a day of no month ("trước ngày 25 hằng tháng", "hằng tháng (trước ngày 20)")
_BARE_DAY = re.compile(r"(?P<d>\d{1,2})(?![\d/.\-])")


def _in_context(pattern: re.Pattern, clause: str, start: int, end: int) -> bool:
    """Whether ``pattern`` is said in the 40 characters before ``start`` or right after ``end`` (past a
    comma or a bracket): "hằng năm (trước ngày 25 tháng 11)", "trước ngày 25 tháng 11 hằng năm"."""
    return bool(pattern.search(clause, max(0, start - 40), start)
                or pattern.match(clause[end:end + 15].lstrip(" ,)")))


def _month_deadline(clause: str, pos: int, year: int | None) -> str | None:
    """"trong tháng 11/2024" from the month's number at ``pos``: "2024-11" (the plan's year when none is
    written and the month is no yearly one)."""
    m = _MONTH_YEAR.match(clause, pos)
    if not m or not 1 <= int(m.group("m")) <= 12:
        return None
    y = m.group("y") or m.group("y2")
    if not y and (year is None or _in_context(_yearly_re(), clause, pos, m.end())):
        return None
    return f"{int(y) if y else year:04d}-{int(m.group('m')):02d}"


def _recurring_deadlines(clause: str, dm: re.Match) -> list[str | None]:
    """"trước ngày 25 hằng tháng" from the day after ``dm`` (a deadline word then "ngày"): "---25", the day
    of every month (ISO 8601's and XML Schema's gDay, as "--11-25" is every year's 25 November); "trước
    ngày 15 tháng cuối quý": the quarter's four days of every year ("--03-15", "--06-15", …)."""
    m = _BARE_DAY.match(clause, dm.end())
    if not m or not dm.group("day") or not 1 <= int(m.group("d")) <= 31:
        return [None]
    d = int(m.group("d"))
    for after, months in _quarterly():
        if after.match(clause, m.end()):
            return [f"--{mo:02d}-{d:02d}" for mo in months]
    if not _in_context(_monthly_re(), clause, dm.start(), m.end()):
        return [None]
    return [f"---{d:02d}"]


def _day_deadline(clause: str, dm: re.Match, m: re.Match, year: int | None) -> str | None:
    """The deadline a date ``m`` after the deadline words ``dm`` states (None for no real day)."""
    d = int(m.group("d"))
    mo = int(m.group("m") or m.group("m2"))
    y = m.group("y") or m.group("y2")
    if not (1 <= d <= 31 and 1 <= mo <= 12):
        return None
    if y:
        return f"{int(y):04d}-{mo:02d}-{d:02d}"
    if year is None or _in_context(_yearly_re(), clause, dm.start(), m.end()):
        return f"--{mo:02d}-{d:02d}"
    return f"{year:04d}-{mo:02d}-{d:02d}"


def _deadlines(clause: str, year: int | None) -> list[str]:
    """The deadlines a clause states: dates ("2024-11-15"), a month ("2024-11"), every year ("--11-25"),
    every month ("---25") or every quarter (its four days of every year).

    >>> _deadlines("báo cáo trước ngày 15/11 và 30/11/2024; định kỳ hằng tháng (trước ngày 20)", 2024)
    ['2024-11-15', '2024-11-30', '---20']
    >>> _deadlines("báo cáo UBND huyện trong tháng 11/2024", None)
    ['2024-11']
    >>> _deadlines("báo cáo quý trước ngày 15 của tháng cuối quý", 2024)
    ['--03-15', '--06-15', '--09-15', '--12-15']
    """
    out: list[str] = []
    for dm in _DEADLINE.finditer(clause):
        if dm.group("month"):
            found = [_month_deadline(clause, dm.end(), year)]
        else:
            found = _dates_after(clause, dm, year)
        for iso in found:
            if iso and iso not in out:
                out.append(iso)
    return out


def _dates_after(clause: str, dm: re.Match, year: int | None) -> list[str | None]:
    """The dates after the deadline words ``dm``: "trước ngày 15/6, 15/12", or one day of every month."""
    pos = dm.end()
    found: list[str | None] = []
    while True:
        m = _DATE.match(clause, pos)
        if not m:
            return found or _recurring_deadlines(clause, dm)
        found.append(_day_deadline(clause, dm, m, year))
        a = _AND_DATE.match(clause, m.end())
        if not a:
            return found
        pos = a.end()


_CLAUSE_END = re.compile(r";|\.(?=\s+[" + CAPITAL + r"\-])|\n|\.$")


def _clauses(text: str, start: int, end: int):
    """Split [start, end) into clauses at ';' and sentence ends; yields (offset, clause)."""
    pos = start
    # (read in place to ``end``, not from a copy: "$" and the lookahead stop there as at a copy's end)
    for m in _CLAUSE_END.finditer(text, start, end):
        e = m.start()
        if e > pos:
            yield pos, text[pos:e]
        pos = m.end()
    if pos < end:
        yield pos, text[pos:end]


class _Report:
    """'báo cáo', or 'gửi kết quả/số liệu' (reporting without the word): from lexicon 'report_verbs'; or
    'kết quả gửi về ORG' (lexicon 'report_verbs_sent', ending at 'gửi': its target is read after 'về')."""

    @staticmethod
    def search(text: str, *a):
        return _report_re().search(text, *a)


@cache
def _report_re() -> re.Pattern:
    lex = load("lexicon")
    return re.compile(r"(?i)(?:" + lex["report_verbs"] + "|" + lex["report_verbs_sent"] + ")")


_REPORT = _Report()


def _may_report(clause: str) -> bool:
    """False when ``_REPORT`` cannot match: its words start "bá"/"gử" in some case, and only b/B, á/Á,
    g/G, ử/Ử lower-case to (or match, ignoring case) those letters
    a plain test is much cheaper
    than the case-insensitive regex, which the engine tries at every position."""
    low = clause.lower()
    return "bá" in low or "gử" in low
_SUBJECT = re.compile(
    r"(?:^|,\s*)(?P<s>(?:các|Các)\s+(?:sở|ban|phòng|cơ quan|đơn vị|ngành|xã|huyện|bộ phận|UBND|Ủy ban)[^;.]{0,120}?)"
    + _PREDICATES)


def _subject(clause: str):
    """``_SUBJECT.search(clause)``: a match starts at the clause's start or at a comma, and its
    subject with "các"/"Các"; only those places are tried."""
    if "các" not in clause and "Các" not in clause:
        return None
    m = _SUBJECT.match(clause)
    if m:
        return m
    for i in find_all(clause, ","):
        m = _SUBJECT.match(clause, i)
        if m:
            return m
    return None


def extract_reporting(
    text: str, year: int | None
) -> tuple[list[str], list[tuple[ReportingLine, tuple[int, int]]], tuple[int, int] | None]:
    """Returns (units, [(line, clean span)], section span) of the plan's "Tổ chức thực hiện" section: the
    units it assigns tasks to, and who reports to whom (via whom, by when).

    >>> units, lines, _ = extract_reporting(
    ...     "IV. TỔ CHỨC THỰC HIỆN\\n1. Phòng Y tế\\n- Báo cáo kết quả về UBND huyện trước ngày 15/12/2024.", 2024)
    >>> units, [(ln.from_, ln.to, ln.deadlines) for ln, _span in lines]
    (['Phòng Y tế'], [('Phòng Y tế', 'UBND huyện', ['2024-12-15'])])
    """
    sec = _section_search(text)
    if not sec:
        return [], [], None
    end_m = search_line_start(_END, text, _NOI_NHAN_WORDS, sec.end(), triggers(text).starts("recipients"))
    end = end_m.start() if end_m else len(text)
    units: list[str] = []
    lines: list[tuple[ReportingLine, tuple[int, int]]] = []
    current: str | None = None
    pos = sec.end()
    for para in text[sec.end():end].split("\n"):
        p_start = pos
        pos += len(para) + 1
        lead = para.lstrip()[:1]
        if not lead:
            continue
        # (a numbered heading starts with a digit, a closing paragraph with "T" or "Q": others are not tried)
        hm = _UNIT_HEAD.match(para) if lead.isdecimal() else None
        para_subject = None
        if hm:
            unit, closes = _heading_unit(hm.group("body"))
            if unit:
                units.append(unit)
            if closes:
                current = unit
        elif lead in "TQ" and _CLOSING.match(para):
            current = None
        elif not _BULLET.match(para):
            para_subject, giao, closes = _paragraph_subject(para)
            if giao and para_subject not in units:
                units.append(para_subject)
            if closes:
                current = None
        if _may_report(para):   # (else no clause of it can report: skip the clause split)
            lines += _paragraph_lines(text, p_start, para, para_subject or current, year)
    return units, _merge(lines), (sec.start(), end)


def _heading_unit(body: str) -> tuple[str | None, bool]:
    """(the unit a numbered heading names, whether the heading ends the current unit's part)."""
    cut = _UNIT_CUT_AT.search(body)
    name = body[:cut.start()] if cut else body
    name = _GIAO.sub("", name.strip()).strip(" .:;-")
    not_unit = _not_unit().match(name) is not None   # (tested once: both answers need it)
    if 2 < len(name) <= 160 and not not_unit:
        name = normalise_org(name) or name
        return name[0].upper() + name[1:], True
    return None, not_unit


def _paragraph_subject(para: str) -> tuple[str | None, bool, bool]:
    """An unnumbered paragraph with its own subject: "Các bộ phận ... báo cáo ...", "Giao Phòng Nội vụ theo
    dõi, ..., báo cáo UBND huyện ...": (subject, given a task by "Giao", whether it ends the current unit)."""
    gm = _GIAO.match(para)
    body = para[gm.end():] if gm else para.lstrip()
    cut = _UNIT_CUT_AT.search(body)
    if cut and 3 <= cut.start() <= 100 and _subject_start().match(body):
        name = normalise_org(body[:cut.start()].strip(" ,.;:")) or ""
        if name:
            subject = name[0].upper() + name[1:]
            return subject, bool(gm and gm.group(0).strip() == "Giao"), False
        return None, False, False
    return None, False, bool(gm)


def _paragraph_lines(text: str, p_start: int, para: str, frm_default: str | None,
                     year: int | None) -> list[tuple[ReportingLine, tuple[int, int]]]:
    """The reporting lines of one paragraph's clauses; ``frm_default``: who reports unless a clause says."""
    out: list[tuple[ReportingLine, tuple[int, int]]] = []
    for c_off, clause in _clauses(text, p_start, p_start + len(para)):
        first_report = _may_report(clause) and _report_re().search(clause)
        # every body's name starts with a capital (lexicon org_start), and is read after the first verb:
        # none there, no target (a plain test instead of the searches of _targets)
        if not first_report or clause[first_report.start():].islower():
            continue
        frm = frm_default
        sm = _subject(clause)
        if sm:
            s = normalise_org(sm.group("s")) or sm.group("s")
            frm = s[0].upper() + s[1:]
        sentence = squash(clause)
        for who, targets, dls, off in _clause_reports(clause, first_report, frm, year):
            for to, via, (ts, te) in targets:
                if who and _same(to, who):
                    continue
                out.append((ReportingLine(from_=who or "", to=to, via=via, deadlines=list(dls), sentence=sentence),
                            (c_off + off + ts, c_off + off + te)))
    return out


# "... về Phòng Nội vụ để tổng hợp, báo cáo UBND huyện": the body reported to relays the report further
_RELAY = re.compile(r"\bđể\s+(?:tổng\s+hợp\s*,?\s*(?:và\s+)?)?báo\s+cáo\b")


def _clause_reports(clause: str, first_report: re.Match, frm: str | None, year: int | None):
    """(who reports, [target], deadlines, offset of the part in ``clause``) for a reporting clause. A relay,
    "X báo cáo về Y (qua Z) trước ngày D để tổng hợp, báo cáo W", is two reports: X's to Y by D, and then
    the relaying body's (Z, else Y) to W, with only the deadlines said after "để".

    >>> c = "Các xã báo cáo về Phòng Nội vụ trước ngày 15/11/2024 để tổng hợp, báo cáo UBND huyện"
    >>> [(who, [t[0] for t in ts], dls) for who, ts, dls, _ in _clause_reports(c, _REPORT.search(c), "Các xã", 2024)]
    [('Các xã', ['Phòng Nội vụ'], ['2024-11-15']), ('Phòng Nội vụ', ['UBND huyện'], [])]
    """
    relay = _RELAY.search(clause, first_report.end()) if "để" in clause else None
    own = clause[:relay.start()] if relay else clause
    targets = _targets(own, first_report)
    if not targets:
        return []
    parts = [(frm, targets, _deadlines(own, year), 0)]
    if relay:
        rest = clause[relay.start():]
        relayer = targets[0][1] or targets[0][0]
        parts.append((relayer, _targets(rest, _report_re().search(rest)), _deadlines(rest, year), relay.start()))
    return parts


_BULLET = re.compile(r"^\s*(?:[-+•–*]|[a-zđ]\)|\d{1,2}[.)])\s")
_GIAO = re.compile(r"^\s*(?:Giao|Đề nghị|Yêu cầu)\s+")


@cache
def _not_unit() -> re.Pattern:
    return re.compile(alt(load("lexicon")["not_unit_headings"]) + r"(?![\w])")


@cache
def _subject_start() -> re.Pattern:
    lex = load("lexicon")
    return re.compile(r"(?:" + alt(cased(lex["org_start"] + lex["unit_subject_start"])) + r")(?![\w])")


_NON_WORD = re.compile(r"\W+")


@lru_cache(maxsize=4096)
def _letters(name: str) -> str:
    """A body's name lower-cased without its non-word characters, to compare names (the same few bodies
    recur in every plan: computed once each).

    >>> _letters("UBND tỉnh (Sở Nội vụ)")
    'ubndtỉnhsởnộivụ'
    """
    return _NON_WORD.sub("", name.lower())


def _same(a: str, b: str) -> bool:
    return _letters(a) == _letters(b)


def _targets(clause: str, first_report: re.Match) -> list[tuple[str, str | None, tuple[int, int]]]:
    """The bodies a reporting clause reports to, (name, via, span), ``first_report`` its first report verb.

    >>> c = "Báo cáo kết quả về UBND huyện (qua Phòng Nội vụ)"
    >>> _targets(c, _REPORT.search(c))
    [('UBND huyện', 'Phòng Nội vụ', (19, 29))]
    """
    out: list[tuple[str, str | None, tuple[int, int]]] = []
    seen: set[int] = set()
    # the same body is reached from its "về" and from its "(qua": read once
    parsed: dict[int, tuple[str, int] | None] = {}

    def parse(pos: int) -> tuple[str, int] | None:
        if pos not in parsed:
            parsed[pos] = _parse_org(clause, pos)
        return parsed[pos]

    def add(pos: int):
        r = parse(pos)
        if not r:
            return None
        name, e = r
        if pos in seen:
            return e
        seen.add(pos)
        via, e2 = _via(clause, e)
        out.append((normalise_org(name) or name, normalise_org(via) if via else None, (pos, e)))
        return e2

    # "báo cáo ORG, ORG và ORG"
    for m in _BAO_CAO.finditer(clause):
        pos = m.end()
        while True:
            e = add(pos)
            if e is None:
                break
            n = _LIST_SEP.match(clause, e)
            if not n:
                break
            pos = n.end()
    after = clause[first_report.end():]
    # "... về ORG", "gửi ORG" after a "báo cáo"
    for m in finditer_at(_TO_WORD, after, cands=_TO_SCAN.starts(after)):
        add(first_report.end() + m.end())
    # "... của ORG (qua VIA)" after a "báo cáo"
    for m in _QUA_PAREN.finditer(clause, first_report.end()):   # (in place: it looks neither behind nor ahead)
        k = m.start()
        # walk back to an org start
        for om in _org_any().finditer(clause[first_report.end():k]):
            s = first_report.end() + om.start()
            r = parse(s)
            if r and abs(r[1] - k) <= 1:
                add(s)
                break
    return out


@cache
def _org_any() -> re.Pattern:
    # (a body's first words, compiled once: re.finditer looked the pattern up in re's cache per "(qua")
    return re.compile(_org_patterns()[0])


def _merge(lines):
    merged: list[tuple[ReportingLine, tuple[int, int]]] = []
    def key(r):
        return (r.from_.lower(), _letters(r.to), _letters(r.via or ""))
    index: dict = {}
    for ln, span in lines:
        k = key(ln)
        if k in index:
            tgt, spans = index[k]
            for d in ln.deadlines:
                if d not in tgt.deadlines:
                    tgt.deadlines.append(d)
            spans.append(span)
            continue
        spans = [span]
        index[k] = (ln, spans)
        merged.append((ln, spans))
    return merged


_NOI_NHAN = re.compile(r"^\s*" + VOCAB.trigger_alternation("recipients") + r"\s*:?\s*(?P<rest>.*)$", re.M)


def extract_recipients(text: str) -> list[str]:
    """The recipients the "Nơi nhận:" block lists, filing copies ("Lưu: VT") left out.

    >>> extract_recipients("KẾ HOẠCH\\nNội dung.\\nNơi nhận:\\n- UBND tỉnh;\\n- Các phòng, ban;\\n- Lưu: VT.")
    ['UBND tỉnh', 'Các phòng, ban']
    """
    m = None   # the last match of _NOI_NHAN (matches found from the words, as finditer would)
    pos = 0
    occs = triggers(text).starts("recipients")
    while True:
        nxt = search_line_start(_NOI_NHAN, text, _NOI_NHAN_WORDS, pos, occs)
        if nxt is None:
            break
        m, pos = nxt, nxt.end()
    if not m:
        return []
    drop = re.compile(load("lexicon")["recipient_drop"], re.I)
    out: list[str] = []
    first = m.group("rest").strip()
    lines = ([first] if first else []) + text[m.end():m.end() + 3000].split("\n")[1:]
    started = ""   # "-": items led by a dash; ";": items with none, each ending with ";" (the last with ".")
    for ln in lines:
        cells = [c for c in _COLUMNS.split(ln) if c]
        for k, cell in enumerate(cells):
            kind = "-" if _DASH_ITEM.match(cell) else ";" if not started and cell.endswith(";") else ""
            if not kind and started == ";" and cell.endswith((";", ".")):
                kind = ";"
            if not kind:
                if started and k == 0:   # the left column holds no item: the list has ended
                    return out
                continue   # (the signature's column beside the list, or what comes before it)
            started = started or kind
            out += _recipients_in(cell, drop)
    return out


def _recipients_in(cell: str, drop: re.Pattern) -> list[str]:
    """The recipients one cell lists: one item, or several on one line ("- UBND tỉnh; - Lưu: VT.")."""
    out = []
    for item in _ITEMS_ON_A_LINE.split(cell):
        s = squash(_DASH_ITEM.sub("", item).strip().rstrip(";,."))   # (a name as written, one space between words)
        if s and not drop.match(s):
            out.append(s)
    return out
