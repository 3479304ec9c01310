"""A tiny SMTP server for the fault tests (aiosmtpd is not a dependency): it accepts every
message and keeps it, so a test can count what arrived. ``SmtpSink(port)`` listens on
127.0.0.1; before ``start()`` (and after ``stop()``) the port is closed, so Django's SMTP
backend pointed at it gets "connection refused", as from a mail server that is down.
"""

import collections
import email
import socket
import socketserver
import threading


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class _Handler(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self):
        self.reply("220 sink ESMTP")
        recipients = []
        while True:
            line = self.rfile.readline()
            if not line:
                return
            command = line.decode("latin-1").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith("MAIL FROM"):
                recipients = []
                self.reply("250 OK")
            elif command.startswith("RCPT TO"):
                recipients.append(line.decode("latin-1").split(":", 1)[1].strip().strip("<>"))
                self.reply("250 OK")
            elif command == "DATA":
                self.reply("354 go ahead")
                data = []
                while True:
                    chunk = self.rfile.readline()
                    if not chunk or chunk in (b".\r\n", b".\n"):
                        break
                    data.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                self.server.sink.received(recipients, b"".join(data))
                self.reply("250 queued")
            elif command == "QUIT":
                self.reply("221 bye")
                return
            else:  # RSET, NOOP...
                self.reply("250 OK")


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class SmtpSink:
    def __init__(self, port=None):
        self.port = port or free_port()
        self.messages = []  # (recipient, Message-ID, subject)
        self._lock = threading.Lock()
        self._server = None

    def received(self, recipients, data):
        message = email.message_from_bytes(data)
        with self._lock:
            for recipient in recipients:
                self.messages.append((recipient, message["Message-ID"], message["Subject"]))

    def start(self):
        self._server = _Server(("127.0.0.1", self.port), _Handler)
        self._server.sink = self
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def per_recipient(self):
        with self._lock:
            return collections.Counter(recipient for recipient, _id, _subject in self.messages)

    def message_ids(self):
        with self._lock:
            return collections.Counter(message_id for _r, message_id, _s in self.messages)

    def settings(self):
        """Django settings that send through this server."""
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_TIMEOUT": 5,
            "EMAIL_USE_TLS": False,
            "EMAIL_USE_SSL": False,
        }


def report(fault, **numbers):
    """One line per fault, printed (``pytest -s`` or tests/faults/run_faults.py shows it)."""
    figures = ", ".join(f"{name.replace('_', ' ')} {value}" for name, value in numbers.items())
    print(f"\n[fault] {fault}: {figures}")
