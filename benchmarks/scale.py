"""Build time at scale: this project's build against plain MkDocs on the very same Markdown.

    python benchmarks/scale.py --sets 1 --sets 11 --sets 53 --repeat 3
    python benchmarks/scale.py --depth 1 --depth 10 --depth 50 --depth 200 --repeat 5

``--sets N`` makes a data folder with N copies of every example entity (each
set is 5 entities, about 95 pages in three languages: a controller notice,
a processor notice, a cookie policy and notices written in Finnish and
Swedish, with their catalogs, which translate every text the example
translates). ``--depth V`` gives one notice V versions instead.

For each size the generated site is built twice, interleaved and repeated:
with this project's hooks, and with plain MkDocs over the Markdown the hooks
generated (dumped once by ``benchmarks/dump_hook.py``), with the same theme,
overrides, Markdown extensions, plugins and nav. The table gives pages, the
median of the runs, the ratio to the plain floor and the peak memory (RSS)
of each build.

Time is measured twice: wall time, and CPU time (user and system time of
the build process and its children, from ``getrusage``). CPU time moves
less with what else the machine runs, so the ratio of CPU times is the one
to compare between runs; the default is the median of 5.
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
from dataclasses import dataclass
from pathlib import Path

import yaml

from privacy_notices.site.theme import SCRIPTS, STYLESHEETS, THEME_DIR

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-06-01"

_MEASURE = (
    "import resource, subprocess, sys; rc = subprocess.run(sys.argv[1:]).returncode; "
    "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
    "print(u.ru_utime + u.ru_stime, u.ru_maxrss, file=sys.stderr); sys.exit(rc)"
)
"""Run a command; print the CPU seconds of it and its children and their peak resident memory (KiB, Linux) as the last line of stderr."""


@dataclass(frozen=True)
class Run:
    """One build: wall seconds, CPU seconds (user + system, children included), peak resident memory in KiB."""

    wall: float
    cpu: float
    peak: int
    log: str = ""
    """What the build wrote to stderr."""


def make_sets(target: Path, sets: int) -> Path:
    """The example data with every entity repeated ``sets`` times under new folder names."""
    data = target / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "notices.lock").unlink(missing_ok=True)  # copies are not locked; the originals' lock would still hold
    entities = sorted(p for p in (data / "entities").iterdir() if p.is_dir())
    for n in range(2, sets + 1):
        for entity in entities:
            shutil.copytree(entity, data / "entities" / f"{entity.name}-{n}")
            for po in (data / "locales").glob(f"*/{entity.name}.po"):
                shutil.copy(po, po.with_name(f"{entity.name}-{n}.po"))
    return data


def make_depth(target: Path, versions: int) -> Path:
    """The example data with Lumo Advisory's privacy notice in ``versions`` versions, one a month from 2000."""
    data = make_sets(target, 1)
    folder = data / "entities" / "lumo-advisory" / "notices" / "privacy"
    latest = sorted(folder.glob("*.yml"))[-1]
    text = latest.read_text("utf-8")
    for path in folder.glob("*.yml"):
        path.unlink()
    start = datetime.date(2000, 1, 1)
    from privacy_notices.cli.versions import without_keys

    body = without_keys(text, ("published", "corrections"))  # one a month, each published on its day, none corrected
    for i in range(versions):
        day = datetime.date(start.year + (start.month - 1 + i) // 12, (start.month - 1 + i) % 12 + 1, 1)
        (folder / f"{day.isoformat()}.yml").write_text(body, "utf-8")
    return data


def _run(cmd: list[str], env: dict[str, str]) -> Run:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
    cpu, peak = proc.stderr.strip().split("\n")[-1].split()
    return Run(elapsed, float(cpu), int(peak), proc.stderr)


def _env(data: Path) -> dict[str, str]:
    return {**os.environ, "NOTICES_DATA": str(data), "NOTICES_AS_OF": AS_OF, "NOTICES_MODE": "draft", "NO_MKDOCS_2_WARNING": "1"}


def hooks_build(data: Path, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)], _env(data))


