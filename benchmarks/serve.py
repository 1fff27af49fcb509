"""Drafting at scale: how long a saved edit takes to show under ``mkdocs serve``.

    python benchmarks/serve.py --sets 11 --repeat 3

Makes the data of ``scale.py --sets N`` (``--sets 11`` is about 1,000 pages)
in a folder outside the project, points ``NOTICES_DATA`` at it, and serves
the site twice in one run: with ``mkdocs serve --dirty`` (a save re-renders
only the pages of the entity whose data changed) and with plain ``mkdocs
serve`` (every save rebuilds the whole site). Three kinds of save, each
``--repeat`` times: to the notice in force of one entity that no other entity
links to, its title (which every page of the entity shows in its sidebar) and
one sentence of its text (which only the pages of that version show); and to
the page template of notices (a copy in the site's overrides), which every
notice page of every entity uses. The time is from the save until the server
returns the edited page with the new text, and until the build has finished
(search index and feeds included); the table gives the medians.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

from scale import AS_OF, ROOT, make_sets

FIRST_PASS = "in view first"
"""What the hooks log when a save that changes every page renders the pages in view in a build of their own."""

FINISHED = "Reloading browsers"
"""What MkDocs logs when a rebuild has been written and the browsers are told to reload."""

EDITS = {
    "title": ("title: Privacy notice", "title: Privacy notice, edit {n}"),
    "sentence": ("Only employees who need the data", "Only employees (edit {n}) who need the data"),
    "template": ('<div class="pn-meta">', '<div class="pn-meta" data-edit="{n}">'),
}
"""Kind of save → (text in the file, what replaces it; ``{n}`` numbers the saves)."""

TEMPLATE = "notices/notice.md.j2"
"""The template the "template" save edits: a copy in the served site's own overrides."""


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _wait(condition: object, limit: float) -> float:
    start = time.perf_counter()
    while not condition():  # type: ignore[operator]
        if time.perf_counter() - start > limit:
            raise SystemExit(f"nothing changed within {limit:.0f} s")
        time.sleep(0.02)
    return time.perf_counter() - start


def measure(data: Path, sets: int, dirty: bool, repeat: int, log_dir: Path) -> tuple[dict[str, list[float]], dict[str, list[float]], float]:
    """Serve and save; per kind of save, seconds until the page shows it and until the build finished; and the first build."""
    port = _port()
    url = f"http://127.0.0.1:{port}/"
    log_path = log_dir / f"serve-{'dirty' if dirty else 'full'}.log"
    env = {**os.environ, "NOTICES_DATA": str(data), "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    config = _config_with_overrides(log_dir / f"site-{'dirty' if dirty else 'full'}")
    command = [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{port}", *(["--dirty"] if dirty else [])]
    entity = f"lumo-advisory-{sets}" if sets > 1 else "lumo-advisory"  # one no other entity links to
    files = {kind: data / "entities" / entity / "notices" / "privacy" / "2025-09-01.yml" for kind in EDITS}
    files["template"] = config.parent / "overrides" / TEMPLATE
    originals = {path: path.read_text("utf-8") for path in files.values()}
    shown: dict[str, list[float]] = {kind: [] for kind in EDITS}
    finished: dict[str, list[float]] = {kind: [] for kind in EDITS}
    count = 0
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            first = _wait(lambda: "Serving on" in log_path.read_text(), 600)
            for kind, (old, new) in EDITS.items():
                for _ in range(repeat):
                    count += 1
                    before = log_path.read_text()
                    builds = before.count(FINISHED)
                    text = new.format(n=count)
                    files[kind].write_text(originals[files[kind]].replace(old, text, 1), "utf-8")
                    start = time.perf_counter()
                    _wait(lambda: text.removeprefix("title: ") in _get(url + f"{entity}/privacy/"), 600)
                    shown[kind].append(time.perf_counter() - start)
                    # A save that changes every page builds the pages in view first, then the rest: both count.
                    def done() -> bool:
                        after = log_path.read_text()
                        return after.count(FINISHED) >= builds + (2 if FIRST_PASS in after[len(before) :] else 1)

                    _wait(done, 600)
                    finished[kind].append(time.perf_counter() - start)
                    time.sleep(1.0)  # let the watcher settle before the next save
        finally:
            process.terminate()
            process.wait(timeout=30)
            for path, text in originals.items():
                path.write_text(text, "utf-8")
    return shown, finished, first


def _config_with_overrides(folder: Path) -> Path:
    """The project's mkdocs.yml, with its own overrides folder holding a copy of :data:`TEMPLATE`."""
    import yaml

    from privacy_notices.site.theme import THEME_DIR

    folder.mkdir(parents=True)
    (folder / "overrides" / TEMPLATE).parent.mkdir(parents=True)
    (folder / "overrides" / TEMPLATE).write_text((THEME_DIR / TEMPLATE).read_text("utf-8"), "utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["hooks"] = [str(ROOT / hook) for hook in config["hooks"]]
    config["docs_dir"] = str(ROOT / config.get("docs_dir", "docs"))
    config["theme"]["custom_dir"] = str(folder / "overrides")
    config["watch"] = [str(ROOT / path) for path in config.get("watch", []) if path != "overrides"]
    path = folder / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, default=11, help="copies of every example entity (11: about 1,000 pages)")
    parser.add_argument("--repeat", type=int, default=3, help="edits per server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="notices-serve-") as tmp:
        data = make_sets(Path(tmp), args.sets)
        rows = []
        for dirty in (True, False):
            shown, finished, first = measure(data, args.sets, dirty, args.repeat, Path(tmp))
            for kind in EDITS:
                rows.append((f"mkdocs serve{' --dirty' if dirty else ''}", kind, statistics.median(shown[kind]), statistics.median(finished[kind]), first))
        pages = _count_pages(Path(tmp) / "serve-dirty.log")
        print(f"\n{args.sets * 5} entities, {pages} pages; median of {args.repeat} saves of each kind\n")
        print("| server | save | save → edited page served (s) | save → build finished (s) | first build (s) |")
        print("| --- | --- | --- | --- | --- |")
        for name, kind, served, done, first in rows:
            print(f"| {name} | {kind} | {served:.2f} | {done:.2f} | {first:.1f} |")
    return 0


def _count_pages(log: Path) -> str:
    for line in log.read_text().splitlines():
        if "notices: " in line and " pages (" in line:
            return line.split("notices: ", 1)[1].split(" pages", 1)[0]
    return "?"


if __name__ == "__main__":
    raise SystemExit(main())
