"""Regular expressions and word lists, kept as data apart from the functions that use them.

All patterns apply to the normalised (NFKC) form unless they say otherwise: full-width
brackets and punctuation such as （）：， have become ( ) : , there; 〔〕 and 《》 are unchanged.
"""

import re

from policyreport.ingest.numerals import ZERO_GLYPHS

# Chinese characters: the CJK Unified Ideographs and Extension A, for character classes ([{CJK}]).
CJK = "\u4e00-\u9fff\u3400-\u4dbf"
HAN = re.compile(f"[{CJK}]")
CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
CN_ORDINAL = "一二三四五六七八九十"

TERMINAL_PUNCT = set("。！？；：!?;:…")

# Numbered structure, from the highest level down. (name, regex on the normalised paragraph start)
HEADING_LEVELS = [
    ("篇", re.compile(rf"^第[{CN_ORDINAL}百零〇]+篇")),
    ("章", re.compile(rf"^第[{CN_ORDINAL}百零〇]+章")),
    ("节", re.compile(rf"^第[{CN_ORDINAL}百零〇]+节")),
    ("一、", re.compile(rf"^[{CN_ORDINAL}]+、")),
    ("(一)", re.compile(rf"^\([{CN_ORDINAL}]+\)")),
    ("1.", re.compile(r"^\d{1,3}(?:\.(?!\d)|、)")),
]
HEADING_START = re.compile("|".join(p.pattern for _, p in HEADING_LEVELS) + r"|^[一二三四五六七八九十]+是")
# "一是 … 二是 …": enumerations inside a paragraph, at its start or after a sentence end.
ENUM_INLINE = re.compile(rf"(?:^|(?<=[。;:；：]))\s*([{CN_ORDINAL}]+是)")

# 文号 such as 深卫健建函〔2020〕54号, 国发〔2013〕40号, with the bracket variants seen on websites.
DOC_NUMBER = re.compile(rf"[{CJK}]{{1,12}}[〔\[﹝【(（]((?:19|20)\d{{2}})[〕\]﹞】)）]第?\d{{1,4}}号")
# Words that can stand right before a 文号 in running text but are not part of it.
DOC_NUMBER_LEAD = re.compile(r"^.*(?:印发|发布|根据|按照|依据|出台|制定|的|了|和|与|及|在|为|等|是)")
DOC_NUMBER_LINE = re.compile(rf"^(?:文号:)?\s*({DOC_NUMBER.pattern})$")

DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DATE_CN = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")
DATE_LINE = re.compile(rf"^(?:{DATE.pattern}|{DATE_CN.pattern})$")

# A title line: "…关于…的函/答复/意见…" or "对…的答复".
TITLE_ENDINGS = "函|复函|答复|意见|若干意见|通知|方案|规划|纲要|决定|办法|报告|批复|规定|措施|细则|计划|公告"
TITLE = re.compile(rf"(?:关于|^对).*(?:{TITLE_ENDINGS})$")
TITLE_START = re.compile(r"关于|^对.*(?:建议|提案)")
# A title without 关于: a plan or programme named by itself, e.g. ……规划纲要（2026—2035年）.
TITLE_PLAIN = re.compile(
    r"^[^,，。:：;；]{4,60}(?:规划纲要|规划|纲要|行动方案|实施方案|方案|行动计划|计划|办法|条例|规定)(?:\([^()]{2,20}\))?$"
)

# Lines of a web page or form, not of the letter itself.
FIELD_LINE = re.compile(
    r"^(办理结果|公开属性|公开方式|索引号|发布机构|发文机关|发文日期|发布日期|成文日期|主题分类|当前位置|核心提示|浏览量|文章来源|来源|抄送|联系人|联系电话|联系地址|邮政编码)"
)

