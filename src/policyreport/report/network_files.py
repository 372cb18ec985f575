"""The networks' files for Gephi, Pajek and UCINET, written into the data folder by the build's
staging step (no figures here: the staging step does not load the plotting libraries)."""

from __future__ import annotations

import pandas as pd

from policyreport.compare import network_export
from policyreport.report.store import DISK, Corpus, Disk

EXPORTS = {
    "gexf": ("GEXF（Gephi）", network_export.gexf),
    "net": ("Pajek", network_export.pajek),
    "dl": ("UCINET DL", network_export.ucinet_dl),
}


NETWORKS_DIR = "networks"


def exported(corpus: Corpus) -> dict[str, tuple[pd.DataFrame, pd.DataFrame, str]]:
    """The networks offered as files: stem -> (nodes, edges, node column); co-issuers only when
    some documents were issued jointly."""
    out = {"coword": (corpus.table("network_nodes"), corpus.table("network_edges"), "term")}
    edges = corpus.table("issuer_edges")
    if not edges.empty:
        out["coissuer"] = (corpus.table("issuer_nodes"), edges, "issuer")
    return out


def write_network_files(corpus: Corpus, out: Disk = DISK) -> None:
    """Write the network files into the data folder (through `out`, a `store.Disk` by default).
    The build stage does it, not the chapter's notebook, so that they exist whether the notebook
    ran or came from the cache."""
    folder = corpus.data_dir / NETWORKS_DIR
    for stem, (nodes, edges, node) in exported(corpus).items():
        for ext, (_, write) in EXPORTS.items():
            out.write(folder / f"{stem}.{ext}", write(nodes, edges, node).encode("utf-8"))
