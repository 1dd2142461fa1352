"""Issue 13: the language server survives bad framing and large documents.

Driven over a real stdio pipe (a subprocess), as an editor drives it: after a bad
Content-Length, garbage between messages, ``Content-Length: 99999999999`` (which once made
it allocate the length, or wait forever), a body that is not JSON, the server still
answers the next well-formed request.  Edits are debounced, an outdated version's
analysis is cancelled (the server logs what it does with ``--verbose``), and only the last
version's diagnostics are published.
"""

from __future__ import annotations

import io
import json
import os
import queue
import subprocess
import sys
import threading
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip("pygls")

from lsp_frames import server_messages  # noqa: E402

from indicator_dsl.spec.lint import check_text  # noqa: E402
from indicator_dsl.spec.lsp_frames import FrameReader, Refused  # noqa: E402
from indicator_dsl.spec.lsp_work import Lines, analyse, lsp_diagnostic  # noqa: E402

TIMEOUT = 60

GOOD = """名称：示例
年度：2025
一级 产出指标
  二级 数量指标
    三级 举办培训 | ≥90% | 分值 50
    三级 宣传 | 不少于150名 | 分值 50
"""


def _big(lines: int, mark: str = "") -> str:
    rows = "".join(f"    三级 培训{i}{mark} | ≥{i % 97}O% | 分值 1\n" if i % 5 == 0 else f"    三级 宣传{i} | 不少于{i}名 | 分值 1\n"
                   for i in range(lines))
    return "名称：示例\n年度：2025\n一级 产出指标\n  二级 数量指标\n" + rows


def frame(msg: dict[str, Any]) -> bytes:
    body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """The server in a subprocess: framed JSON-RPC written raw to its stdin, its messages and
    its log (standard error) read by threads."""

    def __init__(self, code: str = "from indicator_dsl.cli import main; main(['lsp', '--verbose'])") -> None:
        self.proc = subprocess.Popen([sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.log: list[str] = []
        self.seen: list[dict[str, Any]] = []  # every message, also those a wait passed over
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_log, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for msg in server_messages(self.proc.stdout):
            self.seen.append(msg)
            self.messages.put(msg)

    def _read_log(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.log.append(line.decode("utf-8", "replace").rstrip("\n"))

    def raw(self, data: bytes) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        msg: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        rid = None
        if request:
            self.next_id += 1
            rid = msg["id"] = self.next_id
        self.raw(frame(msg))
        return rid

    def wait(self, pred: Any, timeout: float = TIMEOUT) -> dict[str, Any]:
        end = time.monotonic() + timeout
        while True:
            try:
                msg = self.messages.get(timeout=max(0.01, end - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"no answer in {timeout} s; the server's log:\n" + "\n".join(self.log[-30:])) from None
            if pred(msg):
                return msg

    def request(self, method: str, params: Any, timeout: float = TIMEOUT) -> Any:
        rid = self.send(method, params, request=True)
        msg = self.wait(lambda m: m.get("id") == rid and "method" not in m, timeout)
        assert "error" not in msg, msg
        return msg["result"]

    def open(self, uri: str, text: str, version: int = 1) -> None:
        self.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "indicator-spec",
                                                            "version": version, "text": text}})

    def hover(self, uri: str, line: int, character: int, timeout: float = TIMEOUT) -> Any:
        return self.request("textDocument/hover", {"textDocument": {"uri": uri},
                                                   "position": {"line": line, "character": character}}, timeout)

    def rss_kb(self) -> int:
        with open(f"/proc/{self.proc.pid}/status", encoding="ascii") as f:
            return next(int(x.split()[1]) for x in f if x.startswith("VmRSS:"))

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.request("shutdown", None, timeout=20)
                self.send("exit", None)
                self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def server():
    """One server for the framing tests: it must survive them all, one after another."""
    s = Server()
    s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    s.send("initialized", {})
    s.open("file:///t/good.ind", GOOD)
    s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics")
    yield s
    s.close()


def _answers(s: Server) -> None:
    """The server is alive and answers a well-formed request correctly."""
    result = s.hover("file:///t/good.ind", 5, 16)
    assert "`>= 150 名`" in result["contents"]["value"]
    assert s.proc.poll() is None


BAD_FRAMES = {
    "garbage between messages": b"\x00\xff garbage\r\n\r\n{not json}\r\n",
    "a header that is not a number": b"Content-Length: abc\r\n\r\n{}",
    "a negative length": b"Content-Length: -5\r\n\r\n{}",
    "a huge length with a body": b'Content-Length: 99999999999\r\n\r\n{"jsonrpc": "2.0", "method": "x"}',
    "a huge length alone": b"Content-Length: 99999999999\r\n\r\n",
    "a length shorter than the body": b'Content-Length: 5\r\n\r\n{"jsonrpc": "2.0", "method": "initialized", "params": {}}',
    "a length longer than the body": b'Content-Length: 500\r\n\r\n{"jsonrpc": "2.0", "method": "initialized"}',
    "a header without the blank line": b"Content-Length: 12\r\n",
    "a body that is not JSON": b"Content-Length: 9\r\n\r\n{garbage}",
    "a body that is not UTF-8": b"Content-Length: 4\r\n\r\n{\xff\xfe}",
    "a JSON body that is no message": b'Content-Length: 13\r\n\r\n{"jsonrpc":1}',
    "a request with bad params": frame({"jsonrpc": "2.0", "id": 999, "method": "textDocument/hover", "params": {"x": 1}}),
}


@pytest.mark.parametrize("name", list(BAD_FRAMES))
def test_the_server_answers_after_a_bad_frame(server, name):
    server.raw(BAD_FRAMES[name])
    _answers(server)
    _answers(server)  # and goes on answering


def test_all_bad_frames_at_once_then_it_still_answers(server):
    server.raw(b"".join(BAD_FRAMES.values()))
    _answers(server)
    refused = [m["params"]["message"] for m in server.seen if m.get("method") == "window/logMessage"]
    assert any("a message of 99999999999 bytes" in m for m in refused), refused  # the client is told why


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads the memory from /proc")
def test_a_huge_content_length_allocates_nothing(server):
    before = server.rss_kb()
    server.raw(b"Content-Length: 99999999999\r\n\r\n" + b"x" * 1000)
    _answers(server)
    assert server.rss_kb() - before < 50_000  # kB: not the 100 GB the header claims


def _published(s: Server, uri: str, timeout: float = TIMEOUT) -> dict[str, Any]:
    return s.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri,
                  timeout)["params"]


