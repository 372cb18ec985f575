"""Chinese labels for names that are code (metadata fields, parameters, yes/no), so that a Chinese
report shows no English field names. Keys the report does not know keep their name."""

from __future__ import annotations

from policyreport.extract.fields import TABLE
from policyreport.report import i18n

# The metadata fields' labels come from extract.fields (one table); the list fields the
# evaluation scores besides them are named here.
FIELDS = {
    **{key: label for key, label, *_ in TABLE},
    "cited_doc_numbers": "引用的文号",
    "cited_policies": "引用的文件名称",
    "answers": "答复的建议/提案",
    "figures": "数字与指标",
    "entities": "机构、人物与地名",
}

PARAMS = {
    "corpus": "语料文件夹",
    "pattern": "文件名模式",
    "recursive": "是否读取子文件夹",
    "table_columns": "表格文件的列名（正文、标题、发文机关、文号、日期、网址）",
    "title": "报告标题",
    "author": "作者",
    "authors": "作者（姓名、ORCID、单位）",
    "doi": "DOI",
    "base_url": "发布网址",
    "project": "报告项目文件夹",
    "version_label": "版本标签",
    "user_dict": "jieba 用户词典",
    "stopwords": "停用词表",
    "topics": "主题词典",
    "places": "地名词典",
    "orgs": "机构后缀与人物称谓",
    "instruments": "政策工具编码表",
    "commitment_rules": "已完成/承诺标记",
    "n_key_terms": "每份文件关键词数",
    "n_distinctive_terms": "每份文件特色词数",
    "min_term_length": "最短词长",
    "kwic_keywords": "语境关键词",
    "kwic_window": "语境窗口（字）",
    "kwic_max_lines": "每词每文件最多语境行数",
    "logodds_prior": "log-odds 先验强度",
    "network_terms": "共词网络节点数",
    "network_min_weight": "共词网络最小共现句数",
    "max_document_chapters": "逐份分析的文件数上限",
    "strict": "严格模式（有文件被跳过即失败）",
    "gold": "人工标注的评估文件",
    "departments": "牵头部门标注规则",
    "units": "数字的单位与限定词",
    "goals": "政策目标编码表",
    "strength": "政策力度量表",
    "pmc": "PMC 指数模型",
    "designs": "文种分组规则（规范性文件、答复类、其他）",
    "domain_pack": "领域包",
    "replies": "建议、提案答复的办理标记",
    "fit_min_documents": "编码表契合门槛：命中文件比例",
    "fit_min_units": "编码表契合门槛：命中句子（分句）比例",
    "reuse_min_sentences": "摘要陈述文本复用的门槛：后发文件的复用句数",
    "reuse_min_share": "摘要陈述文本复用的门槛：复用句占后发文件句子的比例",
    "pmc_overrides": "PMC 得分的人工改写",
    "manual_codes": "人工编码样本（计算 Kappa）",
    "generic_terms": "共词网络排除的泛用词",
    "max_source_characters": "原文页面最多显示的字数",
    "language": "报告语言（zh 中文、en 英文）",
    "translations": "本项目的英文译文（标题、作者、部分标题）",
}


def field(name: str) -> str:
    return i18n.name(FIELDS.get(name, name))


def param(name: str) -> str:
    return i18n.name(PARAMS.get(name, name))


def value(v) -> str:
    """A parameter value as the report prints it: yes/no in Chinese, empty as —."""
    if isinstance(v, bool):
        return i18n.tr("是") if v else i18n.tr("否")
    if v in ("", None, [], {}):
        return "—"
    return str(v)
