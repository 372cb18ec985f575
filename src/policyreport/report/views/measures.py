"""The policy chapter's comparison of measures: per topic, what each document does or promises."""

from __future__ import annotations

import pandas as pd

from policyreport.report import render
from policyreport.report.i18n import name, tr
from policyreport.report.render import escape, para_ref
from policyreport.report.views.common import CorpusView


class MeasuresView(CorpusView):
    """Side-by-side measures per topic, from the stored `measures` table."""

    def measures(self, topics: int = 8, rows: int = 12) -> str:
        df = self.corpus.table("measures")
        if df.empty:
            return tr("没有两份以上文件都涉及的主题，因此没有措施比较。")
        spread = df.groupby("topic", sort=False)["doc_id"].nunique().sort_values(ascending=False, kind="stable")
        out = []
        for topic in spread.index[:topics]:
            t = df[df["topic"] == topic]
            t = t.groupby("doc_id", sort=False).head(max(2, rows // int(spread[topic])))  # every document gets a turn
            t = t.assign(
                doc=[self.short_link(d) for d in t["doc_id"]],
                year=[str(int(y)) if pd.notna(y) else "—" for y in t["target_year"]],
                figures=[escape(q) if isinstance(q, str) and q else "—" for q in t["quantities"]],
                text=[escape(c) for c in t["clause"]],
                link=[para_ref(d, p) for d, p in zip(t["doc_id"], t["paragraph"])],
                status=[name(x) for x in t["status"]],
                department=[name(x) for x in t["department"]],
            )
            names = {
                "doc": "文件",
                "status": "类别",
                "text": "内容",
                "figures": "数字",
                "year": "目标年份",
                "department": "牵头部门",
                "link": "位置",
            }
            total = int((df["topic"] == topic).sum())
            if total > rows:
                line = tr(
                    "**{topic}**：{n} 份文件（共 {total} 条，CSV 中有全部）",
                    topic=escape(name(topic)),
                    n=int(spread[topic]),
                    total=total,
                )
            else:
                line = tr("**{topic}**：{n} 份文件", topic=escape(name(topic)), n=int(spread[topic]))
            out.append(line + "\n\n" + render.table(t, names, raw=("doc", "text", "figures", "link")))
        return "\n\n".join(out)
