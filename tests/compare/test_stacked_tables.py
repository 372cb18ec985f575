"""Per-document tables stacked for the corpus tables: each row keeps its document."""

import pandas as pd

from policyreport.compare.corpus import stacked_tables


def test_rows_keep_their_document_and_empty_tables_are_left_out():
    a = pd.DataFrame({"type": ["供给型", "环境型"], "paragraph": [3, 7]})
    b = pd.DataFrame({"type": pd.Series([], dtype="str"), "paragraph": pd.Series([], dtype="int64")})
    c = pd.DataFrame({"type": ["需求型"], "paragraph": [12]})
    out = stacked_tables([("doc_a", a), ("doc_b", b), ("doc_c", c)])
    expected = pd.concat([a.assign(doc_id="doc_a"), c.assign(doc_id="doc_c")], ignore_index=True)
    pd.testing.assert_frame_equal(out, expected, check_exact=True)
    assert list(out.columns) == ["type", "paragraph", "doc_id"]


def test_nothing_to_stack():
    assert stacked_tables([]).empty and stacked_tables([("a", pd.DataFrame())]).empty
