"""The data layer: YAML with positions, the models, loading and checking each file, vocabularies, as-of dates."""
