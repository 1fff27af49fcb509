"""Where a new site gets the generator from: the line of its requirements.txt, and what that line installs.

A site made here must build in CI elsewhere, so the line names the generator
as this Python has it installed (a release, a commit, an address), or as
``--generator`` says; a folder on this machine is allowed but said to be one.
"""

from __future__ import annotations

import importlib.metadata
import json
import re
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from privacy_notices import __version__
from privacy_notices.authoring.answer_checks import AnswerError
from privacy_notices.data.textcheck import check_characters, excerpt


DISTRIBUTION = "privacy-notice-site"
"""The generator's name as pip installs it: what a new site's requirements.txt names."""


def requirement_from(name: str, version: str, direct_url: str | None) -> str:
    """A requirements.txt line that installs the generator as it is installed here (PEP 610's direct_url.json).

    >>> requirement_from("privacy-notice-site", "0.1.0", None)
    'privacy-notice-site==0.1.0'
    >>> requirement_from("privacy-notice-site", "0.1.0", '{"url": "https://github.com/o/r.git", "vcs_info": {"vcs": "git", "commit_id": "0a1b2c"}}')
    'privacy-notice-site @ git+https://github.com/o/r.git@0a1b2c'
    >>> requirement_from("privacy-notice-site", "0.1.0", '{"url": "file:///src/notices", "dir_info": {"editable": true}}')
    'privacy-notice-site @ file:///src/notices'
    """
    if not direct_url:
        return f"{name}=={version}"
    info = json.loads(direct_url)
    url = str(info["url"])
    vcs = info.get("vcs_info")
    line = f"{name} @ {vcs['vcs']}+{url}@{vcs['commit_id']}" if vcs else f"{name} @ {url}"
    if info.get("subdirectory"):
        line += f"#subdirectory={info['subdirectory']}"
    return line


def installed_generator() -> str:
    """The generator as this Python has it installed; the version alone when it was installed from an index."""
    # An editable install can leave a second record beside the package (setuptools' egg-info), which
    # says nothing of where it came from: the record pip wrote, with its direct_url.json, is the one.
    found = list(importlib.metadata.distributions(name=DISTRIBUTION))
    if not found:
        return f"{DISTRIBUTION}=={__version__}"
    dist = next((d for d in found if d.read_text("direct_url.json")), found[0])
    return requirement_from(DISTRIBUTION, dist.version, dist.read_text("direct_url.json"))


def check_generator(value: str) -> str:
    """--generator: a folder, a URL pip installs from, or a requirement naming the generator."""
    spec = check_characters(value.strip())
    if not spec:
        raise AnswerError("expected a requirement such as privacy-notice-site==0.1.0, a URL or a folder")
    folder = Path(spec).expanduser()
    if folder.is_dir():
        return f"{DISTRIBUTION} @ {folder.resolve().as_uri()}"
    if re.match(r"^(git|hg|svn|bzr)\+|^[a-z]+://", spec):
        return f"{DISTRIBUTION} @ {spec}"
    try:
        requirement = Requirement(spec)
    except InvalidRequirement as exc:
        raise AnswerError(
            f"'{excerpt(spec)}' is no requirement pip reads ({exc}); expected one such as {DISTRIBUTION}==0.1.0, "
            f"a URL such as git+https://…@<commit>, or a folder"
        ) from None
    if canonicalize_name(requirement.name) != canonicalize_name(DISTRIBUTION):
        raise AnswerError(f"'{excerpt(spec)}' names '{requirement.name}', not the generator '{DISTRIBUTION}'")
    return spec


def is_local(requirement: str) -> bool:
    """True when the requirement names a folder or file on this machine, which CI elsewhere cannot install."""
    return "file:" in requirement


def generator_source(requirement: str) -> str:
    """What a requirements.txt line installs, for the new site's README to say: a release, a range of releases, a
    commit, a file or folder on this machine, or another address.

    >>> [generator_source(r) for r in ("privacy-notice-site==0.1.0", "privacy-notice-site>=0.1", "privacy-notice-site @ git+https://h/r.git@0a1b")]
    ['release', 'releases', 'commit']
    >>> [generator_source(r) for r in ("privacy-notice-site @ file:///src/notices", "privacy-notice-site @ https://h/notices.tar.gz")]
    ['local', 'url']
    """
    if is_local(requirement):
        return "local"
    _, at, url = requirement.partition(" @ ")
    if at:
        return "commit" if re.fullmatch(r"(?:git|hg|svn|bzr)\+\S+@[\w.-]+(?:#\S*)?", url.strip()) else "url"
    specifiers = list(Requirement(requirement).specifier)
    exact = len(specifiers) == 1 and specifiers[0].operator in ("==", "===") and "*" not in specifiers[0].version
    return "release" if exact else "releases"
