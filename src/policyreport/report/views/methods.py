"""The methods chapter: parameters, software versions, source checksums, evaluation."""

from __future__ import annotations

import pandas as pd

from policyreport.compare import links
from policyreport.report import labels, render
from policyreport.report.i18n import name, tr
from policyreport.report.render import escape
from policyreport.report.views.common import CorpusView, design_basis, download


def entity_rules_text(n: dict) -> str:
    """The methods text on names and links, with the numbers of the dictionaries the build used
    (`extract.entities.rule_numbers`, recorded in corpus.json) and of `compare.links`."""
    share = f"{links.MAX_LINK_SHARE:.0%}"
    return "\n".join(
        [
            tr(
                "- **机构、人物与地名**：地名来自地名词典与地名结尾规则（街道、路、岛……）；机构名由 jieba 词性、"
                "机构后缀、标准部门名称（财政、人力资源社会保障……+局/厅/委/部）和并列结构规则组合识别，可能遗漏或误识。规则是："
            ),
            tr(
                "  - 没有机构后缀的词只有是词典条目时才算机构（用户词典中标为机构的 {known} 个词，"
                "机构简称与更名表中的 {forms} 个写法）：新兴产业、人财物、住院医师之类普通名词不算；"
                "有后缀时整个名称必须是专名，后缀前只有类别词（共 {generic} 个，如公立、各级、定点、上市）"
                "的泛称（公立医院、上市公司）不算。",
                known=n["dictionary_organisations"],
                forms=n["written_forms"],
                generic=n["generic_modifiers"],
            ),
            tr(
                "  - 人与机构分开：署名和名单中的“姓名 + 机关 + 职务”“机关 + 职务 + 姓名”（潘朝晖 省政府秘书长，"
                "国务院总理 李鹏）拆成一个人物（带职务，职务词共 {roles} 个）和一个机构。",
                roles=n["person_roles"],
            ),
            tr(
                "  - 名称取全：两个专名之间的“联合”等连接词、被分词切开的后缀都在名称之内；"
                "公司简称（地名 + 一个非词典词，如贵州生诺）整体是机构，其中的地名不另计为地名。"
            ),
            tr(
                "  - 每次提及只计一次：机构名里的地名不另计；长名称开头的上级机构（中山大学附属第一医院中的中山大学）"
                "也不另计，名称只按原文写法计一次。"
            ),
            (
                tr(
                    "  - 简称与更名：机构简称与更名表（`org_aliases.yaml`）收 {bodies} 个中央机关与机构的"
                    " {forms} 种写法、{renamings} 次更名或合并（{first}—{last} 年，",
                    bodies=n["bodies"],
                    forms=n["written_forms"],
                    renamings=n["national_renamings"],
                    first=n["years"][0],
                    last=n["years"][-1],
                )
                if n["years"]
                else tr(
                    "  - 简称与更名：机构简称与更名表（`org_aliases.yaml`）收 {bodies} 个中央机关与机构的"
                    " {forms} 种写法、{renamings} 次更名或合并（",
                    bodies=n["bodies"],
                    forms=n["written_forms"],
                    renamings=n["national_renamings"],
                )
            )
            + tr(
                "依据见表中所列的 {sources} 份机构改革方案），"
                "以及 {fields} 个部门简称的全称和 {local} 种地方部门的更名。"
                "实体表的 `text` 列保持原文写法，`body` 列是归并后的机构：简称写成全称，沿更名找到最新的机关；"
                "同一写法在不同年份指不同机关时（国家计委、国家药品监督管理局）按文件年份取。",
                sources=n["sources"],
                fields=n["field_forms"],
                local=n["local_renamings"],
            ),
            tr(
                "- **文件之间的联系**：两份文件引用同一文件，或提及同一机构（按 `body`）。主送、抄送行"
                "（以 {labels} 开头的行、元数据读出的主送机关，"
                "以及“各省、自治区、直辖市人民政府，国务院各部委、各直属机构：”这样的主送行）里的机构不算；"
                "被超过 {max_docs} 份文件、或（语料至少 {min_docs} 份文件时）"
                "超过 {share} 的文件提及的机构或文件是共同背景，也不算。地名不算联系。",
                labels="、".join(n["addressee_labels"]),
                max_docs=links.MAX_LINK_DOCS,
                min_docs=links.SHARE_MIN_DOCS,
                share=share,
            ),
        ]
    )


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
            return tr("没有文件。")
        intro = tr(
            "每份文件按元数据中的文种（被印发、转发的文件按其文种）归入三组，规则是可替换的 YAML 文件（参数 `designs`），"
            "依据《党政机关公文处理工作条例》{cite:p}`gongwen2012`第八条对各文种适用范围的规定。"
            "规范性文件设定措施，政策工具占比、工具 × 目标、PMC 指数和工具缺口只在这一组内计算；"
            "答复类文件（建议、提案答复，批复，复函）回应个案，其他文件（通报、公告等）告知情况，都不参与这些分析，"
            "也不评政策力度（量表不含这些文种）。"
        )
        shown = d.assign(
            doc=[self.short_link(x) for x in d["doc_id"]],
            basis=[escape(design_basis(b)) for b in d["basis"]],
            design_name=[name(x) for x in d["design_name"]],
        )
        return intro + "\n\n" + render.table(shown, {"doc": "文件", "design_name": "分组", "basis": "依据"}, raw=("doc", "basis"))

    def fit_text(self) -> str:
        """The fit of each codebook to the corpus, the threshold, the documents missed and the terms not covered."""
        f = self.optional_table("codebook_fit")
        p = self.info["params_shown"]
        lo_docs, lo_units = float(p["fit_min_documents"]), float(p["fit_min_units"])
        intro = tr(
            "词典和编码表是为某一类文本写的，用到别的语料时可能大半落空。每份编码表都按它在本语料中命中的文件和句子（分句）计算覆盖率："
            "命中至少 {lo_docs:.0%} 的文件、且至少 {lo_units:.0%} 的句子（分句）时视为契合（参数 `fit_min_documents`、`fit_min_units`）；"
            "不契合的编码表仍给出表格，但摘要不据此陈述发现。“未覆盖的高频词”是出现在最多文件中、编码表没有收录的关键词（机构、人名、地名除外），"
            "可供补充词典；`python -m policyreport draft-dictionaries` 可以从语料起草主题词典和用户词典。",
            lo_docs=lo_docs,
            lo_units=lo_units,
        )
        pack = p.get("domain_pack") or ""
        intro += (
            tr(
                "本报告的主题词典、目标编码表、PMC 线索词、用户词典和通用词表取自领域包“{pack}”（参数 `domain_pack`），只适用于该领域的文本。",
                pack=escape(pack),
            )
            if pack
            else tr(
                "本报告的主题词典、目标编码表、PMC 线索词、用户词典和通用词表是面向一般公共政策的默认设置，没有使用领域包（参数 `domain_pack`）。"
            )
        )
        if f.empty:
            return intro
        rows = f.assign(
            docs=[
                tr("{a}/{b}（{c:.0%}）", a=int(a), b=int(b), c=c)
                for a, b, c in zip(f["documents_reached"], f["documents"], f["document_share"])
            ],
            units_shown=[
                tr("{a}/{b}（{c:.0%}）", a=int(a), b=int(b), c=c)
                for a, b, c in zip(f["units_reached"], f["units"], f["unit_share"])
            ],
            verdict=[tr("契合") if x else tr("不契合") for x in f["fits"]],
            missed=[self._missed(x) for x in f["missed_documents"]],
            terms=[escape("、".join(self._list(x))) or "—" for x in f["uncovered_terms"]],
            name=[name(x) for x in f["name"]],
            scope=[name(x) for x in f["scope"]],
            unit=[name(x) for x in f["unit"]],
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
        shown = tr("、").join(self.short_link(d) for d in docs[:10])
        return (shown + (tr(" 等 {n} 份", n=len(docs)) if len(docs) > 10 else "")) or "—"

    def entity_rules(self) -> str:
        """How organisations, people and places are recognised and what links two documents."""
        return entity_rules_text(self.info["entity_rules"])

    def versions_table(self) -> str:
        df = pd.DataFrame(sorted(self.info["provenance"]["versions"].items()), columns=["软件", "版本"])
        return render.table(df)

    def hashes_table(self) -> str:
        df = pd.DataFrame([{"file": d["file"], "sha": f"`{d['sha256']}`", "enc": d["encoding"]} for d in self.docs])
        return render.table(df, {"file": "源文件", "sha": "SHA-256", "enc": "编码"}, raw=("sha",))

    def skipped(self) -> str:
        sk = self.info["skipped"]
        if not sk:
            return tr("语料中的所有文件均已分析，没有跳过的文件。")
        return "\n".join(tr("- `{file}`：{reason}", file=render.role_text(s["file"]), reason=escape(s["reason"])) for s in sk)

    def regenerate(self) -> str:
        r = self.info["report"]
        lines = [
            tr(
                "在本项目的代码版本{commit} 下运行以下命令，可用同样的语料和参数重新生成本报告"
                "（参数文件随报告提供：{file}，放在项目根目录；其中的相对路径相对于该文件所在目录）：",
                commit=f" `{r['commit']}`" if r.get("commit") else "",
                file=download(self.corpus.data_dir / "params.used.yaml", "params.used.yaml", self.here),
            ),
            "",
            "```bash",
            r["command"],
            "```",
        ]
        return "\n".join(lines)

    def evaluation(self) -> str:
        ev = self.info.get("evaluation")
        if not ev:
            return tr("参数 `gold` 未指定或其中没有本语料的文件，因此没有评估。")
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
