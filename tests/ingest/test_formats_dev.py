"""Every real file of the development set `shared/formats-dev` (beside the repository) read with its
facts right or skipped with a true one-line reason. Facts were checked by hand against each file."""

from __future__ import annotations

from pathlib import Path

import pytest

from policyreport.ingest import formats
from policyreport.ingest.formats.base import DecodeError

DEV = Path(__file__).resolve().parents[2].parent / "shared" / "formats-dev"

READ, SKIP = "read", "skip"
DOC_SKIP = "Word 97–2003 or WPS document (.doc/.wps): not read (open it in Word or WPS and save it as .docx"
NO_TEXT = "rows without text (no text column"

# file: (outcome, strings the text holds (read) or the reason holds (skip), strings the text must not hold)
EXPECTED = {
    "pdf/huaian_szf_2024_zfxxgk_annual_report.pdf": (
        READ,
        ["淮安市人民政府2024 年政府信息公开工作年度报告", "（国令第 711 号）"],
        ["- 1 -", "-1-"],
    ),
    "pdf/hongze_qzf_2023_zfxxgk_annual_report.pdf": (READ, ["洪泽区人民政府2023 年政府信息公开工作年度报告"], ["-3-", "- 3 -"]),
    "pdf/hongze_qzf_2024_zfxxgk_annual_report.pdf": (
        READ,
        ["淮安市洪泽区人民政府2024 年政府信息公开工作年度报告"],
        ["-3-", "- 3 -"],
    ),
    "pdf/govcn_print_guobanfa_2017_74_jingwai_touzi.pdf": (
        READ,
        ["国办发〔2017〕74号", "发文字号： 国办发〔2017〕74号"],
        ["⽂", "⼈", "⻅"],
    ),
    "pdf/putuo_wanli_jiedao_2024_dept_budget.pdf": (
        READ,
        ["上海市普陀区2024年区级部门预算", "预算主管部门：上海市普陀区人民政府万里街道办事处"],
        [],
    ),
    "pdf/putuo_qzfbgs_2025_dept_budget.pdf": (
        READ,
        ["上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区人民政府办公室"],
        [],
    ),
    "pdf/putuo_swwyh_2025_unit_budget.pdf": (READ, ["上海市普陀区2025年区级单位预算", "预算单位：上海市普陀区商务委员会"], []),
    "pdf/putuo_ghzyj_2024_dept_final_accounts.pdf": (READ, ["上海市普陀区规划和自然资源局\n\n2024 年度部门决算"], ["附件2"]),
    "pdf/putuo_czj_2024_dept_final_accounts.pdf": (READ, ["上海市普陀区财政局2024年度部门决算\n\n目 录"], []),
    "pdf/putuo_shgzb_2024_dept_final_accounts.pdf": (READ, ["中共上海市普陀区委社会工作部 2024 年度"], ["附件2"]),
    "pdf/shanghai_dept_final_accounts_template_2024.pdf": (READ, ["上海市 XX 局\n\n2024 年度部门决算"], []),
    "pdf/GBT_39677-2020_ofd_gov_web_archiving.pdf": (SKIP, ["garbled text layer", "OCR it first"], []),
    "pdf/SYNTH_gongwen_mock_guofangbu_fangjia.pdf": (READ, ["国防部发〔2012〕21 号", "国防部关于放假的通知"], ["––"]),
    "pdf/SYNTH_gongwen_redhead_secret_template.pdf": (READ, ["XXX〔2023〕X 号", "二〇二三年一月一日"], []),
    "docx/zfxxgk_annual_report_format_template.docx": (READ, ["政府信息公开工作年度报告格式模板", "（文字描述）"], []),
    "docx/SYNTH_gongwen_mock_guofangbu_fangjia.docx": (READ, ["国防部发〔2012〕21号", "抄送：教育局，教育局。"], []),
    "docx/SYNTH_gongwen_redhead_secret_template.docx": (READ, ["XXX〔2023〕X号", "二〇二三年一月一日"], []),
    "doc/SYNTH_gongwen_mock_2012.doc": (SKIP, [DOC_SKIP], []),
    "doc/SYNTH_gongwen_mock_guofangbu_fangjia.wps": (SKIP, [DOC_SKIP], []),
    "doc/SYNTH_gongwen_redhead_secret_template.doc": (SKIP, [DOC_SKIP], []),
    "doc/SYNTH_gongwen_redhead_secret_template.wps": (SKIP, [DOC_SKIP], []),
    "html/gz_tianyuan_jd_zhuanzai_suifubangui_2024_13_gongzufang.html": (READ, ["穗府办规〔2024〕13号"], ["【打印】", "-->"]),
    "html/gz_wjw_suiweihan_2023_1930_jiatingyisheng.html": (
        READ,
        ["穗卫函〔2023〕1930号", "市卫生健康委联系人：孙映吟，联系电话：81085234"],
        ["-->"],
    ),
    "html/gz_tianhe_czj_suiminguizi_2024_3_zhucan.html": (READ, ["穗民规字〔2024〕3号"], ["-->"]),
    "html/gz_gfxwj_suiyibaoguizi_2019_4_mente.html": (READ, ["穗医保规字〔2019〕4号"], ["-->"]),
    "html/gz_gfxwj_suiyibaoguizi_2024_1_changhu.html": (READ, ["穗医保规字〔2024〕1号", "2024年1月3日"], ["-->"]),
    "html/gz_gfxwj_suifubangui_2025_8_jifenruhu.html": (READ, ["穗府办规〔2025〕8号", "2025年6月30日"], ["-->"]),
    "html/gz_rsj_suirenshe_guizi_2022_2_rencai_ruhu.html": (READ, ["穗人社规字〔2022〕2号", "2022年7月7日"], ["-->", "浏览字号"]),
    "html/gz_scjgj_guowuyuanling_746_shichangzhuti.html": (
        READ,
        ["中华人民共和国市场主体登记管理条例", "国务院令第746号"],
        ["-->", "字体大小"],
    ),
    "html/gz_tianhe_jyj_2026_youeryuan_zhaosheng.html": (
        READ,
        ["广州市天河区教育局关于印发《2026年广州市天河区幼儿园招生工作方案》的通知"],
        ["-->"],
    ),
    "html/gz_portal_news_yidi_jiuyi_beian.html": (READ, ["无需个人垫付！广州异地就医备案，上“穗好办”快速办理！"], ["-->"]),
    "html/ndrc_fagaijiageguifan_2020_101_shengji_dianwang_shupeidianjia.html": (
        READ,
        ["发改价格规〔2020〕101号", "2020年1月19日"],
        ["-->", "startprint"],
    ),
    "ofd/luqiao_wsj_lu_wei_fa_2011_76_pifu.ofd": (READ, ["路卫发〔2011〕76号", "关于同意张阿三同志辞职的批复"], ["— 1 —"]),
    "ofd/lincang_linxiang_zrzyj_2022_land_preapproval_form.ofd": (READ, ["临翔发改复[2018]172号", "2022年08月23日"], []),
    "ofd/customs_gac_digital_archive_article_cnki.ofd": (READ, ["建设新时代海关数字档案室", "文/海关总署"], []),
    "ofd/xx_city_gov_shouwen_processing_form.ofd": (
        READ,
        ["XX市政府文件处理", "市委主要领导同志调研后续落实事项的通知"],
        ["测试文本注释"],
    ),
    "ofd/GBT_33190_spec_excerpt_glyph_transform.ofd": (READ, ["11.4字型变换", "CodePosition"], []),
    "ofd/SYNTH_gongwen_mock_guofangbu_fangjia.ofd": (READ, ["国防部发〔2012〕21号", "国防部关于放假的通知"], []),
    "ofd/SYNTH_gongwen_redhead_secret_template.ofd": (READ, ["XXX〔2023〕X号"], []),
    "tabular/ptc_state_council_titles_dates_5781rows.xlsx": (SKIP, ["5,781 " + NO_TEXT], []),
    "tabular/ptc_state_council_doc_numbers_5781rows.xlsx": (SKIP, ["5,781 " + NO_TEXT], []),
    "tabular/ptc_guangdong_doc_numbers_4430rows.xlsx": (SKIP, ["4,430 " + NO_TEXT], []),
    "tabular/central_and_shandong_policies_fulltext.xlsx": (READ, ["智慧林业"], []),
}
ROWS_WITH_TEXT = {"tabular/central_and_shandong_policies_fulltext.xlsx": 166 + 55}

