"""Build the same multilingual site three ways and time them side by side.

    python benchmarks/i18n_build.py --pages 300 --repeat 3

needs `pip install mkdocs-static-i18n` for the plugin variant (it is not a
dependency of the project). Each variant builds N pages in each of three
languages (en at the root, fi/ and sv/), every page a real rendered notice
from the example data, with Material and its search plugin:

- plain:       3N hand-written Markdown files, no plugin or hook (the floor);
- hooks:       the pages made by a hook with File.generated in one build, and
               the search index split per language afterwards (this project's way);
- static-i18n: mkdocs-static-i18n with page.md / page.fi.md / page.sv.md, which
               rebuilds the site once per language.

It prints the median wall time of each, measured in this one run.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LANGS = ("en", "fi", "sv")

HOOK = '''
from __future__ import annotations
import json, os
from pathlib import Path
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

BODY = Path(os.environ["BENCH_BODY"]).read_text("utf-8")
N = int(os.environ["BENCH_PAGES"])

def on_files(files, config):
    for lang in ("en", "fi", "sv"):
        prefix = "" if lang == "en" else lang + "/"
        for i in range(N):
            files.append(File.generated(config, f"{prefix}notice-{i}/index.md", content=f"# Notice {i} ({lang})\\n\\n" + BODY))
    return files

@event_priority(-100)
def on_post_build(config):
    path = Path(config.site_dir) / "search" / "search_index.json"
    index = json.loads(path.read_text("utf-8"))
    for lang in ("fi", "sv"):
        docs = [d for d in index["docs"] if d["location"].startswith(lang + "/")]
        out = Path(config.site_dir) / lang / "search" / "search_index.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps({**index, "docs": docs}), "utf-8")
    index["docs"] = [d for d in index["docs"] if not d["location"].startswith(("fi/", "sv/"))]
    path.write_text(json.dumps(index), "utf-8")
'''

BASE = """site_name: Benchmark
site_url: https://bench.example/
theme:
  name: material
  font: false
nav:
  - index.md
markdown_extensions: [toc, attr_list, admonition]
"""


def notice_body() -> str:
    """A real notice page's Markdown, rendered by the project from the example data."""
    sys.path.insert(0, str(ROOT / "hooks"))
    from privacy_notices.data.loader import load_project
    from privacy_notices.site.render import Renderer
    from privacy_notices.site.theme import THEME_DIR
    from privacy_notices.site.views import plan_site

    project, errors = load_project(ROOT / "data")
    assert project is not None, errors.summary()
    specs = plan_site(project, datetime.date(2026, 6, 1))
    spec = next(s for s in specs if s.uri == "arctic-code/privacy/index.md")
    text = Renderer(THEME_DIR / "notices", "en").render(spec)
    return text.split("\n", 1)[1]  # without its title


def make_variant(kind: str, root: Path, body: str, pages: int) -> Path:
    docs = root / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# Home\n", "utf-8")
    config = BASE
    if kind == "plain":
        config += "plugins: [search]\n"
        for lang in LANGS:
            for i in range(pages):
                page = docs / ("" if lang == "en" else lang) / f"notice-{i}" / "index.md"
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(f"# Notice {i} ({lang})\n\n{body}", "utf-8")
    elif kind == "hooks":
        config += "plugins: [search]\nhooks: [hook.py]\n"
        (root / "hook.py").write_text(HOOK, "utf-8")
        (root / "body.md").write_text(body, "utf-8")
    else:
        config += """plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: en
          default: true
          name: English
          build: true
        - locale: fi
          name: Suomi
          build: true
        - locale: sv
          name: Svenska
          build: true
"""
        (docs / "index.fi.md").write_text("# Koti\n", "utf-8")
        (docs / "index.sv.md").write_text("# Hem\n", "utf-8")
        for i in range(pages):
            page_dir = docs / f"notice-{i}"
            page_dir.mkdir()
            for lang in LANGS:
                suffix = "" if lang == "en" else f".{lang}"
                (page_dir / f"index{suffix}.md").write_text(f"# Notice {i} ({lang})\n\n{body}", "utf-8")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    return root


def build_seconds(root: Path, pages: int) -> float:
    env = {**os.environ, "BENCH_BODY": str(root / "body.md"), "BENCH_PAGES": str(pages), "NO_MKDOCS_2_WARNING": "1"}
    shutil.rmtree(root / "site", ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{root.name} failed:\n{proc.stderr[-3000:]}")
    built = len(list((root / "site").rglob("index.html")))
    if built < 3 * pages:
        raise SystemExit(f"{root.name} built {built} pages, expected at least {3 * pages}")
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=300, help="pages per language (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="builds per variant; the median is reported (default 3)")
    parser.add_argument("--variants", default="plain,hooks,static-i18n", help="comma-separated subset to run")
    args = parser.parse_args()
    body = notice_body()
    variants = args.variants.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        roots = {v: make_variant(v, Path(tmp) / v, body, args.pages) for v in variants}
        times: dict[str, list[float]] = {v: [] for v in variants}
        for _ in range(args.repeat):  # interleaved, so that machine load affects every variant alike
            for v in variants:
                times[v].append(build_seconds(roots[v], args.pages))
    print(f"{args.pages} pages x {len(LANGS)} languages = {args.pages * len(LANGS)} pages, median of {args.repeat} builds")
    print("| variant | median (s) | all runs (s) |")
    print("| --- | --- | --- |")
    for v in variants:
        runs = ", ".join(f"{t:.1f}" for t in times[v])
        print(f"| {v} | {statistics.median(times[v]):.1f} | {runs} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
