#!/usr/bin/env python3
"""A minimal SMTP sink for `make demo` (Python's standard library only): accepts every message on
loopback and saves it as an .eml file. `demo-mail.py serve DIR` prints "smtp PORT" and serves until
killed; `demo-mail.py show FILE` prints a message's headers and MIME tree as a mail client sees it."""
import email
import email.policy
import os
import socketserver
import sys


class Session(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write((line + "\r\n").encode())

    def handle(self):
        self.reply("220 demo-mail ready")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.decode(errors="replace").strip().split(" ")[0].upper()
            if verb == "EHLO":
                self.reply("250-demo-mail")
                self.reply("250 8BITMIME")
            elif verb == "DATA":
                self.reply("354 end with <CRLF>.<CRLF>")
                data = b""
                while True:
                    chunk = self.rfile.readline()
                    if chunk in (b".\r\n", b""):
                        break
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                # Sessions run side by side: a name is taken only if nobody took it first.
                number = len(os.listdir(self.server.folder)) + 1
                while True:
                    try:
                        fd = os.open(os.path.join(self.server.folder, "%03d.eml" % number), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                        break
                    except FileExistsError:
                        number += 1
                with os.fdopen(fd, "wb") as out:
                    out.write(data)
                self.reply("250 queued")
            elif verb == "QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def tree(part, depth=0):
    disposition = part.get_content_disposition()
    extra = " (%s %s)" % (disposition, part.get_filename() or "") if disposition else ""
    params = part.get_params() or []
    method = dict(params).get("method")
    print("  " * depth + part.get_content_type() + ("; method=" + method if method else "") + extra)
    if part.is_multipart():
        for child in part.iter_parts():
            tree(child, depth + 1)


if __name__ == "__main__":
    if sys.argv[1] == "serve":
        server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Session)
        server.folder = sys.argv[2]
        print("smtp %d" % server.server_address[1], flush=True)
        server.serve_forever()
    else:
        with open(sys.argv[2], "rb") as handle:
            message = email.message_from_bytes(handle.read(), policy=email.policy.default)
        for header in ("From", "Reply-To", "To", "Subject"):
            print("%s: %s" % (header, message[header]))
        tree(message)
