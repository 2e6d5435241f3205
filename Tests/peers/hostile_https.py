#!/usr/bin/env python3
"""Clients that misbehave toward serve's HTTPS listener, for the hostile-load tests.

usage: hostile_https.py KIND HOST PORT CA_FILE [ARGS...]
  silent           TCP only, never a TLS handshake: seconds until the server closes
  slow-head        a request head sent a byte every 0.3 s, never finished: seconds until closed
  no-body PATH     a POST whose Content-Length body never comes: seconds until closed
  idle N           N TCP connections opened and held: prints "open N", then holds until stdin closes
  stall-server     listens on HOST (PORT 0: any) and holds every connection without a word (a
                   Web Bridge stuck before its TLS handshake): prints "port P", holds until stdin closes
  request METHOD PATH [HEADER_BYTES]
                   one request (with HEADER_BYTES of extra header): prints the status line, the
                   headers as JSON and the body
Times are capped at 60 s ("open" if the server never closed)."""
import json
import socket
import ssl
import sys
import time

kind, host, port, ca = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
rest = sys.argv[5:]


def tls():
    context = ssl.create_default_context(cafile=ca)
    raw = socket.create_connection((host, port), timeout=60)
    return context.wrap_socket(raw, server_hostname="localhost")


def until_closed(sock, started, feed=None):
    """Seconds from `started` until the peer closes `sock` (reads and drops what it sends)."""
    sock.settimeout(0.3)
    while time.monotonic() - started < 60:
        try:
            if not sock.recv(65536):
                return f"{time.monotonic() - started:.1f}"
        except (socket.timeout, TimeoutError):
            if feed:
                try:
                    feed()
                except OSError:
                    return f"{time.monotonic() - started:.1f}"
        except (ConnectionResetError, ssl.SSLError, OSError):
            return f"{time.monotonic() - started:.1f}"
    return "open"


if kind == "silent":
    sock = socket.create_connection((host, port), timeout=60)
    print(until_closed(sock, time.monotonic()))
elif kind == "slow-head":
    sock = tls()
    started = time.monotonic()
    sock.sendall(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
    print(until_closed(sock, started, feed=lambda: sock.sendall(b"a")))
elif kind == "no-body":
    sock = tls()
    started = time.monotonic()
    sock.sendall(f"POST {rest[0]} HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                 "Authorization: Basic cG9ydGFsOnBvcnRhbC1zZWNyZXQtMQ==\r\nContent-Length: 999999999999\r\n\r\n{".encode())
    print(until_closed(sock, started))
elif kind == "idle":
    held = [socket.create_connection((host, port), timeout=60) for _ in range(int(rest[0]))]
    print(f"open {len(held)}", flush=True)
    sys.stdin.read()
elif kind == "stall-server":
    import threading
    server = socket.create_server((host, port))
    held = []
    threading.Thread(target=lambda: [held.append(server.accept()) for _ in iter(int, 1)], daemon=True).start()
    print(f"port {server.getsockname()[1]}", flush=True)
    sys.stdin.read()
elif kind == "request":
    method, path = rest[0], rest[1]
    extra = int(rest[2]) if len(rest) > 2 else 0
    sock = tls()
    head = f"{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
    if extra:
        head += "X-Filler: " + "a" * extra + "\r\n"
    sock.sendall((head + "\r\n").encode())
    data = b""
    sock.settimeout(20)
    while True:
        try:
            chunk = sock.recv(65536)
        except (ConnectionResetError, ssl.SSLError, OSError):
            break
        if not chunk:
            break
        data += chunk
    head_text, _, body = data.partition(b"\r\n\r\n")
    lines = head_text.decode(errors="replace").split("\r\n")
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    print(lines[0])
    print(json.dumps(headers))
    print(body.decode(errors="replace"))
else:
    sys.exit(f"unknown kind {kind}")
