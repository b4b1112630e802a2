"""`--policy URL`: fetch a published privacy policy (the only network access the tool makes,
and only when the user passes a URL).

Bounded: connect/read timeouts plus an overall deadline, a size cap (the reader's own
limit), at most MAX_REDIRECTS redirects (http and https only), no cookies kept between
requests, no proxy or netrc settings from the environment. The charset of the
Content-Type header is returned so the reader can decode with it (the page's <meta>
charset is read by the reader itself). With a cache directory, a URL fetched once is read
from the cache afterwards (a pipeline re-run makes no request); entries are keyed by the
URL's SHA-256 and hold the body and its headers.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from auditor.errors import InputError
from auditor.policy.text import MAX_POLICY_BYTES

MAX_REDIRECTS = 5
TIMEOUT = 15.0  # seconds per connect/read, and twice that for the whole download
USER_AGENT = "auditor-policy-fetch (+https://github.com/; privacy-policy reader)"
_CT_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_\-.:]+)", re.I)


@dataclass(frozen=True)
class FetchedPolicy:
    url: str  # as requested
    final_url: str  # after redirects
    data: bytes
    content_type: str
    charset: str | None
    from_cache: bool

    @property
    def name(self) -> str:
        """A file name for format sniffing: the URL's last path segment, or one from the
        content type (text/html -> policy.html, application/pdf -> policy.pdf...)."""
        ct = self.content_type.split(";")[0].strip().lower()
        by_type = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
                   "text/markdown": ".md", "text/plain": ".txt"}
        seg = urlsplit(self.final_url).path.rstrip("/").rsplit("/", 1)[-1]
        if re.search(r"\.(html?|xhtml|md|markdown|txt|pdf)$", seg, re.I):
            return seg
        return "policy" + by_type.get(ct, ".html")


def is_url(spec: str) -> bool:
    return bool(re.match(r"^https?://", spec, re.I))


def fetch_policy(url: str, cache_dir: Path | None = None, *, timeout: float = TIMEOUT,
                 max_bytes: int = MAX_POLICY_BYTES, max_redirects: int = MAX_REDIRECTS) -> FetchedPolicy:
    """GET `url` (http/https), following up to `max_redirects` redirects; raises InputError
    with a one-line reason on any failure (DNS, refused, timeout, HTTP status >= 400, too
    large, too many redirects)."""
    if not is_url(url):
        raise InputError(f"{url}: not an http(s) URL")
    if cache_dir is not None:
        hit = _cache_read(cache_dir, url)
        if hit is not None:
            return hit
    import httpx

    deadline = time.monotonic() + 2 * timeout
    current = url
    try:
        with httpx.Client(follow_redirects=False, trust_env=False, timeout=httpx.Timeout(timeout),
                          headers={"User-Agent": USER_AGENT, "Accept": "text/html, text/plain, application/pdf, */*"}) as client:
            for _hop in range(max_redirects + 1):
                client.cookies.clear()  # no cookies: every request goes out bare
                with client.stream("GET", current) as resp:
                    if resp.status_code in (301, 302, 303, 307, 308) and "location" in resp.headers:
                        nxt = urljoin(current, resp.headers["location"])
                        if not is_url(nxt):
                            raise InputError(f"{url}: redirected to a non-http(s) location ({nxt[:80]})")
                        current = nxt
                        continue
                    if resp.status_code >= 400:
                        raise InputError(f"{url}: HTTP {resp.status_code} {resp.reason_phrase}".rstrip())
                    declared = resp.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise InputError(f"{url}: {declared} bytes exceeds the {max_bytes}-byte limit")
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in resp.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise InputError(f"{url}: more than {max_bytes} bytes (limit)")
                        if time.monotonic() > deadline:
                            raise InputError(f"{url}: download took longer than {2 * timeout:.0f} s")
                        chunks.append(chunk)
                    ctype = resp.headers.get("content-type", "")
                    m = _CT_CHARSET.search(ctype)
                    got = FetchedPolicy(url, str(resp.url), b"".join(chunks), ctype, m.group(1) if m else None, False)
                    break
            else:
                raise InputError(f"{url}: more than {max_redirects} redirects")
    except httpx.TimeoutException:
        raise InputError(f"{url}: timed out after {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise InputError(f"{url}: cannot be fetched ({type(exc).__name__}: {str(exc)[:120] or 'no detail'})") from None
    if cache_dir is not None:
        _cache_write(cache_dir, got)
    return got


def as_utf8(data: bytes, charset: str | None) -> bytes:
    """`data` re-encoded as UTF-8 when a server declared a charset it is written in and it is
    not UTF-8 already (for callers that pass bytes on without the header); else unchanged."""
    if not charset or data[:1024].lstrip().startswith(b"%PDF-"):
        return data
    try:
        data.decode("utf-8")
        return data
    except UnicodeDecodeError:
        pass
    try:
        return data.decode(charset).encode("utf-8")
    except (LookupError, UnicodeDecodeError):
        return data


def _key(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()


def _cache_read(cache_dir: Path, url: str) -> FetchedPolicy | None:
    meta_path = cache_dir / (_key(url) + ".json")
    body_path = cache_dir / (_key(url) + ".body")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        data = body_path.read_bytes()
    except (OSError, ValueError):
        return None
    if meta.get("url") != url or meta.get("sha256") != hashlib.sha256(data).hexdigest():
        return None  # not ours, or damaged: fetch again
    return FetchedPolicy(url, meta.get("final_url", url), data, meta.get("content_type", ""), meta.get("charset"), True)


def _cache_write(cache_dir: Path, got: FetchedPolicy) -> None:
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        key = _key(got.url)
        (cache_dir / (key + ".body")).write_bytes(got.data)
        meta = {"url": got.url, "final_url": got.final_url, "content_type": got.content_type, "charset": got.charset,
                "sha256": hashlib.sha256(got.data).hexdigest(), "fetched": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
        (cache_dir / (key + ".json")).write_text(json.dumps(meta, indent=1), encoding="utf-8")
    except OSError as exc:
        raise InputError(f"--policy-cache {cache_dir}: cannot be written ({exc.strerror})") from None


def fetch_to_file(url: str, cache_dir: Path) -> tuple[Path, str]:
    """Fetch `url` through the cache in `cache_dir` and keep the body, re-encoded as UTF-8 when
    the server declared another charset, as a file there: (path, file name for the report).
    For callers that hand workers a path (`auditor batch`). InputError as fetch_policy."""
    got = fetch_policy(url, cache_dir)
    body = as_utf8(got.data, got.charset)
    name = got.name
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", name)[-80:] or "policy"
    out = Path(cache_dir) / "files" / f"{hashlib.sha256(url.encode()).hexdigest()[:16]}-{safe}"
    try:
        if not out.is_file() or out.read_bytes() != body:
            out.parent.mkdir(parents=True, exist_ok=True)
            tmp = out.with_name(out.name + ".tmp")
            tmp.write_bytes(body)
            tmp.replace(out)
    except OSError as exc:
        raise InputError(f"{url}: cannot keep the policy in {cache_dir} ({exc.strerror})") from None
    return out, name
