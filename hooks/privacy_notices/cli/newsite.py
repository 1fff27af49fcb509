"""`notices new-site`: a site of one's own, asked for or given by flags, written only when it would publish."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from privacy_notices.authoring import scaffold
from privacy_notices.authoring.answer_checks import AnswerError
from privacy_notices.authoring.generator_requirement import is_local
from privacy_notices.authoring.new_site_questions import QUESTIONS
from privacy_notices.cli.common import as_of_day, plural
from privacy_notices.cli.schema import schemas
from privacy_notices.data.errors import display_path
from privacy_notices.data.settings import Settings


NEW_SITE_HELP = """\
Start a site of your own in DIR, a new folder (or an empty one), as
`mkdocs new` does: one company and the first version of its first notice,
the workflows that publish it, and no example data.

  notices new-site acme-privacy
  notices new-site acme-privacy --yes --legal-name "Acme Oy" --country FI \\
      --city Tampere --email privacy@acme.example --language fi --languages fi,en \\
      --activity "Yhteydenotot" --data-subjects "meihin yhteyttä ottavat" \\
      --purpose "Vastaamme kysymyksiisi." --data-categories "nimi, sähköpostiosoite" \\
      --legal-basis legitimate_interests \\
      --legitimate-interest "Vastaamme meihin yhteyttä ottaville palveluistamme." \\
      --retention "12 kuukautta viimeisestä viestistä"

On a terminal it asks the questions below (Enter takes the default in
brackets); a flag answers its question beforehand, and answers piped to it
are read one a line. With --yes, or once the piped answers end, nothing
more is asked: what no flag gives takes its default. Every
answer is checked by the rules the data are checked by: a folder name of
lower-case letters, digits and hyphens that is no language code and no
address the site uses, an ISO 3166 country code, a language Material for
MkDocs has an interface for, an email address, a legal basis of GDPR
Art. 6(1), a cookie duration. A typed answer that does not pass is asked
again; a flag that does not pass ends the command, and every flag that is
wrong or missing is named at once. A company outside the EU/EEA also names
its EU representative, and one whose country has no built-in supervisory
authority names the country of the authority.

What the notice says comes from the answers alone, never from a default:

  controller  --activity, --data-subjects, --purpose, --data-categories,
              --legal-basis (and --legitimate-interest with
              legitimate_interests), --retention
  processor   --controller-notice, --services, --activity,
              --data-subjects, --purpose, --data-categories
  cookies     --cookie-name, --cookie-provider, --cookie-party,
              --cookie-category, --cookie-purpose, --cookie-duration (and
              --consent for a category that needs consent)

