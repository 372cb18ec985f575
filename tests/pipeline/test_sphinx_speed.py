"""Lookups Sphinx repeats for every reference are done once, with the same results (the seeds'
HTML is byte-identical with and without them, apart from the version hash)."""

from policyreport.sphinxext import speed


def test_pybtex_plugins_are_looked_up_once_until_one_is_registered(monkeypatch):
    import pybtex.plugin as plugin

    speed.install()
    plain = plugin.find_plugin("pybtex.backends", "plaintext")
    calls = []
    real = plugin._load_entry_point
    monkeypatch.setattr(plugin, "_load_entry_point", lambda *a, **k: calls.append(a) or real(*a, **k))
    plugin.register_plugin("pybtex.backends", "policyreport-test", plain, force=True)  # empties the cache
    first = plugin.find_plugin("pybtex.backends", "docutils")
    assert plugin.find_plugin("pybtex.backends", "docutils") is first and calls == [("pybtex.backends", "docutils")]
    assert plugin.find_plugin("pybtex.backends", "policyreport-test") is plain


class Env:
    def __init__(self):
        self.reads = []

    def get_doctree(self, docname):
        self.reads.append(docname)
        return {"page": docname}


def test_numref_targets_are_unpickled_once_while_they_are_among_the_last_two():
    kept, env = speed.KeptDoctrees(2), Env()
    pages = [kept.get(env, d) for d in ["a", "a", "b", "a", "c", "b", "a"]]
    assert pages[0] is pages[1] is pages[3]
    assert env.reads == ["a", "b", "c", "b", "a"]  # c pushed b out (a was used after it), then b pushed a out


def test_numref_leaves_the_environment_as_it_was():
    from sphinx.domains.std import StandardDomain

    speed.install()
    domain = StandardDomain.__new__(StandardDomain)
    domain.data = {"labels": {}, "anonlabels": {}}
    env = Env()
    assert domain._resolve_numref_xref(env, "page", None, "numref", "no-such-label", None, None) is None
    assert "get_doctree" not in vars(env) and env.reads == []
