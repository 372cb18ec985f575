"""What the notebooks show: one module per chapter, each a view over the stored results.

The notebooks stay thin (load, call, display, glue); the wording of tables lives here.
`common` holds the helpers and the base view; `document`, `overview`, `comparison`, `policy`,
`methods` and `landing` (the index page) each hold one chapter's view.
"""

from policyreport.report.i18n import tr
from policyreport.report.views.common import glue, glue_figure, show, top_rows

__all__ = ["glue", "glue_figure", "show", "top_rows", "tr"]
