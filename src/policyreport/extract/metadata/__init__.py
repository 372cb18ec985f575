"""Metadata of one document, read by the national standard for official documents.

GB/T 9704-2012 and the 党政机关公文处理工作条例 (2012) fix where each element stands: 版头 (份号, 密级,
紧急程度, 发文机关标志, 发文字号, 签发人), 主体 (标题, 主送机关, 正文, 附件说明, 发文机关署名, 成文日期,
附注, 附件), 版记 (抄送, 印发机关和印发日期). Each field is read only from the element that holds it,
with its evidence (paragraph and element); a field the text does not state is None with a reason.
Web and database wrappers are kept apart (`publication`), and the body range excludes them.
"""

from policyreport.extract.metadata.dates import parse_date
from policyreport.extract.metadata.model import Metadata, load_format
from policyreport.extract.metadata.reader import extract

__all__ = ["Metadata", "extract", "load_format", "parse_date"]