HANDLING_RESULT = re.compile(r"办理结果\s*:\s*(\S+)")
HANDLING_CLASS = [
    re.compile(r"^\[([A-D])\]$"),
    re.compile(r"^\(([A-D])类\)$"),
    re.compile(r"办复类别\s*:\s*([A-D])"),
    re.compile(r"答复类别\s*:\s*([A-D])"),
]
# The number of a suggestion or proposal (第132043号); a 令's number (国务院令第588号) is not one.
ANSWERS_NUMBER = re.compile(r"(?<!令)(?<!令\()第[0-9A-Za-z\-]+号")
CONTACT = re.compile(r"联系人(?:姓名)?\s*:\s*(.+?)(?:\)$|$)")
PHONE = re.compile(r"联系电话\s*:\s*([0-9\-—()（） ]{5,})")
SALUTATION = re.compile(r"^尊敬的")

GENRE_RULES = [
    ("会办意见", re.compile(r"会办")),
    ("政协提案答复", re.compile(r"提案")),
    ("人大代表建议答复", re.compile(r"(?:代表|人大).*建议|建议.*答复")),
    ("规划", re.compile(r"规划|纲要")),
    ("通知", re.compile(r"通知$")),
    ("政府意见", re.compile(r"意见$")),
]

ISSUER_SUFFIX = re.compile(r"(委员会|人民政府|政府|办公厅|办公室|局|委|厅|部|署|院|中心)$")

# Quantities: a number with its unit, the bound words around it and an optional range.
# The word lists (units, bound words, labels, words that only look like bounds) are data:
# dictionaries/units.yaml.
# 一 alone is a figure only with a bound word (一年内, 不超过一年) or as a range's low end (一至三年,
# 一年至三年); find_quantities drops it otherwise (一次, 一年一度).
_NUM = rf"(?:\d+(?:[.,]\d+)*|[{CN_DIGITS}]{{2,}}|[两三四五六七八九十]|一)"
# A number never starts inside another one (第十三条 is not 三条, 二○○四年 not 四年).
_NUM_START = rf"(?<![0-9A-Za-z.第每{CN_DIGITS}{ZERO_GLYPHS}])"
# Between the two ends of a range: 3—5年, 3至5年, 三到五年, 10%~20%, 1年至3年.
RANGE_SEP = r"(?:——|[-—–~至到])"
# Between a bound word and its number: a short noun or verb phrase, no punctuation (不超过工资薪金总额8%).
MAX_BOUND_GAP = 8


def _alternatives(words) -> str:
    return "|".join(sorted((re.escape(w) for w in words), key=len, reverse=True))


def quantity_pattern(units, before, after, inside, negations=()) -> re.Pattern:
    """Number + unit, with the bound word before it (`pre`, maybe negated: `neg` 不得 + 低于, and
    maybe `gap` characters away from the number), between number and unit (`post`: 100余名) and
    after the unit (`after`: 1年以上, or after the counted noun: 100张床位及以上); `num2` ends a
    range (60%—70%, 1年至3年: `unit1` is the first end's unit when written)."""
    neg = rf"(?:(?P<neg>{_alternatives(negations)})\s*)?" if negations else "(?P<neg>)?"
    words = _alternatives([*before, *negations])
    # the gap holds no other bound word: the nearest one binds (最长时间不超过两年 → 不超过两年)
    gap = rf"(?P<gap>(?:(?!{words})[{CJK}]){{1,{MAX_BOUND_GAP}}}?)?"
    pre = rf"(?:{neg}(?P<pre>{_alternatives(before)}){gap})?" if before else "(?P<neg>)?(?P<pre>)?(?P<gap>)?"
    post = f"(?P<post>{_alternatives(inside)})?" if inside else "(?P<post>)?"
    aft = f"(?P<after>{_alternatives(after)})?" if after else "(?P<after>)?"
    unit = _alternatives(units)
    return re.compile(
        rf"{pre}\s*"
        rf"{_NUM_START}(?P<num>{_NUM})"
        rf"(?:\s*(?P<unit1>(?:万|亿|千)?(?:{unit})|万|亿|千)?\s*{RANGE_SEP}\s*(?P<num2>{_NUM}))?"
        rf"\s*(?P<mag>万|亿|千)?{post}\s*(?P<unit>{unit})"
        rf"(?:[{CJK}]{{1,2}}?(?=及以[上下]))?{aft}"  # 100张床位及以上: the bound after the counted noun
        r"(?![景庭长级]|会议|届)"
    )


