"""Two lookups that Sphinx and sphinxcontrib-bibtex repeat for every reference, done once.

Both run in Sphinx's main process while it resolves the pages, which the parallel writer waits
for (a profile of 1,000 documents: 24 s and 23 s of the writing):

- sphinxcontrib-bibtex asks pybtex for its docutils backend at every citation, and pybtex
  scans every installed distribution's entry points each time (23 ms): one citation per
  document page. The plugin found for a name is kept until a plugin is registered.
- `{numref}` unpickles the whole target page to learn the kind of the node it points to; a
  corpus chapter of 1,000 documents takes 2 s to unpickle, once per figure it numbers. The last
  two pages read so are kept (they are only read).

Sphinx also unpickles every page of the book, whole, to number its figures and tables whenever a
page changed (`assign_figure_numbers`, in each builder), and the target page of every `{numref}`:
at 60 documents, 7 s of a 21 s LaTeX build went to unpickling. Both read only the page's
sections, toctrees and numbered nodes with their captions, so each page's *skeleton* (those
nodes, in document order, without the rest) is kept in the environment when the page is written
(`Skeleton`) and read instead; a page without one is unpickled as before.

The LaTeX builder inlines every page into one tree, and deep-copies each page it has just unpickled
(`inline_all_toctrees`): 3 s of the same build. Pages fresh from their pickle are used as they are.

And one the LaTeX writer repeats for every table: it makes a new template renderer, so Jinja
compiles the table template again each time (61 tables of the seeds: 0.6 s of a 4 s LaTeX build).
One renderer per LaTeX engine is kept; Jinja re-reads a template whose file changed.

And docutils' walk of a tree for a condition that is not a node class (`_walk_with_conditions`).
"""

from __future__ import annotations

import functools
from collections import OrderedDict

from docutils import nodes

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


class Skeleton:
    """What figure numbering and `{numref}` read of a page: its sections, toctrees and numbered
    nodes (each with its caption or title, and a code block's literal block), in document order,
    and the ids of those nodes."""

    def __init__(self, children: list, ids: dict):
        self.children, self.ids = children, ids


class NoSkeleton(Exception):
    """A node that cannot be copied without its children: the page is unpickled instead."""


def _numbered(domains, node) -> bool:
    return any(d.get_enumerable_node_type(node) for d in domains)


def skeleton(doctree, domains) -> Skeleton | None:
    """The skeleton of `doctree` (None when one of its nodes cannot be copied)."""
    from sphinx import addnodes

    ids: dict = {}

    def shell(node, children: list):
        try:
            copy = node.copy()
        except Exception as exc:  # a node class whose constructor takes other arguments
            raise NoSkeleton from exc
        copy.children, copy.rawsource = [], ""
        copy.extend(children)
        return copy

    def prune(node):
        numbered = isinstance(node, nodes.section) or _numbered(domains, node)
        kids = []
        for child in node.children:
            if not isinstance(child, nodes.Element):
                continue
            if numbered and isinstance(child, (nodes.caption, nodes.title)):
                kids.append(child.deepcopy())
            elif numbered and isinstance(child, nodes.literal_block):
                kids.append(shell(child, []))
            elif (kept := prune(child)) is not None:
                kids.append(kept)
        if not (numbered or kids or isinstance(node, addnodes.toctree)):
            return None
        copy = shell(node, kids)
        if numbered:
            ids.update((i, copy) for i in node["ids"])
        return copy

    try:
        children = [k for k in (prune(c) for c in doctree.children if isinstance(c, nodes.Element)) if k is not None]
    except NoSkeleton:
        return None
    for child in children:  # a copy refers to the whole page it came from: the skeleton would pickle it
        for node in child.findall():
            node.document = None
    return Skeleton(children, ids)


SKELETONS = "policyreport_skeletons"  # the environment's attribute: page name -> Skeleton or None


def _skeletons(env) -> dict:
    if not isinstance(getattr(env, SKELETONS, None), dict):
        setattr(env, SKELETONS, {})
    return getattr(env, SKELETONS)


