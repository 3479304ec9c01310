"""Closed-loop HTTP load from threads: simulated residents, each repeating one action.

Every request opens its own connection (gunicorn's sync workers close it after each
response anyway). A phase starts one thread per simulated client, lets them run for a
short ramp, then measures a window of ``seconds``; a request counts in the figures
when it started inside the window, an action (a whole signature, a read) when it
finished inside it. Errors count whenever they happen, warm-up included.
"""

import http.client
import re
import statistics
import threading
import time
from collections import Counter, defaultdict
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from .measure import percentile

_INPUT = re.compile(r"<input\b[^>]*>", re.I)
_ATTR = re.compile(r'(\w[\w-]*)="([^"]*)"')


def hidden_value(html, name):
    """The value of the ``<input name=...>`` in an HTML page (None if absent)."""
    for tag in _INPUT.findall(html):
        attrs = dict(_ATTR.findall(tag))
        if attrs.get("name") == name:
            return attrs.get("value")
    return None


class Response:
    __slots__ = ("status", "body", "location", "cookies")

    def __init__(self, status, body, location, cookies):
        self.status, self.body, self.location, self.cookies = status, body, location, cookies

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class HttpClient:
    def __init__(self, host, port, timeout=60):
        self.host, self.port, self.timeout = host, port, timeout

    def request(self, method, path, fields=None, headers=None, cookies=None):
        headers = dict(headers or {})
        body = None
        if fields is not None:
            body = urlencode(fields).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        if cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            jar = SimpleCookie()
            for header in response.msg.get_all("Set-Cookie") or []:
                jar.load(header)
            location = response.getheader("Location")
            if location:
                location = urlsplit(location).path or location
            return Response(response.status, data, location, {k: m.value for k, m in jar.items()})
        finally:
            conn.close()

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, fields, **kwargs):
        return self.request("POST", path, fields=fields, **kwargs)


class Recorder:
    """What one phase's threads saw: requests and actions (start, end), errors by kind."""

    def __init__(self):
        self.requests = defaultdict(list)  # kind -> [(start, end)]
        self.actions = defaultdict(list)  # kind -> [(start, end)]
        self.errors = Counter()
        self.window = (None, None)
        self._lock = threading.Lock()

    def request(self, kind, start, end):
        self.requests[kind].append((start, end))

    def action(self, kind, start, end):
        self.actions[kind].append((start, end))

    def error(self, kind):
        with self._lock:
            self.errors[kind] += 1

    def expect(self, kind, response, *statuses, start):
        """Record the request; True if its status is one of ``statuses``, else count an error."""
        self.request(kind, start, time.perf_counter())
        if response.status in statuses:
            return True
        self.error(f"{kind}: HTTP {response.status}")
        return False

    def in_window(self, start):
        low, high = self.window
        return low is not None and low <= start <= high

    def latencies(self, kind):
        """Milliseconds of the ``kind`` requests started inside the window."""
        return [
            (end - start) * 1000
            for start, end in self.requests.get(kind, ())
            if self.in_window(start)
        ]

    def action_latencies(self, kind):
        return [
            (end - start) * 1000
            for start, end in self.actions.get(kind, ())
            if self.in_window(start)
        ]

    def completed(self, kind):
        """Actions of ``kind`` finished inside the window."""
        return sum(1 for _start, end in self.actions.get(kind, ()) if self.in_window(end))

    def total(self, kind):
        return len(self.actions.get(kind, ()))


def run_phase(loops, seconds, ramp=1.0):
    """Run every ``loop(recorder, stop)`` on its own thread, over and over until told to stop
    (after ``seconds``, or when a loop sets ``stop``).

    Measures a window of ``seconds`` after ``ramp`` seconds; returns the Recorder
    with its window set. A loop that raises counts an error of that exception's type
    and goes on.
    """
    recorder = Recorder()
    stop = threading.Event()

    def body(loop):
        while not stop.is_set():
            try:
                loop(recorder, stop)
            except Exception as exc:  # noqa: BLE001 - counted, reported, and the client goes on
                recorder.error(f"{getattr(loop, 'kind', 'client')}: {type(exc).__name__}")
                time.sleep(0.05)

    threads = [threading.Thread(target=body, args=(loop,), daemon=True) for loop in loops]
    for thread in threads:
        thread.start()
    time.sleep(ramp)
    start = time.perf_counter()
    stop.wait(seconds)  # a loop may end the phase early by setting ``stop`` (its work is done)
    recorder.window = (start, time.perf_counter())
    stop.set()
    for thread in threads:
        thread.join(timeout=120)
    return recorder


def summary(values):
    """{"median_ms", "p95_ms", "runs"} of millisecond samples (None figures if there are none)."""
    if not values:
        return {"median_ms": None, "p95_ms": None, "runs": 0}
    return {
        "median_ms": round(statistics.median(values), 2),
        "p95_ms": round(percentile(values, 0.95), 2),
        "runs": len(values),
    }
