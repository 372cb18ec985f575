"""The policy chapter's networks: co-word network (Ochiai, centrality), co-issuer network, exports."""

from __future__ import annotations

import pandas as pd

from policyreport.compare import network_export
from policyreport.report import charts, render
from policyreport.report.views.common import CorpusView, download

EXPORTS = {
    "gexf": ("GEXF（Gephi）", network_export.gexf),
    "net": ("Pajek", network_export.pajek),
    "dl": ("UCINET DL", network_export.ucinet_dl),
}


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
            return "共词网络没有节点。"
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

    def _export(self, stem: str, nodes: pd.DataFrame, edges: pd.DataFrame, node: str) -> str:
        """Writes the network files next to the data tables and returns their download links."""
        folder = self.corpus.data_dir / "networks"
        folder.mkdir(exist_ok=True)
        links = []
        for ext, (label, write) in EXPORTS.items():
            path = folder / f"{stem}.{ext}"
            path.write_text(write(nodes, edges, node), encoding="utf-8")
            links.append(download(path, label, self.here))
        return "、".join(links)

    def network_exports(self) -> str:
        nodes, edges = self.corpus.table("network_nodes"), self.corpus.table("network_edges")
        out = "共词网络文件：" + self._export("coword", nodes, edges, "term")
        inodes, iedges = self.corpus.table("issuer_nodes"), self.corpus.table("issuer_edges")
        if not iedges.empty:
            out += "；联合发文网络文件：" + self._export("coissuer", inodes, iedges, "issuer")
        return out + "。"

    def has_co_issuers(self) -> bool:
        return not self.corpus.table("issuer_edges").empty

    def issuer_figure(self):
        return charts.issuer_figure(self.corpus.table("issuer_nodes"), self.corpus.table("issuer_edges"))

    def issuer_summary(self) -> str:
        edges = self.corpus.table("issuer_edges")
        if edges.empty:
            return f"语料的 {len(self.docs)} 份文件中没有联合发文（没有一份的发文机关用“、”并列多个机关），因此没有联合发文网络。"
        joint = edges.sort_values(["weight", "source", "target"], ascending=[False, True, True])
        return render.table(joint, {"source": "机关甲", "target": "机关乙", "weight": "联合发文数"})
