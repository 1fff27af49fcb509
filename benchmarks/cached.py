"""A cached build after a one-entity change, beside a full build of the same data, at scale.

    python benchmarks/cached.py --sets 11 --sets 53 --repeat 3

For each size (``--sets N``: N copies of the example entities, as in
``scale.py``) the script builds the site once with ``notices build --cache``
to fill the cache, then, each round, rewords one sentence of one entity's
upcoming cookie policy (another copy each round), gives every file a new
modification time as a fresh checkout does, and builds twice, interleaved:
with the cache and the site folder the last cached build left, and in full.
It checks that the two site folders are equal byte for byte and prints the
median wall and CPU time of each and their ratio.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import re
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

from scale import AS_OF, ROOT, Run, _run, make_sets

SENTENCE = "Remembers which cookies you accepted."


def _build(data: Path, site: Path, cache: Path | None) -> Run:
    env = {**os.environ, "NOTICES_DATA": str(data), "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("NOTICES_CACHE", None)
    if cache is None:
        shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "privacy_notices.cli", "build", "--draft", "-f", str(ROOT / "mkdocs.yml"), "-d", str(site)]
    return _run([*command, *(["--cache", str(cache)] if cache else [])], env)


def _same(left: Path, right: Path) -> bool:
    def walk(cmp: filecmp.dircmp[str]) -> bool:
        if cmp.left_only or cmp.right_only:
            return False
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        return not mismatch and not errors and all(walk(sub) for sub in cmp.subdirs.values())

    return walk(filecmp.dircmp(left, right))


def _touch(folder: Path) -> None:
    for parent, _, names in os.walk(folder):
        for name in names:
            os.utime(Path(parent, name))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, action="append", default=[], help="copies of every example entity (repeatable)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for sets in args.sets or [11]:
        with tempfile.TemporaryDirectory() as tmp:
            folder = Path(tmp)
            data = make_sets(folder, sets)
            cache, site, full = folder / "cache", folder / "site", folder / "full"
            _build(data, site, cache)
            cached: list[Run] = []
            fulls: list[Run] = []
            rendered: list[str] = []
            pages = 0
            for round_ in range(args.repeat):
                n = round_ % sets + 1
                copy = "lumo-advisory" if n == 1 else f"lumo-advisory-{n}"
                policy = data / "entities" / copy / "notices" / "cookies" / "2027-01-01.yml"
                policy.write_text(policy.read_text("utf-8").replace(SENTENCE, f"{SENTENCE[:-1]} (round {round_ + 1}).", 1), "utf-8")
                _touch(data)
                cached.append(_build(data, site, cache))
                fulls.append(_build(data, full, None))
                if not _same(site, full):
                    raise SystemExit(f"round {round_ + 1}: the cached build's site differs from the full build's")
                found = re.search(r"rendering the pages of (\d+ of \d+) entities again", cached[-1].log)
                rendered.append(found.group(1) if found else "all")
                pages = sum(1 for _ in full.rglob("index.html"))
            rows.append((sets, pages, cached, fulls, rendered))
    print(f"median of {args.repeat} interleaved builds after a one-entity change, as of {AS_OF}, on {os.cpu_count()} cores; every cached site equal to the full one")
    print("| size | pages | entities rendered again | wall cached / full (s) | wall ratio | CPU cached / full (s) | CPU ratio | peak memory cached / full (MiB) |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for sets, pages, cached, fulls, rendered in rows:
        wall = [statistics.median(r.wall for r in runs) for runs in (cached, fulls)]
        cpu = [statistics.median(r.cpu for r in runs) for runs in (cached, fulls)]
        peak = [max(r.peak for r in runs) / 1024 for runs in (cached, fulls)]
        print(
            f"| {5 * sets} entities | {pages} | {', '.join(rendered)} | {wall[0]:.1f} / {wall[1]:.1f} | {wall[0] / wall[1]:.2f} "
            f"| {cpu[0]:.1f} / {cpu[1]:.1f} | {cpu[0] / cpu[1]:.2f} | {peak[0]:.0f} / {peak[1]:.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
