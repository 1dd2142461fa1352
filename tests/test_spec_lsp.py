"""The language server, spoken to over stdio as an editor would (JSON-RPC, LSP)."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading
from typing import Any

import pytest

pytest.importorskip("pygls")

from lsp_frames import server_messages  # noqa: E402

TIMEOUT = 30

BAD = """名称：示例
年度：2025
一级 产出指标
  二级 数量指标
    三级 举办培训 | ≥9O% | 分值 50
    三级 宣传 | 不少于150名 | 分值 50
"""


class Client:
    """A minimal LSP client: framed JSON-RPC over the server's stdin/stdout."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "indicator_dsl", "lsp"], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for msg in server_messages(self.proc.stdout):
            self.messages.put(msg)

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        msg: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        rid = None
        if request:
            self.next_id += 1
            rid = msg["id"] = self.next_id
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        assert self.proc.stdin is not None
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return rid

    def wait(self, pred: Any) -> dict[str, Any]:
        while True:
            try:
                msg = self.messages.get(timeout=TIMEOUT)
            except queue.Empty:
                raise AssertionError("the language server did not answer in time") from None
            if pred(msg):
                return msg

    def request(self, method: str, params: Any) -> Any:
        rid = self.send(method, params, request=True)
        msg = self.wait(lambda m: m.get("id") == rid and "method" not in m)
        assert "error" not in msg, msg
        return msg["result"]

    def close(self) -> None:
        try:
            self.request("shutdown", None)
            self.send("exit", None)
            self.proc.wait(timeout=TIMEOUT)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
                self.proc.wait()


@pytest.fixture(scope="module")
def client():
    c = Client()
    c.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})
    c.send("initialized", {})
    yield c
    c.close()


URI = "file:///tmp/example.ind"


def _open(client: Client, text: str, uri: str = URI) -> dict[str, Any]:
    client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "indicator-spec", "version": 1, "text": text}})
    return client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)["params"]


def test_diagnostic_at_the_right_line_and_column(client):
    """Opening a document with a bad target publishes E101 at the 'O' (0-based line 4, UTF-16 column 16)."""
    params = _open(client, BAD)
    assert params["uri"] == URI
    errors = [d for d in params["diagnostics"] if d["severity"] == 1]
    assert len(errors) == 1
    d = errors[0]
    assert d["code"] == "E101"
    assert d["range"]["start"] == {"line": 4, "character": 16}
    assert d["range"]["end"] == {"line": 4, "character": 17}
    assert d["message"].startswith("target: a letter inside a number ('O')")


def test_change_clears_the_diagnostic(client):
    """After the fix is typed, the server publishes no error."""
    uri = "file:///tmp/change.ind"
    _open(client, BAD, uri)
    client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": 2},
                                           "contentChanges": [{"text": BAD.replace("≥9O%", "≥90%")}]})
    params = client.wait(lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri)["params"]
    assert [d for d in params["diagnostics"] if d["severity"] == 1] == []


def test_hover_shows_the_canonical_target(client):
    """Hovering over 不少于150名 shows its canonical reading >= 150 名."""
    uri = "file:///tmp/hover.ind"
    _open(client, BAD, uri)
    result = client.request("textDocument/hover", {"textDocument": {"uri": uri}, "position": {"line": 5, "character": 16}})
    assert "`>= 150 名`" in result["contents"]["value"]


def test_formatting_returns_the_canonical_layout(client):
    """Formatting a valid document replaces it with the canonical layout."""
    text = BAD.replace("≥9O%", "≥90%")
    uri = "file:///tmp/format.ind"
    _open(client, text, uri)
    edits = client.request("textDocument/formatting", {"textDocument": {"uri": uri}, "options": {"tabSize": 2, "insertSpaces": True}})
    assert len(edits) == 1
    assert "    三级 举办培训 | >= 90 %   | 分值 50\n    三级 宣传     | >= 150 名 | 分值 50\n" in edits[0]["newText"]
