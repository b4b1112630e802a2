"""Where policies come from: `--policy URL` against a local HTTP server (charset, redirects,
size cap, timeout, 404, no cookies, cache), PDF policies, UTF-16 without a BOM."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from typer.testing import CliRunner

from auditor.cli import app
from auditor.errors import InputError
from auditor.policy import read_policy
from auditor.policy.fetch import fetch_policy

ZH_HTML = ("<html><head><meta charset='utf-8'></head><body><h1>隐私政策</h1>"
           "<p>我们会收集您的位置信息，用于推荐附近的门店。</p></body></html>").encode("utf-8")
LATIN1 = "Privacy policy\n\nWe collect your precise location to show the nearest café.\n".encode("latin-1")


def make_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with `lines` in Helvetica, written by hand (our own text, no tool)."""
    esc = lambda t: t.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")  # noqa: E731
    stream = ("BT /F1 11 Tf 72 760 Td 14 TL " + " ".join(f"({esc(t)}) '" for t in lines) + " ET").encode("latin-1")
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


PDF = make_pdf(["Privacy Policy of Example Notes", "", "Camera permission: used to scan QR codes.",
                "We collect your precise location to show nearby stores."])


class _Handler(BaseHTTPRequestHandler):
    hits: dict[str, int] = {}
    cookies_seen: list[str] = []

    def log_message(self, *args):  # keep test output clean
        pass

    def _send(self, code: int, body: bytes, ctype: str = "text/html", headers: dict | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):  # noqa: N802 - http.server's name
        _Handler.hits[self.path] = _Handler.hits.get(self.path, 0) + 1
        if self.headers.get("Cookie"):
            _Handler.cookies_seen.append(self.headers["Cookie"])
        p = self.path.split("?")[0]
        if p == "/zh.html":
            self._send(200, ZH_HTML)
        elif p == "/latin1":
            self._send(200, LATIN1, "text/plain; charset=ISO-8859-1")
        elif p == "/redirect":
            self._send(302, b"", headers={"Location": "/zh.html"})
        elif p.startswith("/loop"):
            self._send(302, b"", headers={"Location": "/loop" + str(len(p))})
        elif p == "/cookie":
            self._send(302, b"", headers={"Location": "/zh.html", "Set-Cookie": "track=1; Path=/"})
        elif p == "/big":
            self._send(200, b"<p>We collect your location.</p>" * 2000)
        elif p == "/big-chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the cap must hold while streaming
            for _ in range(200):
                self.wfile.write(b"<p>We collect your location.</p>" * 10)
        elif p == "/slow":
            time.sleep(3)
            self._send(200, ZH_HTML)
        elif p == "/policy.pdf":
            self._send(200, PDF, "application/pdf")
        else:
            self._send(404, b"not found", "text/plain")


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client the size cap or a timeout made hang up mid-response: expected, not worth a traceback on stderr


@pytest.fixture(scope="module")
def server():
    srv = _QuietServer(("127.0.0.1", 0), _Handler)
    srv.daemon_threads = True
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()
    srv.server_close()


def test_url_policy_is_read_with_the_charset_of_its_meta(server):
    got = fetch_policy(server + "/zh.html")
    res = read_policy(got.data, got.name, charset=got.charset)
    assert got.name == "zh.html" and res.format == "html"
    assert res.categories["location_precise"].status == "declared"


def test_charset_from_the_content_type_header(server):
    got = fetch_policy(server + "/latin1")
    assert got.charset == "ISO-8859-1"
    res = read_policy(got.data, got.name, charset=got.charset)
    assert "café" in res.text and res.categories["location_precise"].status == "declared"
    with pytest.raises(InputError):  # without the header these bytes are neither UTF-8 nor GBK
        read_policy(got.data, got.name)


def test_redirects_are_followed_up_to_the_limit(server):
    got = fetch_policy(server + "/redirect")
    assert got.final_url.endswith("/zh.html") and got.data == ZH_HTML
    with pytest.raises(InputError, match="redirects"):
        fetch_policy(server + "/loop", max_redirects=3)


def test_no_cookie_is_sent_back(server):
    fetch_policy(server + "/cookie")
    assert _Handler.cookies_seen == []


