"""Every check of a publishing build: the pipeline, the links between notices, the compliance rules and their reports."""
