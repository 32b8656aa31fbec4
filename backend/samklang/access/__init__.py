"""Access: who may read what, written once (ARCHITECTURE.md, convention 15).

`reader.py` states the rule of each visibility level for each kind of reader; `registry.py`
holds the kinds of content the domains register (workspace, level, container) and derives
the per-item check and the SQL filters from the rule; `deps.py` gives routes the request's
Reader. This package sits below the content domains: it imports core, auth and network only.
"""
