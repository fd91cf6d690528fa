"""The compiled base: a SQLite file per fact base, where it lives and how it is trusted, building
it (in full or file by file), reading it, its search index, and the JSON records every command prints.

Imports the base layer only. `opening.open_store` is the door: it checks freshness and builds
when needed, above both the reader (`store`) and the builder (`build`).
"""