def _keep_skeletons() -> None:
    """Make each page's skeleton from the doctree Sphinx pickles (its final form)."""
    from sphinx.builders import Builder

    write = Builder.write_doctree

    @functools.wraps(write)
    def write_doctree(self, docname, doctree, *args, **kwargs):
        _skeletons(self.env)[docname] = skeleton(doctree, list(self.env.domains.values()))
        return write(self, docname, doctree, *args, **kwargs)

    Builder.write_doctree = write_doctree


def purge_skeleton(app, env, docname) -> None:
    _skeletons(env).pop(docname, None)


def merge_skeletons(app, env, docnames, other) -> None:
    """A parallel reader's skeletons into the main environment."""
    theirs = _skeletons(other)
    _skeletons(env).update((d, theirs[d]) for d in docnames if d in theirs)


def _skeleton_or_page(env, docname: str):
    kept = _skeletons(env).get(docname)
    return kept if kept is not None else type(env).get_doctree(env, docname)


def _walk_skeletons() -> None:
    from sphinx.environment.collectors.toctree import TocTreeCollector

    assign = TocTreeCollector.assign_figure_numbers

    @functools.wraps(assign)
    def assign_figure_numbers(self, env):
        env.get_doctree = functools.partial(_skeleton_or_page, env)
        try:
            return assign(self, env)
        finally:
            del env.get_doctree

    TocTreeCollector.assign_figure_numbers = assign_figure_numbers


class _Target:
    """The node a `{numref}` points to, from the page's skeleton, or the page unpickled."""

    def __init__(self, env, docname: str):
        self.env, self.docname = env, docname

    @property
    def ids(self):
        kept = _skeletons(self.env).get(self.docname)
        if kept is not None:
            return _Ids(kept.ids, self)
        return NUMREF_TARGETS.get(self.env, self.docname).ids


class _Ids(dict):
    """A skeleton's ids; an id it lacks (a label on a node that is not numbered) is looked up in the page."""

    def __init__(self, ids: dict, target: _Target):
        super().__init__(ids)
        self.target = target

    def get(self, key, default=None):
        if key in self:
            return self[key]
        return NUMREF_TARGETS.get(self.target.env, self.target.docname).ids.get(key, default)


def _keep_numref_targets() -> None:
    from sphinx.domains.std import StandardDomain

    resolve = StandardDomain._resolve_numref_xref

    @functools.wraps(resolve)
    def resolve_numref(self, env, *args, **kwargs):
        env.get_doctree = functools.partial(_Target, env)
        try:
            return resolve(self, env, *args, **kwargs)
        finally:
            del env.get_doctree

    StandardDomain._resolve_numref_xref = resolve_numref


def _itself(tree):
    """A page fresh from its pickle, whose `deepcopy` is the page itself (nothing else holds it)."""
    tree.deepcopy = lambda: tree
    return tree


def _inline_without_copies() -> None:
    import sphinx.builders.latex as latex_builder

    inline = latex_builder.inline_all_toctrees

    @functools.wraps(inline)
    def inline_all_toctrees(builder, docnameset, docname, tree, *args, **kwargs):
        env = builder.env
        env.get_doctree = lambda name: _itself(type(env).get_doctree(env, name))
        try:
            out = inline(builder, docnameset, docname, _itself(tree), *args, **kwargs)
        finally:
            del env.get_doctree
            vars(tree).pop("deepcopy", None)
        return out

    latex_builder.inline_all_toctrees = inline_all_toctrees


def _keep_latex_renderers() -> None:
    import sphinx.writers.latex as writer
    from sphinx.util.template import LaTeXRenderer

    @functools.lru_cache(maxsize=4)
    def renderer(latex_engine=None):
        return LaTeXRenderer(latex_engine=latex_engine)

    writer.LaTeXRenderer = lambda template_path=None, latex_engine=None: (
        LaTeXRenderer(template_path, latex_engine) if template_path is not None else renderer(latex_engine)
    )


# Pages read in one process rather than in Sphinx's parallel readers when there are fewer than
# one for this many pages in the book: each reader sends the whole environment back pickled, and
# the main process unpickles it (about 7 s per reader at 10,014 pages, against a few tenths of a
# second to read a page).
SERIAL_READ_RATIO = 50
PACKAGE: dict = {}  # the packages' own functions that `install` replaced, for the tests


