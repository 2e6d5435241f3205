#!/usr/bin/env python3
"""The operations pages over plain HTTPS requests (http.client, the test CA), for what a browser
does not show: the security headers of every answer (errors and redirects too), sign-in refusals,
where sign-in may send the browser, sessions and roles as the store has them now, and hostile
input, and each meeting's history by the path it was booked through. Input as ops_browser.py
(OPS_BASE, OPS_CA, OPS_ADMIN, OPS_VIEWER, OPS_MEETING), OPS_API_MEETING (booked through the HTTPS
API as `portal`), OPS_C2W_MEETING (booked over C2W by saiacano@s.com), and OPS_CLI: the cmsched
binary, run on the same store (this process's environment) to change users.
Exits 0 when every check passes; each failure is printed.
"""
import http.client
import json
import os
import re
import ssl
import subprocess
import sys
import urllib.parse

from checks import check, verdict

BASE = urllib.parse.urlparse(os.environ["OPS_BASE"])
CONTEXT = ssl.create_default_context(cafile=os.environ["OPS_CA"])


class Client:
    def __init__(self):
        self.cookies = {}

    def request(self, method, path, form=None, headers=None, raw=None):
        connection = http.client.HTTPSConnection(BASE.hostname, BASE.port, context=CONTEXT, timeout=30)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = raw if raw is not None else (urllib.parse.urlencode(form) if form is not None else None)
        if form is not None:
            headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body, headers=headers)
        reply = connection.getresponse()
        text = reply.read().decode(errors="replace")
        for header in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";")[0]
            if "Max-Age=0" in header:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        connection.close()
        return reply, text

    def login_token(self):
        _, text = self.request("GET", "/ops/login")
        return re.search(r'name="csrf" value="([0-9a-f]+)"', text).group(1)

    def sign_in(self, credentials, next_path="/ops/"):
        name, password = credentials.split(":", 1)
        return self.request("POST", "/ops/login", form={"csrf": self.login_token(), "next": next_path, "user": name, "password": password})


def headers_ok(reply, what):
    policy = reply.getheader("Content-Security-Policy") or ""
    check("frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "default-src 'none'" in policy,
          f"{what}: a strict Content-Security-Policy ({policy!r})")
    check(reply.getheader("X-Content-Type-Options") == "nosniff", f"{what}: nosniff")


