#!/usr/bin/env python3
"""A loopback SMTP server (aiosmtpd) that accepts and counts messages: the far end of the outbox
benchmark. Prints its port, then, when terminated, how many messages it received."""
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller


class Count:
    def __init__(self):
        self.received = 0

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        return "250 OK"


def main():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = Count()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    done.wait()
    controller.stop()
    print(handler.received, flush=True)


if __name__ == "__main__":
    main()
