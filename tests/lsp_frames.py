"""The test clients' side of LSP framing: the JSON messages a server writes, one by one."""

from __future__ import annotations

import json
from typing import IO, Any, Iterator


def server_messages(out: IO[bytes]) -> Iterator[dict[str, Any]]:
    """Each message framed with ``Content-Length`` on ``out``, until it ends (a frame without
    that header is passed over)."""
    while True:
        length = None
        while True:
            line = out.readline()
            if not line:
                return
            if line in (b"\r\n", b"\n"):
                break
            name, _, value = line.decode("ascii").partition(":")
            if name.lower() == "content-length":
                length = int(value.strip())
        if length is not None:
            yield json.loads(out.read(length))
