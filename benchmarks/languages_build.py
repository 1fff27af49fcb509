"""Build time of the example site with one language and with all of them, side by side.

    python benchmarks/languages_build.py --copies 1 --copies 10 --repeat 3

Each run copies the repository's data (``--copies N`` repeats every entity N
times under new names, to see how the cost grows with size), sets
``languages`` in site.yml to the source language alone or to every language,
and times `mkdocs build` with the same as-of date. Builds are interleaved, so
machine load affects every variant alike; the median is printed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def make_data(target: Path, copies: int, languages: tuple[str, ...]) -> Path:
    data = target / "data"
    shutil.copytree(ROOT / "data", data)
    entities = sorted(p for p in (data / "entities").iterdir() if p.is_dir())
    for n in range(2, copies + 1):
        for entity in entities:
            shutil.copytree(entity, data / "entities" / f"{entity.name}-{n}")
            for lang_dir in (data / "locales").iterdir():
                po = lang_dir / f"{entity.name}.po"
                if po.is_file():
                    shutil.copy(po, lang_dir / f"{entity.name}-{n}.po")
    site = yaml.safe_load((data / "site.yml").read_text("utf-8"))
    site["languages"] = list(languages)
    site["required_languages"] = [lang for lang in site.get("required_languages", []) if lang in languages]
    (data / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), "utf-8")
    return data


def build_seconds(data: Path, out: Path) -> tuple[float, int]:
    env = {**os.environ, "NOTICES_DATA": str(data), "NOTICES_AS_OF": "2026-06-01", "NOTICES_PREVIEW": "1", "NO_MKDOCS_2_WARNING": "1"}
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(proc.stdout + proc.stderr)
    return elapsed, len(list(out.rglob("index.html")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, action="append", help="times each entity appears (repeatable; default 1)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    site = yaml.safe_load((ROOT / "data" / "site.yml").read_text("utf-8"))
    all_languages = [site.get("source_language", "en")] + [lang for lang in site["languages"] if lang != site.get("source_language", "en")]
    variants = [(copies, tuple(langs)) for copies in (args.copies or [1]) for langs in ([all_languages[0]], all_languages)]
    with tempfile.TemporaryDirectory() as tmp:
        datas = {v: make_data(Path(tmp) / f"{v[0]}-{len(v[1])}", v[0], v[1]) for v in variants}
        times: dict[tuple[int, tuple[str, ...]], list[float]] = {v: [] for v in datas}
        pages: dict[tuple[int, tuple[str, ...]], int] = {}
        for _ in range(args.repeat):
            for v, data in datas.items():
                seconds, count = build_seconds(data, Path(tmp) / "site")
                times[v].append(seconds)
                pages[v] = count
    print(f"median of {args.repeat} builds")
    print("| entities | languages | pages | median (s) | all runs (s) |")
    print("| --- | --- | --- | --- | --- |")
    for (copies, langs), runs in times.items():
        print(f"| {3 * copies} | {len(langs)} | {pages[(copies, langs)]} | {statistics.median(runs):.2f} | {', '.join(f'{t:.2f}' for t in runs)} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