A fact written in words that is not given (on a terminal: Enter) becomes a
placeholder, a text marked REPLACE: in the company's language where the
generator has it (Finnish, Swedish; else English): `notices serve` and
`notices build --draft` show it, while `notices validate`, `notices check`
and `notices build` refuse to publish it (rule PN174) and name each with
its file, line and column, and `notices i18n update` never gives it to the
translators. A legal basis, a cookie's party, category and duration, and
the processor's controller notice are never placeholders: any value there
would be published as the company's own choice, so without them nothing is
written. Answered in full, the new site publishes at once: `notices build`
and its `.ci/run` pass. The title (the kind's built-in name), the day the
version takes effect (today) and the folder names have defaults.

DIR gets:

  README.md               what to write before publishing, and how to run,
                          validate, build and publish the site
  mkdocs.yml              Material (no web fonts), search, the privacy plugin,
                          the Markdown extensions, link validation, the hooks
  hooks/notices_hook.py   one import of the installed generator's hook events
  data/site.yml           the site's name, address and languages
  data/entities/<entity>/entity.yml
                          the company: name, business ID, address, e-mail
  data/entities/<entity>/notices/<notice>/<YYYY-MM-DD>.yml
                          the first version of the first notice
  docs/, overrides/       hand-written pages, and overrides of the built-in
                          theme (overrides/README.md says how)
  .github/workflows/      publish.yml (every push to main and every day, to
                          GitHub Pages) and pull-request.yml (report, preview,
                          checks; read-only token)
  .ci/run                 a virtual environment (.venv) with requirements.txt
                          installed, then notices validate, check and build
  requirements.txt        the generator, as it is installed now (below)
  schema/, .vscode/settings.json, .gitignore
                          the editor schemas of `notices schema`, and their
                          settings for VS Code

Nothing is locked (`notices lock`). requirements.txt names the generator as
this Python has it installed (PEP 610): a git URL with its commit, a folder,
or name==version when it came from an index; the new README says which. A
folder on this machine cannot be installed by CI elsewhere: install the
generator from its git URL, or give --generator.

Exit status: 0 the site was made, 2 an answer or DIR could not be used
(nothing is written), 130 interrupted.
"""


def add_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The parser of `new-site`: one flag a question."""
    new_site = sub.add_parser("new-site", help="start a site of your own in a new folder", description=NEW_SITE_HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    new_site.add_argument("folder", type=Path, metavar="DIR", help="the new site's folder: a new one, or an empty one")
    new_site.add_argument(
        "-y", "--yes", action="store_true",
        help="ask nothing: what no flag gives takes its default, a fact of the notice in words becomes a REPLACE: placeholder that publishing refuses, and an answer with neither is an error",
    )
    for question in QUESTIONS:
        new_site.add_argument(question.flag, dest=question.key, metavar=question.metavar, default=None, help=question.help)


def cmd_new_site(settings: Settings, folder: Path, given: dict[str, str | None], yes: bool) -> int:
    def ask(prompt: str, default: str | None) -> str | None:
        print(f"{prompt}{f' [{default}]' if default else ''}: ", end="", flush=True)
        line = sys.stdin.readline()
        if not line or not sys.stdin.isatty():
            print(line.rstrip("\r\n"))  # answers read from a file or pipe, shown as a terminal would show them
        return line if line else None

    def tell(message: str) -> None:
        print(message, file=sys.stderr)

    day = as_of_day("new-site", settings)
    if day is None:
        return 2
    try:
        scaffold.check_folder(folder)
        answers = scaffold.collect(given, None if yes else ask, tell, day)
        files = scaffold.render(answers, schemas())
    except AnswerError as exc:
        for line in str(exc).splitlines():
            print(f"notices new-site: {line}", file=sys.stderr)
        return 2
    found = scaffold.problems(files, day)
    if found.refused:
        for line in found.refused:
            print(line, file=sys.stderr)
        print(f"notices new-site: the answers make data that a publishing build would refuse; nothing was written to {folder}", file=sys.stderr)
        return 2
    try:
        scaffold.write(folder, files)
    except OSError as exc:
        print(f"notices new-site: cannot write {folder}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    notice = scaffold.notice_path(answers)
    print(f"created {display_path(folder)}: {plural(len(files), 'file')}, with {answers['entity']} and the first version of its notice, {notice}")
    if is_local(answers["generator"]):
        print(
            f"notices new-site: requirements.txt names the generator by a file or folder on this machine ({answers['generator']}), "
            "which CI elsewhere cannot install; name a release or a commit there (or use --generator)",
            file=sys.stderr,
        )
    if found.placeholders:
        print(f"{plural(len(found.placeholders), 'placeholder')} marked REPLACE: stand where no answer was given; publishing refuses them until they are written:")
        for line in found.placeholders:
            print(f"  {line}")
    print(
        ("Next: write what the placeholders ask for before you publish (README.md, \"Before you publish\"), then\n" if found.placeholders else "Next:\n")
        + f"  cd {display_path(folder)}\n"
        "  python3 -m venv .venv && . .venv/bin/activate && python -m pip install -r requirements.txt\n"
        + ("  notices serve" if found.placeholders else "  notices serve      (or `notices build`: it publishes as it is)")
    )
    return 0
