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
