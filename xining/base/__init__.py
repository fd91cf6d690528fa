"""The fact base as written: the model and its record types, periods, the files of a base and
reading them (YAML with line numbers), the per-record and whole-base checks, derivations, coverage
of the articles, releases, and each source's citation record.

The lowest layer: it imports nothing of xining but `xining.errors` and the version. Everything
above reads the base through it; nothing here knows of the cache, the answers or any output.
"""
