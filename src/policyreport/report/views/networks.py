"""The policy chapter's networks: co-word network (Ochiai, centrality), co-issuer network, exports."""

from __future__ import annotations

from policyreport.report import charts, render
from policyreport.report.i18n import name, tr
from policyreport.report.network_files import EXPORTS, NETWORKS_DIR, exported
from policyreport.report.views.common import CorpusView, download


class NetworkView(CorpusView):
    """Co-word and co-issuer networks, their tables and their files for Gephi, Pajek and UCINET."""

    def network_figure(self):
        return charts.network_figure(self.corpus.table("network_nodes"), self.corpus.table("network_edges"))

    def network_edges(self, top: int = 15) -> str:
        df = (
            self.corpus.table("network_edges")
            .sort_values(["ochiai", "source", "target"], ascending=[False, True, True])
            .head(top)
        )
        df = df.assign(ochiai=[f"{x:.3f}" for x in df["ochiai"]], strength=[f"{x:.3f}" for x in df["strength"]])
        return render.table(
            df, {"source": "词语甲", "target": "词语乙", "weight": "共现句数", "ochiai": "Ochiai", "strength": "Jaccard"}
        )

    def centrality_table(self, top: int = 20) -> str:
        df = self.corpus.table("network_nodes")
        if df.empty:
            return tr("共词网络没有节点。")
        df = df.sort_values(["betweenness", "degree_centrality", "term"], ascending=[False, False, True]).head(top)
        df = df.assign(**{c: [f"{x:.3f}" for x in df[c]] for c in ("degree_centrality", "betweenness", "eigenvector")})
        names = {
            "term": "词语",
            "frequency": "词频",
            "documents": "文件数",
            "degree": "度",
            "degree_centrality": "度中心性",
            "betweenness": "中介中心性",
            "eigenvector": "特征向量中心性",
            "community": "社群",
        }
        return render.table(df, names)

    def _links(self, stem: str) -> str:
        folder = self.corpus.data_dir / NETWORKS_DIR
        return tr("、").join(download(folder / f"{stem}.{ext}", name(label), self.here) for ext, (label, _) in EXPORTS.items())

    def network_exports(self) -> str:
        """Links to the files `write_network_files` put beside the data tables."""
        out = tr("共词网络文件：") + self._links("coword")
        if "coissuer" in exported(self.corpus):
            out += tr("；联合发文网络文件：") + self._links("coissuer")
        return out + tr("。")

    def has_co_issuers(self) -> bool:
        return not self.corpus.table("issuer_edges").empty

    def issuer_figure(self):
        return charts.issuer_figure(self.corpus.table("issuer_nodes"), self.corpus.table("issuer_edges"))

    def issuer_summary(self) -> str:
        edges = self.corpus.table("issuer_edges")
        if edges.empty:
            return tr(
                "语料的 {n} 份文件中没有联合发文（没有一份的发文机关用“、”并列多个机关），因此没有联合发文网络。",
                n=len(self.docs),
            )
        joint = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True])
        return render.table(joint, {"source": "机关甲", "target": "机关乙", "weight": "联合发文数"})
