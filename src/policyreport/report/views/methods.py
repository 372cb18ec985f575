"""The methods chapter: parameters, software versions, source checksums, evaluation."""

from __future__ import annotations

import pandas as pd

from policyreport.report import labels, render
from policyreport.report.render import escape
from policyreport.report.views.common import CorpusView, download


class MethodsView(CorpusView):
    """What the methods chapter shows."""

    def params_table(self) -> str:
        df = pd.DataFrame(sorted(self.info["params_shown"].items()), columns=["参数", "取值"])
        df.insert(0, "含义", [labels.param(k) for k in df["参数"]])
        df["取值"] = [render.code_span(labels.value(v)) for v in df["取值"]]
        df["参数"] = [render.code_span(k) for k in df["参数"]]
        return render.table(df, raw=("参数", "取值"))

    def designs_text(self) -> str:
        """Which group (normative, response, other) each document is in and why; which analyses cover which group."""
        d = self.optional_table("designs")
        if d.empty:
            return "没有文件。"
        intro = (
            "每份文件按元数据中的文种（被印发、转发的文件按其文种）归入三组，规则是可替换的 YAML 文件（参数 `designs`），"
            "依据《党政机关公文处理工作条例》{cite:p}`gongwen2012`第八条对各文种适用范围的规定。"
            "规范性文件设定措施，政策工具占比、工具 × 目标、PMC 指数和工具缺口只在这一组内计算；"
            "答复类文件（建议、提案答复，批复，复函）回应个案，其他文件（通报、公告等）告知情况，都不参与这些分析，"
            "也不评政策力度（量表不含这些文种）。"
        )
        shown = d.assign(doc=[self.short_link(x) for x in d["doc_id"]], basis=[escape(b) for b in d["basis"]])
        return intro + "\n\n" + render.table(shown, {"doc": "文件", "design_name": "分组", "basis": "依据"}, raw=("doc", "basis"))

    def fit_text(self) -> str:
        """The fit of each codebook to the corpus, the threshold, the documents missed and the terms not covered."""
        f = self.optional_table("codebook_fit")
        p = self.info["params_shown"]
        lo_docs, lo_units = float(p["fit_min_documents"]), float(p["fit_min_units"])
        intro = (
            f"词典和编码表是为某一类文本写的，用到别的语料时可能大半落空。每份编码表都按它在本语料中命中的文件和句子（分句）计算覆盖率："
            f"命中至少 {lo_docs:.0%} 的文件、且至少 {lo_units:.0%} 的句子（分句）时视为契合（参数 `fit_min_documents`、`fit_min_units`）；"
            "不契合的编码表仍给出表格，但摘要不据此陈述发现。“未覆盖的高频词”是出现在最多文件中、编码表没有收录的关键词（机构、人名、地名除外），"
            "可供补充词典；`python -m policyreport draft-dictionaries` 可以从语料起草主题词典和用户词典。"
        )
        pack = p.get("domain_pack") or ""
        intro += (
            f"本报告的主题词典、目标编码表、PMC 线索词、用户词典和通用词表取自领域包“{escape(pack)}”（参数 `domain_pack`），只适用于该领域的文本。"
            if pack
            else "本报告的主题词典、目标编码表、PMC 线索词、用户词典和通用词表是面向一般公共政策的默认设置，没有使用领域包（参数 `domain_pack`）。"
        )
        if f.empty:
            return intro
        rows = f.assign(
            docs=[
                f"{int(a)}/{int(b)}（{c:.0%}）" for a, b, c in zip(f["documents_reached"], f["documents"], f["document_share"])
            ],
            units_shown=[f"{int(a)}/{int(b)}（{c:.0%}）" for a, b, c in zip(f["units_reached"], f["units"], f["unit_share"])],
            verdict=["契合" if x else "不契合" for x in f["fits"]],
            missed=[self._missed(x) for x in f["missed_documents"]],
            terms=[escape("、".join(self._list(x))) or "—" for x in f["uncovered_terms"]],
        )
        names = {
            "name": "编码表",
            "scope": "范围",
            "unit": "单位",
            "docs": "命中文件",
            "units_shown": "命中单位",
            "verdict": "判定",
            "missed": "未命中的文件",
            "terms": "未覆盖的高频词",
        }
        return intro + "\n\n" + render.table(rows, names, raw=("missed",))

    @staticmethod
    def _list(value) -> list:
        if isinstance(value, str):
            import json

            return json.loads(value) if value.startswith("[") else [value]
        return list(value) if value is not None else []

    def _missed(self, value) -> str:
        docs = self._list(value)
        shown = "、".join(self.short_link(d) for d in docs[:10])
        return (shown + (f" 等 {len(docs)} 份" if len(docs) > 10 else "")) or "—"

    def versions_table(self) -> str:
        df = pd.DataFrame(sorted(self.info["provenance"]["versions"].items()), columns=["软件", "版本"])
        return render.table(df)

    def hashes_table(self) -> str:
        df = pd.DataFrame([{"file": d["file"], "sha": f"`{d['sha256']}`", "enc": d["encoding"]} for d in self.docs])
        return render.table(df, {"file": "源文件", "sha": "SHA-256", "enc": "编码"}, raw=("sha",))

    def skipped(self) -> str:
        sk = self.info["skipped"]
        if not sk:
            return "语料中的所有文件均已分析，没有跳过的文件。"
        return "\n".join(f"- `{render.role_text(s['file'])}`：{escape(s['reason'])}" for s in sk)

    def regenerate(self) -> str:
        r = self.info["report"]
        lines = [
            "在本项目的代码版本"
            + (f" `{r['commit']}`" if r.get("commit") else "")
            + " 下运行以下命令，可用同样的语料和参数重新生成本报告"
            "（参数文件随报告提供："
            + download(self.corpus.data_dir / "params.used.yaml", "params.used.yaml", self.here)
            + "，放在项目根目录；其中的相对路径相对于该文件所在目录）：",
            "",
            "```bash",
            r["command"],
            "```",
        ]
        return "\n".join(lines)

    def evaluation(self) -> str:
        ev = self.info.get("evaluation")
        if not ev:
            return "参数 `gold` 未指定或其中没有本语料的文件，因此没有评估。"
        df = pd.DataFrame(ev["table"])
        df["field"] = [labels.field(f) for f in df["field"]]
        df["precision"] = ["—" if pd.isna(x) else f"{x:.3f}" for x in df["precision"]]
        df["recall"] = [f"{x:.3f}" for x in df["recall"]]
        return render.table(
            df,
            {
                "field": "字段",
                "documents": "文件数",
                "tp": "正确",
                "fp": "误报",
                "fn": "漏报",
                "precision": "精确率",
                "recall": "召回率",
            },
        )
