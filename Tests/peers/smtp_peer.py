#!/usr/bin/env python3
"""A real SMTP server for cmsched's tests (aiosmtpd): STARTTLS with a test CA's certificate,
AUTH PLAIN/LOGIN, every accepted message saved as an .eml file. Faults for successive messages
come from --actions: ok, 421, 451, 550, drop (close the connection after the final dot,
before answering) or slow (answer 250 half a second late). Each message's session (the client's
port) and how many messages were being answered at once are written to sessions.log.
--no-starttls offers neither STARTTLS nor AUTH. Prints "smtp PORT" on stdout once listening;
stops on SIGTERM."""
import argparse
import asyncio
import os
import signal
import socket
import ssl
import sys
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, directory, actions):
        self.directory = directory
        self.actions = list(actions)
        self.count = 0
        self.answering = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        action = self.actions.pop(0) if self.actions else "ok"
        name = "%03d-%s.eml" % (self.count, action)
        with open(os.path.join(self.directory, name), "wb") as out:
            out.write(envelope.original_content or envelope.content)
        self.answering += 1
        with open(os.path.join(self.directory, "sessions.log"), "a") as log:
            log.write("%d %d\n" % (session.peer[1], self.answering))
        try:
            return await self.answer(server, session, action)
        finally:
            self.answering -= 1

    async def answer(self, server, session, action):
        if action == "slow":
            await asyncio.sleep(0.5)
        if action == "drop":
            session.transport.abort() if hasattr(session, "transport") else server.transport.abort()
            return "250 OK"
        if action == "421":
            return "421 4.3.2 Service shutting down"
        if action == "451":
            return "451 4.3.0 Try again later"
        if action == "550":
            return "550 5.1.1 No such mailbox here"
        return "250 2.0.0 OK queued"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--cert", required=True)
    parser.add_argument("--key", required=True)
    parser.add_argument("--user", default="sched")
    parser.add_argument("--password", default="smtp-secret")
    parser.add_argument("--actions", default="")
    parser.add_argument("--no-starttls", action="store_true", help="offer neither STARTTLS nor AUTH")
    args = parser.parse_args()

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(args.cert, args.key)

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user \
            and auth_data.password.decode() == args.password
        return AuthResult(success=ok, handled=False)

    handler = Handler(args.dir, [a for a in args.actions.split(",") if a])
    port = free_port()
    if args.no_starttls:
        controller = Controller(handler, hostname="127.0.0.1", port=port, ready_timeout=10)
    else:
        controller = Controller(
            handler, hostname="127.0.0.1", port=port, tls_context=context, require_starttls=True,
            authenticator=authenticator, auth_required=True, auth_require_tls=True, ready_timeout=10)
    controller.start()
    print("smtp %d" % port, flush=True)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    # A test runner may start us with signals blocked (the mask is inherited): unblock SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    while not stopping:
        time.sleep(0.05)
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
