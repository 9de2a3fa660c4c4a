"""A stand-in for Kolada's API on this machine's loopback: serves hand-made responses, pages them, and fails
on demand (an error status, a body that is no response, a pause longer than the client waits)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit


def v3_row(kpi: str, unit: str, year: int, total, women=None, men=None, deleted=False) -> dict:
    values = [{"gender": "T", "count": 1, "status": "", "value": total}]
    if women is not None:
        values.append({"gender": "K", "count": 1, "status": "", "value": women})
    if men is not None:
        values.append({"gender": "M", "count": 1, "status": "", "value": men})
    row = {"kpi": kpi, "municipality": unit, "period": year, "values": values}
    if deleted:
        row["isdeleted"] = True
    return row


class Kolada:
    """The stand-in: ``rows`` are every value it knows, answered for the kpis, units and years asked.

    ``page_size`` rows a page (v3 ``next_url``, or v2 ``next_page`` with ``version=2``); ``fail`` makes every
    request answer with that HTTP status; ``garbage`` answers a body that is no JSON; ``pause`` seconds before
    each answer. ``requests`` lists the paths asked, in order.
    """

    def __init__(self, rows: list[dict], page_size: int = 1000, version: int = 3):
        self.rows = rows
        self.page_size = page_size
        self.version = version
        self.fail = 0
        self.garbage = False
        self.pause = 0.0
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the stdlib's name)
                server._answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/v{version}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.requests.append(handler.path)
        if self.pause:
            time.sleep(self.pause)
        if self.fail:
            handler.send_error(self.fail)
            return
        parts = urlsplit(handler.path)
        segments = unquote(parts.path).strip("/").split("/")
        query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
        try:
            at = segments.index("kpi")
            kpis = segments[at + 1].split(",")
            units = segments[segments.index("municipality") + 1].split(",")
            years = {int(y) for y in segments[segments.index("year") + 1].split(",")}
        except (ValueError, IndexError):
            handler.send_error(404)
            return
        found = [r for r in self.rows if r["kpi"] in kpis and r["municipality"] in units and int(r["period"]) in years]
        page = int(query.get("page", "1"))
        chunk = found[(page - 1) * self.page_size: page * self.page_size]
        body: dict = {"values": chunk, "count": len(chunk)}
        if page * self.page_size < len(found):
            following = f"http://127.0.0.1:{self.httpd.server_address[1]}{parts.path}?page={page + 1}"
            body["next_url" if self.version == 3 else "next_page"] = following
        data = b"<html>not json</html>" if self.garbage else json.dumps(body).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        handler.wfile.write(data)
