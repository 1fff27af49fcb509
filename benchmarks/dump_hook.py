"""A hook for benchmarks/scale.py: write the pages the notices hooks generated as Markdown files.

With NOTICES_DUMP set, it runs after the notices hooks' on_files and writes every documentation
page (generated or hand-written), the site's own assets and the nav, so that plain MkDocs can
build the very same Markdown: the floor this project's build time is compared with.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files


def _plain(item: Any) -> Any:
    """A nav entry with its (escaped) titles as plain strings, for YAML."""
    if isinstance(item, dict):
        return {str(k): _plain(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_plain(i) for i in item]
    return str(item)


@event_priority(-100)
def on_files(files: Files, config: MkDocsConfig) -> Files:
    target = os.environ.get("NOTICES_DUMP")
    if not target:
        return files
    out = Path(target)
    for file in files:
        path = out / file.src_uri
        path.parent.mkdir(parents=True, exist_ok=True)
        if file.is_documentation_page():
            path.write_text(file.content_string, "utf-8")
        elif file.abs_src_path and not file.generated_by:
            shutil.copyfile(file.abs_src_path, path)
    (out / ".nav.yml").write_text(yaml.safe_dump(_plain(config.nav or []), allow_unicode=True), "utf-8")
    return files
