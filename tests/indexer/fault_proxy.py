"""A JSON-RPC proxy in front of anvil that misbehaves the way real providers do.

Faults are drawn from a seeded random source per request: HTTP 429 (with ``Retry-After``),
HTTP 503, a malformed body, or a stall longer than the client's timeout. On top of that
``eth_getLogs`` is refused over ``range_cap`` blocks (QuickNode's wording) and when the
answer holds more than ``result_cap`` logs (Infura's wording, with a suggested range).
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx

FAULTS = ("429", "503", "malformed", "stall")


class FaultProxy:
    """Forwards to ``upstream``, injecting faults; counts requests and faults."""

    def __init__(
        self,
        upstream: str,
        *,
        fault_rate: float = 0.0,
        range_cap: int | None = None,
        result_cap: int | None = None,
        stall_seconds: float = 1.0,
        seed: int = 1,
        always: str | None = None,
    ) -> None:
        self.upstream = upstream
        self.fault_rate = fault_rate
        self.range_cap = range_cap
        self.result_cap = result_cap
        self.stall_seconds = stall_seconds
        self.always = always
        self.rng = random.Random(seed)
        self.requests = 0
        self.faults: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=30)
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                try:
                    status, headers, payload = proxy.handle(body)
                    self.send_response(status)
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header("content-length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up on a stalled answer

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Where clients should send their requests."""
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> FaultProxy:
        self.thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self._client.close()

    def _draw(self) -> str | None:
        with self._lock:
            self.requests += 1
            if self.always is not None:
                fault: str | None = self.always
            elif self.rng.random() < self.fault_rate:
                fault = self.rng.choice(FAULTS)
            else:
                fault = None
            if fault is not None:
                self.faults[fault] += 1
            return fault

    def handle(self, body: bytes) -> tuple[int, dict[str, str], bytes]:
        """The status, headers and body to answer ``body`` with."""
        fault = self._draw()
        if fault == "429":
            return 429, {"retry-after": "0"}, b"rate limited"
        if fault == "503":
            return 503, {}, b"upstream unavailable"
        if fault == "stall":
            time.sleep(self.stall_seconds)
        request = json.loads(body)
        refusal = self._refusal(request)
        if refusal is not None:
            return 200, {"content-type": "application/json"}, json.dumps(refusal).encode()
        answer = self._client.post(
            self.upstream, content=body, headers={"content-type": "application/json"}
        ).content
        if fault == "malformed":
            answer = answer[: len(answer) // 2]
        else:
            answer = self._capped(request, answer)
        return 200, {"content-type": "application/json"}, answer

    def _refusal(self, request: Any) -> dict[str, Any] | None:
        if not isinstance(request, dict) or request.get("method") != "eth_getLogs":
            return None
        query = request["params"][0]
        start, end = int(query["fromBlock"], 16), int(query["toBlock"], 16)
        if self.range_cap is not None and end - start + 1 > self.range_cap:
            self.faults["range_cap"] += 1
            message = f"eth_getLogs is limited to a {self.range_cap} block range"
            return _error(request, -32602, message)
        return None

    def _capped(self, request: Any, answer: bytes) -> bytes:
        if self.result_cap is None or not isinstance(request, dict):
            return answer
        if request.get("method") != "eth_getLogs":
            return answer
        logs = json.loads(answer).get("result") or []
        if len(logs) <= self.result_cap:
            return answer
        self.faults["result_cap"] += 1
        start = int(request["params"][0]["fromBlock"], 16)
        last_fitting = int(logs[self.result_cap]["blockNumber"], 16) - 1
        hint = (
            f" Try with this block range [{hex(start)}, {hex(last_fitting)}]."
            if last_fitting >= start
            else ""
        )
        message = f"query returned more than {self.result_cap} results.{hint}"
        return json.dumps(_error(request, -32005, message)).encode()


def _error(request: dict[str, Any], code: int, message: str) -> dict[str, Any]:
    return {"jsonrpc": "2.0", "id": request.get("id"), "error": {"code": code, "message": message}}