def percent_pattern(words, before, after, negations=()) -> re.Pattern:
    """A percentage written with its word before the number (百分之八, 不得超过百分之二十,
    百分之十至百分之二十, 百分之五十以上), with the same bound-word groups as quantity_pattern
    (`unit` is empty: the unit is %)."""
    neg = rf"(?:(?P<neg>{_alternatives(negations)})\s*)?" if negations else "(?P<neg>)?"
    bound_words = _alternatives([*before, *negations])
    gap = rf"(?P<gap>(?:(?!{bound_words})[{CJK}]){{1,{MAX_BOUND_GAP}}}?)?"
    pre = rf"(?:{neg}(?P<pre>{_alternatives(before)}){gap})?" if before else "(?P<neg>)?(?P<pre>)?(?P<gap>)?"
    aft = f"(?P<after>{_alternatives(after)})?" if after else "(?P<after>)?"
    w = _alternatives(words)
    num = rf"(?:\d+(?:\.\d+)?|[{CN_DIGITS}]+(?:点[{CN_DIGITS}]+)?)"
    return re.compile(
        rf"{pre}(?:{w})(?P<num>{num})(?P<unit1>)(?:\s*{RANGE_SEP}\s*(?:{w})?(?P<num2>{num}))?(?P<mag>)(?P<post>)(?P<unit>){aft}"
    )


def label_pattern(labels) -> re.Pattern:
    """A number that names a position, not an amount: 第十三条, 第3批, 序号12, and a range of them
    (第1-3条, 第三至五条) (labels are data)."""
    words = _alternatives(labels)
    num = rf"(?:\d+|[{CN_DIGITS}{ZERO_GLYPHS}]+)"
    return re.compile(rf"(?:{words})\s*[:：]?\s*{num}(?:\s*{RANGE_SEP}\s*(?:{words})?{num})?")


# A calendar date in Chinese numerals (二○○四年, 二〇一九年十月, 二〇二〇年三月五日): no figure in it.
CN_CALENDAR = re.compile(
    rf"[一二][{ZERO_GLYPHS}一二三四五六七八九]{{3}}\s*年(?:\s*[一二三四五六七八九十]{{1,3}}\s*月(?:\s*[一二三四五六七八九十]{{1,3}}\s*[日号])?)?"
)


# A short quoted phrase (“五个中心”, “五位一体”): a slogan or a name, not a count.
SHORT_QUOTE = re.compile(r"[“‘\"']([^“”‘’\"'\n]{1,8})[”’\"']")
# A number + unit that names an idea rather than counts (五位一体, 三位一体).
RHETORICAL_AFTER = re.compile(r"一体")
TARGET_YEAR = re.compile(r"(?<!截)(?:到|至|力争到|力争)\s*((?:20|19)\d{2})\s*年(?![\d—\-~至到])")

# Citations: titles in 《…》 (web pages sometimes use 〈〉 inside) and other documents' 文号.
# Group 1 is the title. The one pattern for a title: clauses blank it before they are read.
CITED_TITLE = re.compile(r"《([^《》\n]{2,100})》")
# A title or a quotation: what a clause quotes is not what it says.
QUOTED = re.compile(rf"{CITED_TITLE.pattern}|“[^“”]*”")


def blank_inside(m: re.Match) -> str:
    """The match with its inner characters replaced by □, so that positions and brackets stay."""
    s = m.group(0)
    return s[0] + "□" * (len(s) - 2) + s[-1] if len(s) >= 2 else s
