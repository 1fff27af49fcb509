"""Build the example site at two revisions and say whether they are byte-identical.

    python tests/compare_builds.py                 # HEAD~1 against the working tree
    python tests/compare_builds.py BASE [HEAD]     # two revisions (HEAD: a revision, or "." for the working tree)

A restructuring of the code should not change a byte of the site. Each side
is checked out into a temporary worktree (the working tree is used as it
is) and built with its own hooks, as of a fixed day, with the engine the
tests use; the files that differ are listed. Exit status 0 when the sites
are identical, 1 when they differ, 2 when a build fails.
"""

from __future__ import annotations

import argparse
import filecmp
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-06-01"


def build(source: Path, out: Path) -> None:
    """``mkdocs build`` of the project in ``source`` with its own package (the hook imports the one beside it)."""
    env = {**os.environ, "NOTICES_AS_OF": AS_OF, "NO_MKDOCS_2_WARNING": "1", "NOTICES_ENGINE": os.environ.get("NOTICES_ENGINE", "mkdocs")}
    for name in ("SOURCE_DATE_EPOCH", "NOTICES_DATA", "NOTICES_MODE", "NOTICES_PREVIEW", "NOTICES_SITE_URL"):
        env.pop(name, None)
    engine = env["NOTICES_ENGINE"]
    proc = subprocess.run([sys.executable, "-m", engine, "build", "-q", "-f", str(source / "mkdocs.yml"), "-d", str(out)], cwd=source, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"the build of {source} failed:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}", file=sys.stderr)
        raise SystemExit(2)


def differences(left: Path, right: Path) -> list[str]:
    """Every file that is in one site only, or differs in its bytes."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp[str], prefix: str) -> None:
        found.extend(f"{prefix}{name} (only in the first)" for name in cmp.left_only)
        found.extend(f"{prefix}{name} (only in the second)" for name in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right), "")
    return sorted(found)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("base", nargs="?", default="HEAD~1", help="the first revision (default: HEAD~1)")
    parser.add_argument("head", nargs="?", default=".", help='the second revision, or "." for the working tree (default)')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
        sites = []
        for n, revision in enumerate((args.base, args.head)):
            if revision == ".":
                source = ROOT
            else:
                source = Path(tmp) / f"tree-{n}"
                subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "-q", "--detach", str(source), revision], check=True)
            site = Path(tmp) / f"site-{n}"
            try:
                build(source, site)
            finally:
                if source != ROOT:
                    subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(source)], check=False)
            sites.append(site)
        found = differences(*sites)
    for line in found:
        print(line)
    print(f"{args.base} and {args.head}: " + (f"{len(found)} files differ" if found else "the sites are byte-identical"), file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
