"""A reply's handling result: the 办理结果： line, or the result each item states when all agree."""

from __future__ import annotations

import pytest

from policyreport.extract.gazetteer import Gazetteer
from policyreport.extract.metadata import extract as read_metadata
from policyreport.ingest.text import paragraphs
from policyreport.params import Params

HEAD = "某市卫生健康局关于市政协十三届二次会议第132043号提案答复的函\n\n某委员：\n\n您提出的《关于加强合作的提案》（第132043号）收悉。现答复如下：\n\n"
TAIL = "\n\n某市卫生健康局\n\n2023年6月19日\n"


@pytest.mark.parametrize(
    ("items", "result", "reason"),
    [
        (
            "一、关于建立平台的建议 采纳吸收建议。\n\n我局已建立平台。\n\n二、关于加强合作的建议\n\n采纳吸收建议。",
            "采纳吸收",
            None,
        ),
        ("一、关于建立平台的建议\n\n采纳。\n\n二、关于加强合作的建议\n\n留作参考。", None, "各条办理意见不同：留作参考、采纳"),
        ("一、关于建立平台的建议\n\n我局将采纳有关意见，逐步推进。", None, None),  # a sentence, not a result formula
        ("办理结果：部分采纳\n\n一、关于建立平台的建议\n\n采纳。", "部分采纳", None),  # the explicit line wins
    ],
)
def test_item_results(items, result, reason):
    md = read_metadata(paragraphs(HEAD + items + TAIL), Gazetteer.from_yaml(Params().places))
    assert md.handling_result == result
    assert md.null_reasons.get("handling_result") == reason