def dump(data: Path, folder: Path) -> Path:
    """The Markdown the hooks generate, as files, and a plain MkDocs configuration that builds them."""
    docs = folder / "docs"
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    config["hooks"] = [str(ROOT / "hooks" / "notices_hook.py"), str(ROOT / "benchmarks" / "dump_hook.py")]
    config["docs_dir"] = str(ROOT / "docs")
    config["theme"]["custom_dir"] = str(ROOT / "overrides")
    config["watch"] = [str(ROOT / path) for path in config.get("watch", [])]
    dumping = folder / "dumping.yml"
    dumping.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    env = {**_env(data), "NOTICES_DUMP": str(docs)}
    _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(dumping), "-d", str(folder / "dumped-site")], env)
    plain = dict(config)
    plain.pop("hooks")
    plain["docs_dir"] = str(docs)
    plain["site_name"] = "Plain MkDocs floor"
    plain["strict"] = False
    # What the hooks add to every build: the built-in theme over Material, and its styles and script.
    plain["theme"] = {**config["theme"], "custom_dir": str(THEME_DIR)}
    plain["extra_css"] = list(STYLESHEETS)
    plain["extra_javascript"] = list(SCRIPTS)
    plain["nav"] = yaml.safe_load((docs / ".nav.yml").read_text("utf-8"))
    plain_path = folder / "plain.yml"
    plain_path.write_text(yaml.safe_dump(plain, allow_unicode=True), "utf-8")
    return plain_path


def plain_build(config: Path, out: Path) -> Run:
    shutil.rmtree(out, ignore_errors=True)
    return _run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config), "-d", str(out)], {**os.environ, "NO_MKDOCS_2_WARNING": "1"})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sets", type=int, action="append", default=[], help="copies of every example entity (repeatable)")
    parser.add_argument("--depth", type=int, action="append", default=[], help="versions of one notice (repeatable)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    sizes = [("sets", n) for n in args.sets] + [("depth", n) for n in args.depth] or [("sets", 1)]
    with tempfile.TemporaryDirectory() as tmp:
        cases = {}
        for kind, n in sizes:
            folder = Path(tmp) / f"{kind}-{n}"
            data = (make_sets if kind == "sets" else make_depth)(folder, n)
            cases[(kind, n)] = (data, dump(data, folder))
        runs: dict[tuple[str, int], dict[str, list[Run]]] = {k: {"hooks": [], "plain": []} for k in cases}
        pages: dict[tuple[str, int], int] = {}
        for _ in range(args.repeat):
            for key, (data, plain) in cases.items():
                out = Path(tmp) / "site"
                runs[key]["hooks"].append(hooks_build(data, out))
                pages[key] = sum(1 for _ in out.rglob("index.html"))
                runs[key]["plain"].append(plain_build(plain, out))
    print(f"median of {args.repeat} interleaved builds, as of {AS_OF}, on {os.cpu_count()} cores")
    print("| size | pages | CPU hooks / plain (s) | CPU ratio | wall hooks / plain (s) | wall ratio | peak memory hooks / plain (MiB) | memory ratio |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for (kind, n), both in runs.items():
        cpu = [statistics.median(r.cpu for r in both[v]) for v in ("hooks", "plain")]
        wall = [statistics.median(r.wall for r in both[v]) for v in ("hooks", "plain")]
        peak = [max(r.peak for r in both[v]) / 1024 for v in ("hooks", "plain")]
        label = f"{5 * n} entities" if kind == "sets" else f"1 notice × {n} versions"
        print(
            f"| {label} | {pages[(kind, n)]} | {cpu[0]:.1f} / {cpu[1]:.1f} | {cpu[0] / cpu[1]:.2f} | {wall[0]:.1f} / {wall[1]:.1f} | {wall[0] / wall[1]:.2f} "
            f"| {peak[0]:.0f} / {peak[1]:.0f} | {peak[0] / peak[1]:.2f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
