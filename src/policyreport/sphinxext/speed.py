"""Two lookups that Sphinx and sphinxcontrib-bibtex repeat for every reference, done once.

Both run in Sphinx's main process while it resolves the pages, which the parallel writer waits
for (a profile of 1,000 documents: 24 s and 23 s of the writing):

- sphinxcontrib-bibtex asks pybtex for its docutils backend at every citation, and pybtex
  scans every installed distribution's entry points each time (23 ms): one citation per
  document page. The plugin found for a name is kept until a plugin is registered.
- `{numref}` unpickles the whole target page to learn the kind of the node it points to; a
  corpus chapter of 1,000 documents takes 2 s to unpickle, once per figure it numbers. The last
  two pages read so are kept (they are only read).

And one the LaTeX writer repeats for every table: it makes a new template renderer, so Jinja
compiles the table template again each time (61 tables of the seeds: 0.6 s of a 4 s LaTeX build).
One renderer per LaTeX engine is kept; Jinja re-reads a template whose file changed.
"""

from __future__ import annotations

import functools
from collections import OrderedDict

KEPT_DOCTREES = 2


def _cache_pybtex_plugins() -> None:
    import pybtex.plugin as plugin

    find, register = plugin.find_plugin, plugin.register_plugin

    @functools.lru_cache(maxsize=64)
    def cached(group, name, filename):
        return find(group, name, filename)

    def find_plugin(plugin_group, name=None, filename=None):
        if isinstance(name, (str, type(None))) and isinstance(filename, (str, type(None))):
            return cached(plugin_group, name, filename)
        return find(plugin_group, name, filename)

    def register_plugin(*args, **kwargs):
        cached.cache_clear()
        return register(*args, **kwargs)

    plugin.find_plugin, plugin.register_plugin = find_plugin, register_plugin


class KeptDoctrees:
    """The last `size` pages unpickled for `{numref}`, by environment and page name."""

    def __init__(self, size: int = KEPT_DOCTREES):
        self.size, self.kept = size, OrderedDict()

    def get(self, env, docname: str):
        key = (id(env), docname)
        if key not in self.kept:
            self.kept[key] = type(env).get_doctree(env, docname)
            while len(self.kept) > self.size:
                self.kept.popitem(last=False)
        self.kept.move_to_end(key)
        return self.kept[key]


NUMREF_TARGETS = KeptDoctrees()


def _keep_numref_targets() -> None:
    from sphinx.domains.std import StandardDomain

    resolve = StandardDomain._resolve_numref_xref

    @functools.wraps(resolve)
    def resolve_numref(self, env, *args, **kwargs):
        env.get_doctree = functools.partial(NUMREF_TARGETS.get, env)
        try:
            return resolve(self, env, *args, **kwargs)
        finally:
            del env.get_doctree

    StandardDomain._resolve_numref_xref = resolve_numref


def _keep_latex_renderers() -> None:
    import sphinx.writers.latex as writer
    from sphinx.util.template import LaTeXRenderer

    @functools.lru_cache(maxsize=4)
    def renderer(latex_engine=None):
        return LaTeXRenderer(latex_engine=latex_engine)

    writer.LaTeXRenderer = lambda template_path=None, latex_engine=None: (
        LaTeXRenderer(template_path, latex_engine) if template_path is not None else renderer(latex_engine)
    )


def install() -> None:
    """Patch the lookups (once per process)."""
    import pybtex.plugin

    if getattr(pybtex.plugin, "_policyreport", False):
        return
    _cache_pybtex_plugins()
    _keep_numref_targets()
    _keep_latex_renderers()
    pybtex.plugin._policyreport = True