def main():
    anonymous = Client()
    reply, _ = anonymous.request("GET", "/ops/agenda")
    check(reply.status == 303 and reply.getheader("Location") == "/ops/login?next=%2Fops%2Fagenda", f"signed out: to the sign-in form ({reply.status} {reply.getheader('Location')})")
    headers_ok(reply, "a redirect")
    reply, _ = anonymous.request("POST", "/ops/outbox/retry", form={"all": "1"})
    check(reply.status == 403, f"a POST without a session is refused ({reply.status})")
    headers_ok(reply, "a refusal")
    for asset, kind in [("/ops/ops.css", "text/css"), ("/ops/ops.js", "text/javascript")]:
        reply, _ = anonymous.request("GET", asset)
        check(reply.status == 200 and (reply.getheader("Content-Type") or "").startswith(kind), f"{asset} is served as {kind}")

    # Sign-in: the form's token is needed, wrong passwords and unknown users get the same answer.
    reply, _ = anonymous.request("POST", "/ops/login", form={"user": "opsadmin", "password": "x"})
    check(reply.status == 403, f"a sign-in without the form's token is refused ({reply.status})")
    name = os.environ["OPS_ADMIN"].split(":")[0]
    wrong, wrong_text = Client().sign_in(f"{name}:not-the-password")
    unknown, unknown_text = Client().sign_in("nobody-here:not-the-password")
    check(wrong.status == unknown.status == 401 and "Wrong user name or password." in wrong_text and "Wrong user name or password." in unknown_text,
          f"a wrong password and an unknown user get the same answer ({wrong.status}, {unknown.status})")
    headers_ok(wrong, "the sign-in form")
    check('value="nobody-here"' in unknown_text, "... the name is kept in the form, escaped")
    hostile_name, hostile_text = Client().sign_in('"><script>alert(1)</script>:x')
    check("<script>alert(1)</script>" not in hostile_text, f"a hostile user name is not echoed as markup ({hostile_name.status})")

    # Where sign-in may send the browser: only to these pages.
    for target in ["https://evil.example/", "//evil.example/ops/", "/ops/\\evil", "/elsewhere", "/ops/\r\nSet-Cookie: x=1"]:
        client = Client()
        reply, _ = client.sign_in(os.environ["OPS_ADMIN"], next_path=target)
        check(reply.status == 303 and reply.getheader("Location") == "/ops/", f"next={target!r} goes to /ops/ ({reply.getheader('Location')})")
    admin = Client()
    reply, _ = admin.sign_in(os.environ["OPS_ADMIN"], next_path="/ops/outbox")
    check(reply.getheader("Location") == "/ops/outbox", "next=/ops/outbox is followed")
    cookie = next((h for h in reply.headers.get_all("Set-Cookie") if h.startswith("cmsched_ops=")), "")
    check(all(part in cookie for part in ["HttpOnly", "Secure", "SameSite=Strict", "Max-Age=", "Path=/ops"]),
          f"the session cookie is HttpOnly, Secure, SameSite=Strict and expires ({cookie[:20]}…{cookie[-60:]})")

    # Pages, and input they refuse.
    for path in ["/ops/", "/ops/agenda", "/ops/outbox", "/ops/cleanup", f"/ops/meetings/{os.environ['OPS_MEETING']}"]:
        reply, text = admin.request("GET", path)
        check(reply.status == 200 and text.startswith("<!DOCTYPE html>"), f"{path}: 200 ({reply.status})")
        headers_ok(reply, path)
    reply, text = admin.request("GET", f"/ops/meetings/{os.environ['OPS_API_MEETING']}")
    history = re.search(r'id="history-h".*?</table>', text, re.S)
    check(history is not None and "HTTPS API" in history.group(0) and "portal" in history.group(0),
          "a meeting booked over the HTTPS API: its history names the path and the API user")
    reply, text = admin.request("GET", f"/ops/meetings/{os.environ['OPS_C2W_MEETING']}")
    history = re.search(r'id="history-h".*?</table>', text, re.S)
    check(history is not None and "web app (C2W)" in history.group(0) and "saiacano@s.com" in history.group(0),
          "a meeting booked in the web app: its history names C2W and the web app user")
    reply, text = admin.request("GET", f"/ops/meetings/{os.environ['OPS_MEETING']}")
    history = re.search(r'id="history-h".*?</table>', text, re.S)
    check(history is not None and "command line" in history.group(0), "one booked on the command line says so")
    reply, text = admin.request("GET", "/ops/live")
    check(reply.status == 200 and re.fullmatch(r"[0-9a-f]{16}", json.loads(text).get("version", "")), f"/ops/live: a version ({text})")
    for path, status in [("/ops/agenda?tz=Mars/Olympus", 400), ("/ops/agenda?week=next", 400), ("/ops/agenda?week=9999-12-31", 400), ("/ops/meetings/no-such-meeting", 404),
                         ("/ops/agenda?tz=%3Cscript%3E", 400)]:
        reply, text = admin.request("GET", path)
        check(reply.status == status and "<script>" not in text, f"{path}: {status}, escaped ({reply.status})")
        headers_ok(reply, path)
    reply, text = admin.request("DELETE", "/ops/outbox")
    check(reply.status == 405 and reply.getheader("Allow") == "GET", f"DELETE /ops/outbox: 405 with Allow ({reply.status} {reply.getheader('Allow')})")
    check(text.startswith("<!DOCTYPE html>"), "DELETE /ops/outbox is answered as a page")
    headers_ok(reply, "DELETE /ops/outbox")
    for client, who in [(admin, "signed in"), (Client(), "not signed in")]:
        reply, text = client.request("GET", "/ops/no-such-page/<script>")
        check(reply.status == 404 and text.startswith("<!DOCTYPE html>") and "<script>" not in text,
              f"an unknown page ({who}): 404 as a page ({reply.status})")
        headers_ok(reply, f"an unknown page ({who})")
    reply, text = admin.request("GET", "/api/v1/no-such-path")
    check(reply.status == 404 and json.loads(text).get("error", {}).get("code") == "notFound", f"an unknown API path is still the API's JSON ({reply.status} {text[:80]})")
    reply, text = admin.request("GET", "/ops/agenda?tz=America/New_York")
    zone = next((h for h in reply.headers.get_all("Set-Cookie") or [] if h.startswith("cmsched_tz=")), "")
    check("America/New_York" in zone and "SameSite=Strict" in zone, f"a chosen zone is remembered ({zone})")
    reply, _ = admin.request("POST", "/ops/outbox/retry", raw="x" * 20_000, headers={"Content-Type": "application/x-www-form-urlencoded"})
    check(reply.status == 413, f"a form over 16 KiB is refused ({reply.status})")
    token = re.search(r'name="csrf" value="([0-9a-f]+)"', admin.request("GET", "/ops/outbox")[1]).group(1)
    reply, _ = admin.request("POST", "/ops/outbox/retry", form={"csrf": token[:-1] + ("0" if token[-1] != "0" else "1"), "all": "1"})
    check(reply.status == 403, f"a wrong CSRF token is refused ({reply.status})")
    reply, _ = admin.request("POST", "/ops/outbox/retry", raw=json.dumps({"csrf": token, "all": "1"}), headers={"Content-Type": "application/json"})
    check(reply.status in (403, 415), f"a JSON body is no form ({reply.status})")

    # The role is read from the store at each request: a user made viewer loses the retry at once,
    # and a removed user's session ends.
    reply, _ = admin.request("POST", "/ops/outbox/retry", form={"csrf": token, "all": "1"})
    check(reply.status == 303, f"the admin may retry ({reply.status})")
    cli = os.environ["OPS_CLI"]
    password = os.environ["OPS_ADMIN"].split(":", 1)[1]
    demoted = subprocess.run(f"printf '%s\\n' '{password}' | {cli} user add {name} --role viewer", shell=True, capture_output=True, text=True)
    check(demoted.returncode == 0, f"the admin is made a viewer ({demoted.stderr.strip()})")
    reply, _ = admin.request("POST", "/ops/outbox/retry", form={"csrf": token, "all": "1"})
    check(reply.status == 403, f"... and may no longer retry in the same session ({reply.status})")
    subprocess.run(f"printf '%s\\n' '{password}' | {cli} user add {name} --role admin", shell=True, check=True, capture_output=True)
    viewer = Client()
    viewer.sign_in(os.environ["OPS_VIEWER"])
    subprocess.run(f"{cli} user remove {os.environ['OPS_VIEWER'].split(':')[0]}", shell=True, check=True, capture_output=True)
    reply, _ = viewer.request("GET", "/ops/")
    check(reply.status == 303 and (reply.getheader("Location") or "").startswith("/ops/login"), f"a removed user's session ends ({reply.status})")

    # Sign-out ends the session: the old cookie is worth nothing after.
    old = dict(admin.cookies)
    logout_token = re.search(r'name="csrf" value="([0-9a-f]+)"', admin.request("GET", "/ops/")[1]).group(1)
    reply, _ = admin.request("POST", "/ops/logout", form={"csrf": logout_token})
    check(reply.status == 303, f"sign-out ({reply.status})")
    stale = Client()
    stale.cookies = old
    reply, _ = stale.request("GET", "/ops/")
    check(reply.status == 303, f"the signed-out session's cookie no longer signs in ({reply.status})")
    return verdict()


if __name__ == "__main__":
    sys.exit(main())