pytestmark = pytest.mark.skipif(not DEV.is_dir(), reason=f"the development set is not beside the repository ({DEV})")


def test_every_file_of_the_development_set_is_listed():
    files = {p.relative_to(DEV).as_posix() for p in DEV.rglob("*") if p.is_file() and p.name != "README.md"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("rel", sorted(EXPECTED))
def test_file_is_read_with_its_facts_or_skipped_with_the_reason(rel):
    outcome, holds, lacks = EXPECTED[rel]
    try:
        result = formats.read(rel.rsplit("/", 1)[1], (DEV / rel).read_bytes())
    except DecodeError as exc:
        assert outcome == SKIP, f"{rel} was skipped: {exc}"
        assert all(h in str(exc) for h in holds) and "\n" not in str(exc)
        return
    if outcome == SKIP:  # a table whose every row lacks text: one note, no document
        assert result.documents == [] and len(result.notes) == 1
        assert all(h in result.notes[0] for h in holds)
        return
    assert result.documents, f"{rel} gave no document"
    text = "\n\n".join(d.text for d in result.documents)
    assert all(h in text for h in holds), [h for h in holds if h not in text]
    assert not any(x in text for x in lacks), [x for x in lacks if x in text]
    assert len(result.documents) == ROWS_WITH_TEXT.get(rel, 1)


# Reports and budgets without 关于: [机关] + 年份 + 事由 + 报告类文种, one line or two; the body is the
# title's 机关, or the cover's 预算主管部门 / 预算单位 when the title names only the place.
REPORTS = {
    "pdf/huaian_szf_2024_zfxxgk_annual_report.pdf": (
        "淮安市人民政府2024年政府信息公开工作年度报告",
        "淮安市人民政府",
        "年度报告",
    ),
    "pdf/hongze_qzf_2023_zfxxgk_annual_report.pdf": (
        "洪泽区人民政府2023年政府信息公开工作年度报告",
        "洪泽区人民政府",
        "年度报告",
    ),
    "pdf/hongze_qzf_2024_zfxxgk_annual_report.pdf": (
        "淮安市洪泽区人民政府2024年政府信息公开工作年度报告",
        "淮安市洪泽区人民政府",
        "年度报告",
    ),
    "pdf/putuo_wanli_jiedao_2024_dept_budget.pdf": (
        "上海市普陀区2024年区级部门预算",
        "上海市普陀区人民政府万里街道办事处",
        "预算",
    ),
    "pdf/putuo_qzfbgs_2025_dept_budget.pdf": ("上海市普陀区2025年区级部门预算", "上海市普陀区人民政府办公室", "预算"),
    "pdf/putuo_swwyh_2025_unit_budget.pdf": ("上海市普陀区2025年区级单位预算", "上海市普陀区商务委员会", "预算"),
    "pdf/putuo_ghzyj_2024_dept_final_accounts.pdf": (
        "上海市普陀区规划和自然资源局2024年度部门决算",
        "上海市普陀区规划和自然资源局",
        "决算",
    ),
    "pdf/putuo_czj_2024_dept_final_accounts.pdf": ("上海市普陀区财政局2024年度部门决算", "上海市普陀区财政局", "决算"),
    "pdf/putuo_shgzb_2024_dept_final_accounts.pdf": (
        "中共上海市普陀区委社会工作部2024年度部门决算",
        "中共上海市普陀区委社会工作部",
        "决算",
    ),
    "pdf/shanghai_dept_final_accounts_template_2024.pdf": ("上海市XX局2024年度部门决算", "上海市XX局", "决算"),
}


@pytest.mark.parametrize("rel", sorted(REPORTS))
def test_report_and_budget_title_issuer_and_genre(rel, params):
    from policyreport.extract import metadata
    from policyreport.extract.gazetteer import Gazetteer
    from policyreport.ingest.text import paragraphs

    text = formats.read(rel.rsplit("/", 1)[1], (DEV / rel).read_bytes()).documents[0].text
    md = metadata.extract(paragraphs(text), Gazetteer.from_yaml(params.places))
    assert (md.title, md.issuer, md.genre) == REPORTS[rel]