def test_size_cap_with_and_without_content_length(server):
    with pytest.raises(InputError, match="limit"):
        fetch_policy(server + "/big", max_bytes=10_000)
    with pytest.raises(InputError, match="limit"):
        fetch_policy(server + "/big-chunked", max_bytes=10_000)


def test_timeout(server):
    t0 = time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        fetch_policy(server + "/slow", timeout=0.5)
    assert time.monotonic() - t0 < 2.5


def test_404_and_refused_connection_are_input_errors(server):
    with pytest.raises(InputError, match="HTTP 404"):
        fetch_policy(server + "/missing")
    with pytest.raises(InputError, match="cannot be fetched"):
        fetch_policy("http://127.0.0.1:9/policy.html", timeout=2)


def test_cache_serves_a_second_run_without_a_request(server, tmp_path):
    url = server + "/zh.html?cache"
    first = fetch_policy(url, tmp_path)
    hits = _Handler.hits.get("/zh.html?cache")
    second = fetch_policy(url, tmp_path)
    assert not first.from_cache and second.from_cache and second.data == first.data
    assert _Handler.hits.get("/zh.html?cache") == hits == 1


def test_cli_policy_url_and_exit_3_on_failure(server, tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["policy", server + "/zh.html", "--format", "json", "--policy-cache", str(tmp_path)])
    assert ok.exit_code == 0, ok.output
    assert '"location_precise"' in ok.stdout
    bad = runner.invoke(app, ["policy", server + "/missing"])
    assert bad.exit_code == 3
    assert bad.stderr.strip().count("\n") == 0 and "HTTP 404" in bad.stderr


def test_pdf_policy_is_read(server):
    res = read_policy(PDF, "policy.pdf")
    assert res.format == "pdf"
    assert res.categories["location_precise"].status == "declared"
    assert res.categories["camera"].status == "declared"
    assert any(p.permission == "android.permission.CAMERA" for p in res.permissions)
    got = fetch_policy(server + "/policy.pdf")
    assert read_policy(got.data, got.name).format == "pdf"


def test_broken_pdf_is_an_input_error():
    with pytest.raises(InputError):
        read_policy(b"%PDF-1.4\n1 0 obj << /Type /Catalog >>\nendobj\ntrailer << >>\n%%EOF", "x.pdf")


@pytest.mark.parametrize("enc", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", ["我们会收集您的位置信息和设备标识符（IMEI），用于安全风控。\n",
                                  "We collect your precise location and your device ID.\n"])
def test_utf16_without_bom_is_detected(enc, text):
    res = read_policy(text.encode(enc) * 3, "p.txt")
    assert res.encoding == enc
    assert res.categories["location_precise"].status == "declared"
    assert res.categories["device_id"].status == "declared"


def test_pdf_policy_document_validates_against_the_shipped_schema():
    import json
    from importlib import resources

    import jsonschema

    from auditor import __version__
    from auditor.report.policyfmt import policy_document

    schema = json.loads(resources.files("auditor").joinpath("schemas/policy.json").read_text(encoding="utf-8"))
    doc = json.loads(json.dumps(policy_document(read_policy(PDF, "policy.pdf"), __version__)))
    jsonschema.validate(doc, schema)
    assert doc["input"]["format"] == "pdf"


def test_cli_scan_with_a_policy_url(server, tmp_path):
    from pathlib import Path

    apk = Path(__file__).resolve().parents[1] / "samples" / "chat.apk"
    runner = CliRunner()
    res = runner.invoke(app, ["scan", str(apk), "--no-code", "--policy", server + "/latin1", "--format", "json",
                              "--exit-zero", "--policy-cache", str(tmp_path)])
    assert res.exit_code == 0, res.output
    import json

    pol = json.loads(res.stdout)["policy"]
    assert pol["input"]["name"] == "policy.txt"  # named from the text/plain content type
    assert pol["categories"]["location_precise"]["status"] == "declared"  # decoded with the header's charset
    bad = runner.invoke(app, ["scan", str(apk), "--no-code", "--policy", server + "/missing"])
    assert bad.exit_code == 3 and "HTTP 404" in bad.stderr