def read_serially(changed: int, pages: int) -> bool:
    """Whether `changed` pages of a book of `pages` are read in one process (`SERIAL_READ_RATIO`)."""
    return changed * SERIAL_READ_RATIO < pages


def _read_few_serially() -> None:
    from sphinx.builders import Builder

    parallel = Builder._read_parallel

    def _read_parallel(self, docnames, nproc):
        if read_serially(len(docnames), len(self.env.all_docs)):
            return self._read_serial(docnames)
        return parallel(self, docnames, nproc)

    Builder._read_parallel = _read_parallel


def _matching(node, condition):
    if condition(node):
        yield node
    for child in node.children:
        yield from _matching(child, condition)


def _walk_with_conditions() -> None:
    """docutils walks a tree for a condition that is not a node class (Sphinx's `NodeMatcher`, which
    many transforms use) by calling `findall` again at every node, with its argument handling: 30 ms
    for the seeds' LaTeX book, against 18 ms for the walk docutils makes for a class
    (`_fast_findall`). The same walk, over the same nodes in the same order, with the same
    arguments; any other arguments go to docutils as before."""
    findall = nodes.Node.findall

    @functools.wraps(findall)
    def walk(self, condition=None, include_self=True, descend=True, siblings=False, ascend=False):
        if include_self and descend and not siblings and not ascend and condition is not None and not isinstance(condition, type):
            return _matching(self, condition)
        return findall(self, condition, include_self, descend, siblings, ascend)

    nodes.Node.findall = walk


def _index_citations() -> None:
    """sphinxcontrib-bibtex finds the pages citing an entry by scanning every citation of the book,
    for every entry of every bibliography (5.5 s at 5,000 document pages, each with its own
    bibliography): the pages citing each key are gathered once per `env-updated` instead. The
    rest is the package's own `get_filtered_entries` (2.7.0)."""
    from collections import defaultdict

    from sphinxcontrib.bibtex.domain import BibtexDomain, _FilterVisitor, logger

    updated = BibtexDomain.env_updated

    def env_updated(self):
        citing = defaultdict(set)
        for ref in self.citation_refs:
            for target in ref.targets:
                citing[target.key].add(ref.docname)
        self._policyreport_citing = citing
        try:
            return updated(self)
        finally:
            del self._policyreport_citing

    def get_filtered_entries(self, bibliography_key):
        citing = getattr(self, "_policyreport_citing", None)
        if citing is None:
            yield from filtered(self, bibliography_key)
            return
        bibliography = self.bibliographies[bibliography_key]
        for entry in self.get_entries(bibliography.bibfiles):
            key = bibliography.keyprefix + entry.key
            visitor = _FilterVisitor(entry=entry, docname=bibliography_key.docname, cited_docnames=set(citing.get(key, ())))
            try:
                success = visitor.visit(bibliography.filter_)
            except ValueError as err:
                logger.warning(
                    f"syntax error in :filter: expression; {err}",
                    location=(bibliography_key.docname, bibliography.line),
                    type="bibtex",
                    subtype="filter_syntax_error",
                )
                success = bool(citing.get(key))
            if success or entry.key in bibliography.keys:
                yield key, entry

    filtered = PACKAGE["get_filtered_entries"] = BibtexDomain.get_filtered_entries
    BibtexDomain.env_updated = env_updated
    BibtexDomain.get_filtered_entries = get_filtered_entries


def setup(app) -> None:
    """Keep the skeletons in step with the pages: dropped with a page, merged from parallel readers."""
    app.connect("env-purge-doc", purge_skeleton)
    app.connect("env-merge-info", merge_skeletons)


def install() -> None:
    """Patch the lookups (once per process)."""
    import pybtex.plugin

    if getattr(pybtex.plugin, "_policyreport", False):
        return
    _cache_pybtex_plugins()
    _keep_skeletons()
    _walk_skeletons()
    _keep_numref_targets()
    _inline_without_copies()
    _keep_latex_renderers()
    _read_few_serially()
    _index_citations()
    _walk_with_conditions()
    pybtex.plugin._policyreport = True
