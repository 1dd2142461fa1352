"""Every `$` example in README.md and docs/*.md runs, and prints what the page shows.

A block (fenced with ``` or indented by four spaces) whose first line starts with ``$ ``
is a terminal session: each ``$`` line is a command run by bash, the lines under it are
what it prints (standard output and standard error together).  In the expected text a
line that is just ``...`` stands for any number of lines, and ``...`` inside a line for
any text; a last line ``[exit N]`` is the exit status.  ``$ cat FILE`` of a file that does not exist yet shows the file's content:
the session creates it.  The sessions of a page run in order in one fresh directory
holding copies of ``examples/`` and ``specs/`` (a later session may use a file an earlier
one made), with ``indicator-dsl`` on the PATH, English messages and an 80-column terminal.

``indicator-dsl`` is served by a fork server (tests/cli_server.py) that imported the package
once: each command still runs ``indicator_dsl.cli.main`` in a fresh process with the session's
standard streams, directory and environment, without paying the interpreter's start each time.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Iterator

import attrs
import pytest
from cli_server import write_shim

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


@attrs.frozen
class Command:
    line: int
    text: str
    expected: tuple[str, ...]


@attrs.frozen
class Session:
    page: str
    line: int
    commands: tuple[Command, ...]


def _blocks(text: str) -> list[tuple[int, list[str]]]:
    """(first line number, lines) of every fenced or indented code block."""
    lines = text.split("\n")
    blocks: list[tuple[int, list[str]]] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.lstrip().startswith("```"):
            fence_indent = len(line) - len(line.lstrip())
            j = i + 1
            body = []
            while j < len(lines) and not lines[j].lstrip().startswith("```"):
                body.append(lines[j][fence_indent:])
                j += 1
            blocks.append((i + 2, body))
            i = j + 1
            continue
        if line.startswith("    ") and line.strip() and (i == 0 or not lines[i - 1].strip()):
            j = i
            body = []
            while j < len(lines) and (lines[j].startswith("    ") or not lines[j].strip()):
                body.append(lines[j][4:])
                j += 1
            while body and not body[-1].strip():
                body.pop()
            blocks.append((i + 1, body))
            i = j
            continue
        i += 1
    return blocks


def _sessions(page: Path) -> list[Session]:
    out = []
    for start, body in _blocks(page.read_text(encoding="utf-8")):
        if not body or not body[0].startswith("$ "):
            continue
        commands: list[Command] = []
        for k, line in enumerate(body):
            if line.startswith("$ "):
                commands.append(Command(start + k, line[2:], ()))
            else:
                last = commands[-1]
                commands[-1] = attrs.evolve(last, expected=last.expected + (line,))
        out.append(Session(page.name, start, tuple(commands)))
    return out


SESSIONS = [s for page in PAGES for s in _sessions(page)]
PAGES_WITH_SESSIONS = [page for page in PAGES if _sessions(page)]


def _pattern(expected: tuple[str, ...]) -> re.Pattern[str]:
    parts = []
    for line in expected:
        if line.strip() == "...":
            parts.append(r"(?:[^\n]*\n)*?")
        else:
            parts.append(".*?".join(re.escape(p) for p in line.rstrip().split("...")) + r"\n")
    return re.compile("".join(parts), re.S if False else 0)


def _matches(expected: tuple[str, ...], output: str) -> bool:
    text = "\n".join(line.rstrip() for line in output.rstrip("\n").split("\n")) + "\n" if output.strip() else ""
    return _pattern(expected).fullmatch(text) is not None


_CAT = re.compile(r"^cat ([\w./-]+)$")
_EXIT = re.compile(r"^\[exit (\d+)\]$")


def _run(session: Session, cwd: Path, env: dict[str, str]) -> list[str]:
    """The mismatches of one session (empty when it prints what the page shows)."""
    problems = []
    status = 0
    for cmd in session.commands:
        m = _CAT.match(cmd.text.strip())
        if m and not (cwd / m.group(1)).exists():
            (cwd / m.group(1)).write_text("\n".join(cmd.expected).rstrip("\n") + "\n", encoding="utf-8")
            continue
        proc = subprocess.run(["bash", "-c", f"( exit {status} ); {cmd.text}"], cwd=cwd, env=env,
                              capture_output=True, text=True, encoding="utf-8", timeout=120,
                              stdin=subprocess.DEVNULL)
        status = proc.returncode
        output = proc.stdout + proc.stderr
        expected = list(cmd.expected)
        while expected and not expected[-1].strip():
            expected.pop()
        want_status = None
        if expected and (m := _EXIT.match(expected[-1].strip())):
            want_status = int(m.group(1))
            expected.pop()
            while expected and not expected[-1].strip():
                expected.pop()
        if not _matches(tuple(expected), output) or (want_status is not None and want_status != status):
            problems.append(f"{session.page}:{cmd.line}: $ {cmd.text}\n--- the page shows:\n" + "\n".join(cmd.expected)
                            + f"\n--- the command printed (exit {status}):\n" + output)
    return problems


@pytest.fixture(scope="module")
def cli_bin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory whose ``indicator-dsl`` runs commands in a warm fork server."""
    bin_dir = tmp_path_factory.mktemp("bin")
    sock = str(bin_dir / "cli.sock")
    server = subprocess.Popen([sys.executable, str(Path(__file__).with_name("cli_server.py")), sock],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None and server.stdout.readline().strip() == "ready"
        write_shim(bin_dir, sock)
        yield bin_dir
    finally:
        assert server.stdin is not None
        server.stdin.close()
        server.wait(timeout=30)


@pytest.mark.parametrize("page", PAGES_WITH_SESSIONS, ids=[p.name for p in PAGES_WITH_SESSIONS])
def test_page_sessions_print_what_the_page_shows(page: Path, tmp_path: Path, cli_bin: Path) -> None:
    """Every command of every session on the page prints what the page shows under it."""
    for name in ("examples", "specs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    env = {**os.environ, "PATH": f"{cli_bin}{os.pathsep}{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
           "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "LANGUAGE": "", "COLUMNS": "80", "LINES": "24",
           "NO_COLOR": "1", "PYTHONIOENCODING": "utf-8"}
    problems = [p for session in _sessions(page) for p in _run(session, tmp_path, env)]
    assert not problems, "\n\n".join(problems)


def test_pages_have_sessions() -> None:
    """The runner finds the sessions (a change of page layout must not silently skip them)."""
    assert len(SESSIONS) >= 20
    assert sum(len(s.commands) for s in SESSIONS) >= 80
