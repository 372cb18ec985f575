"""What the notebooks show: one module per chapter, each a view over the stored results.

The notebooks stay thin (load, call, display, glue); the wording of tables lives here.
`common` holds the helpers and the base view; `document`, `overview`, `comparison`, `policy`,
`methods` and `landing` (the index page) each hold one chapter's view.
"""

from policyreport.report.i18n import tr
from policyreport.report.views.common import glue, glue_figure, show, top_rows

__all__ = ["glue", "glue_figure", "show", "top_rows", "tr", "warm_up"]


def warm_up() -> None:
    """Import every chapter's view and what a view imports only when drawing (adjustText), so that a
    kernel warmed with this while the build still analyses spends a notebook's run on the notebook:
    the imports are most of a short notebook's time on a fresh kernel."""
    import importlib
    import pkgutil

    import adjustText  # noqa: F401  (the co-word network's labels)

    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    from policyreport.extract import commitments, departments, instruments  # noqa: F401  (the policy view's labels)
