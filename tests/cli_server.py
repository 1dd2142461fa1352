"""A fork server for running ``indicator-dsl`` many times quickly (the docs-session test).

Starting the command line costs an interpreter and its imports, most of a second on a busy
machine; the docs run about a hundred commands.  The server imports the package once and
forks a child per command: the child takes the caller's standard input, output and error
(passed over a Unix socket), its directory, environment and arguments, runs
``indicator_dsl.cli.main`` exactly as the console script does, and sends back the exit
status.  ``write_shim`` writes the ``indicator-dsl`` the sessions find on their PATH: a
small stdlib-only script that talks to the server.

Run as ``python cli_server.py SOCKET``; it serves until its standard input closes.
"""

from __future__ import annotations

import importlib
import json
import os
import pkgutil
import select
import signal
import socket
import struct
import sys
from pathlib import Path

_SHIM = """#!{python} -SE
import json, os, socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect({sock!r})
msg = json.dumps({{"argv": sys.argv[1:], "cwd": os.getcwd(), "env": dict(os.environ)}}).encode()
socket.send_fds(s, [struct.pack("!I", len(msg))], [0, 1, 2])
s.sendall(msg)
data = b""
while len(data) < 4:
    chunk = s.recv(4 - len(data))
    if not chunk:
        sys.exit(70)
    data += chunk
sys.exit(struct.unpack("!i", data)[0])
"""


def write_shim(bin_dir: Path, sock: str) -> Path:
    """The ``indicator-dsl`` script in BIN_DIR that runs its command in the server at SOCK."""
    path = bin_dir / "indicator-dsl"
    path.write_text(_SHIM.format(python=sys.executable, sock=sock), encoding="utf-8")
    path.chmod(0o755)
    return path


def _warm() -> None:
    """Import every module (names load lazily otherwise, in each child again)."""
    import indicator_dsl

    for info in pkgutil.walk_packages(indicator_dsl.__path__, "indicator_dsl."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except Exception:  # an optional dependency (pygls) missing: the child imports it if it can
            pass


def _recv_exact(conn: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _child(conn: socket.socket, fds: list[int], request: dict) -> None:
    for target, fd in enumerate(fds):
        os.dup2(fd, target)
        os.close(fd)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    signal.signal(signal.SIGINT, signal.default_int_handler)
    encoding = os.environ.get("PYTHONIOENCODING", "utf-8")
    sys.stdin = open(0, encoding=encoding, closefd=False)
    sys.stdout = open(1, "w", encoding=encoding, closefd=False)
    sys.stderr = open(2, "w", encoding=encoding, closefd=False, errors="backslashreplace")
    sys.argv = ["indicator-dsl", *request["argv"]]
    from indicator_dsl.cli import main

    try:
        status = main(request["argv"])
    except SystemExit as e:
        status = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        if e.code is not None and not isinstance(e.code, int):
            print(e.code, file=sys.stderr)
    except BaseException:
        import traceback

        traceback.print_exc()
        status = 1
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except Exception:
            pass
    conn.sendall(struct.pack("!i", int(status or 0)))


def serve(sock_path: str) -> None:
    _warm()
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(sock_path)
    server.listen(16)
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children reap themselves
    print("ready", flush=True)
    while True:
        readable, _, _ = select.select([server, sys.stdin], [], [])
        if sys.stdin in readable:  # the test process went away (its end of our stdin closed)
            os._exit(0)
        conn, _ = server.accept()
        head, fds, _flags, _addr = socket.recv_fds(conn, 4, 3)
        request = json.loads(_recv_exact(conn, struct.unpack("!I", head)[0]))
        if os.fork() == 0:
            server.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                _child(conn, fds, request)
            finally:
                os._exit(0)
        for fd in fds:
            os.close(fd)
        conn.close()


if __name__ == "__main__":
    serve(sys.argv[1])
