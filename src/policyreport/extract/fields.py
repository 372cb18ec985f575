"""The metadata fields of a document, once: key, Chinese label, and whether the report card shows it.

`extract --json` (records.RECORD_KEYS), the evaluation (evaluate.SCALAR_FIELDS) and the document
card (report.views.FIELDS) all read this table.
"""

from __future__ import annotations

# (key, label shown in the report, on the document card, scored against gold)
TABLE = [
    ("title", "标题", True, True),
    ("issuer", "发文机关", True, True),
    ("doc_number", "文号", True, True),
    ("date", "成文日期", True, True),
    ("year", "年份", True, True),
    ("recipient", "主送机关", True, True),
    ("genre", "文种", True, True),
    ("carried_title", "所印发/转发的文件", False, False),
    ("carried_genre", "所印发/转发文件的文种", False, False),
    ("answers_number", "答复的建议/提案编号", True, True),
    ("handling_result", "办理结果", True, True),
    ("handling_class", "办理类别", True, True),
    ("region", "地区", True, True),
    ("level", "行政层级", True, True),
    ("contact", "联系人", True, True),
    ("sections", "一级标题数", False, True),
    ("subsections", "二级标题数", False, True),
    ("numbered_items", "编号条目数", False, True),
    ("file", "源文件", True, False),
    ("encoding", "编码", True, False),
]

CARD_FIELDS = [(k, label) for k, label, card, _ in TABLE if card]
SCORED_FIELDS = [k for k, _, _, scored in TABLE if scored]
RECORD_KEYS = ("file", *(k for k, _, _, _ in TABLE if k not in ("file", "encoding")))
