"""The only layer that knows MkDocs (and ProperDocs): the hooks, the adapter, incremental serving, the engine."""