def test_edits_are_debounced_and_outdated_analyses_cancelled():
    """Ten quick edits of a large document: at most two analyses start (the opening one,
    cancelled, and the last), and only the last version's diagnostics are published."""
    s = Server("from indicator_dsl.spec.lsp import serve; serve(verbose=True, inline_chars=1000, delay=0.5)")
    try:
        s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        s.send("initialized", {})
        uri = "file:///t/big.ind"
        s.open(uri, _big(800))
        for v in range(2, 12):
            s.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": v},
                                              "contentChanges": [{"text": _big(800, mark=f"v{v}")}]})
        # while it works, a small document is answered at once
        s.open("file:///t/good.ind", GOOD)
        t = time.monotonic()
        assert "`>= 150 名`" in s.hover("file:///t/good.ind", 5, 16)["contents"]["value"]
        assert time.monotonic() - t < 20
        params = _published(s, uri)
        assert params["version"] == 11
        assert any("培训0v11" in d["message"] or d["code"] == "E101" for d in params["diagnostics"])
        time.sleep(1.0)
        versions = [m["params"]["version"] for m in s.seen
                    if m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri]
        assert versions == [11]  # no outdated version published, before it or after
        started = [x for x in s.log if "big.ind" in x and "started" in x]
        published = [x for x in s.log if "big.ind" in x and "published" in x]
        assert 1 <= len(started) <= 2, s.log
        assert len(published) == 1 and "version 11" in published[0], s.log
        if len(started) == 2:
            assert any("big.ind version 1 cancelled" in x for x in s.log), s.log
    finally:
        s.close()


def test_hover_and_formatting_of_a_large_document_do_not_block():
    s = Server("from indicator_dsl.spec.lsp import serve; serve(verbose=True, inline_chars=1000, delay=0.2)")
    try:
        s.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
        text = _big(150).replace("O%", "0%")
        uri = "file:///t/big2.ind"
        s.open(uri, text)
        _published(s, uri)
        shown = s.hover(uri, 4, len("    三级 培训0 | ") + 1)
        assert shown is not None and "canonical" in shown["contents"]["value"]
        edits = s.request("textDocument/formatting", {"textDocument": {"uri": uri},
                                                      "options": {"tabSize": 2, "insertSpaces": True}})
        assert len(edits) == 1 and edits[0]["newText"].startswith("名称：示例\n")
    finally:
        s.close()


# ---------------------------------------------------------------------------
# the frame reader alone


def _read_all(data: bytes, max_bytes: int = 10_000, chunk: int = 7) -> list[bytes | Refused]:
    class Trickle(io.RawIOBase):
        pos = 0

        def readable(self) -> bool:
            return True

        def read1(self, n: int = -1) -> bytes:
            out = data[self.pos:self.pos + min(n, chunk)]
            self.pos += len(out)
            return out

    r = FrameReader(Trickle(), max_bytes)  # type: ignore[arg-type]
    out = []
    while (f := r.next()) is not None:
        out.append(f)
    return out


_MESSAGES = st.lists(st.dictionaries(st.sampled_from(["id", "method", "s"]), st.text(max_size=40), max_size=3),
                     min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(_MESSAGES, st.lists(st.sampled_from(list(BAD_FRAMES.values()) + [b"\r\n", b"Content-Length: 2\r\n\r\n",
                                                                        b"Content-Length: 0\r\n\r\n"]), max_size=5),
       st.integers(1, 64), st.randoms())
def test_every_well_formed_message_after_bad_frames_is_read(messages, bad, chunk, rnd):
    parts, bodies = [], []
    for m in messages:
        if bad:
            parts.append(bad[rnd.randrange(len(bad))])
        body = json.dumps(m, ensure_ascii=False).encode("utf-8")
        parts.append(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        bodies.append(body)
    got = [f for f in _read_all(b"".join(parts), chunk=chunk) if isinstance(f, bytes)]
    assert [b for b in bodies if b not in got] == []


def test_a_body_arrives_as_sent_never_as_claimed():
    assert _read_all(b"Content-Length: 99999999999\r\n\r\n", max_bytes=10**12)[-1:] == []  # waits for bytes, allocates none


def test_the_analysis_is_check_texts():
    """The server's one reading of a version gives what ``indicator-dsl check`` gives."""
    for text in (GOOD, _big(50), GOOD.replace("≥90%", "≥9O%") + "    三级 x\n"):
        lines = Lines(text)
        assert analyse(text, 1).diagnostics == tuple(lsp_diagnostic(lines, d) for d in check_text(text))


def test_a_bug_in_the_analysis_is_a_diagnostic_not_a_dead_server(monkeypatch):
    import indicator_dsl.spec.lsp_work as work

    def broken(text, **kwargs):
        raise RecursionError("deep")

    monkeypatch.setattr(work, "read_spec", broken)
    a = work.analyse(GOOD, 4)
    assert a.version == 4 and [d.code for d in a.diagnostics] == ["internal"]
    assert "RecursionError" in a.diagnostics[0].message
