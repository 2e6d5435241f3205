#!/usr/bin/env python3
"""The operations pages in a real browser: Debian's chromium through chromium-driver, driven by
Selenium (ops_driver.py: explicit driver and browser paths, nothing fetched, the test's own CA
trusted: TLS verification stays on), against a live `cmsched serve` and cms-sim that
OpsPageBrowserTests (Swift) started.

Input (environment): OPS_BASE (https://127.0.0.1:PORT), OPS_CA, OPS_OUT (screenshots),
OPS_ADMIN / OPS_VIEWER ("name:password"), OPS_SIM (the simulator's base URL), OPS_SIM_USER,
OPS_SIM_PASSWORD, OPS_BRIDGE (the id of a Web Bridge to stop and start), OPS_WEEK (a Monday),
OPS_MEETING (the id of a weekly meeting at 10:00 Europe/Berlin on Tuesdays; OPS_TUESDAY, that
week's), OPS_CANCELLED (the date, in that week, of a cancelled occurrence), OPS_HOSTILE (the id
of the meeting named <script>alert(1)</script>), OPS_DEMO_WEEK (the Monday of
examples/meetings.csv's week) and OPS_DEMO_JSON (that week as `meeting list --expand --format
json` lists it). Exits 0 when every check passes; each failure is printed.
"""
import base64
import json
import os
import ssl
import sys
import time
import urllib.request
from datetime import datetime
from zoneinfo import ZoneInfo

from checks import check, verdict
from ops_driver import browser, sign_in

from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.by import By
from axe_selenium_python import Axe

BASE = os.environ["OPS_BASE"]
OUT = os.environ["OPS_OUT"]


def wait_for(predicate, seconds, step=0.1):
    """Polls predicate until it is true or `seconds` pass; returns its last value."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            value = predicate()
        except Exception:  # the page may be mid-update
            value = False
        if value or time.monotonic() > deadline:
            return value
        time.sleep(step)


def simulator(method, path):
    context = ssl.create_default_context(cafile=os.environ["OPS_CA"])
    request = urllib.request.Request(os.environ["OPS_SIM"] + "/_sim" + path, method=method, data=b"" if method == "POST" else None)
    token = base64.b64encode(f'{os.environ["OPS_SIM_USER"]}:{os.environ["OPS_SIM_PASSWORD"]}'.encode()).decode()
    request.add_header("Authorization", "Basic " + token)
    with urllib.request.urlopen(request, context=context, timeout=10) as reply:
        return reply.status


def sign_out(driver):
    driver.find_element(By.CSS_SELECTOR, "form.signout button").click()
    wait_for(lambda: "/ops/login" in driver.current_url, 10)


def link_states(driver):
    return [cell.text for cell in driver.find_elements(By.CSS_SELECTOR, "#links tbody tr td:nth-child(2)")]


def accessible(driver, page):
    axe = Axe(driver)
    axe.inject()
    results = axe.run()
    serious = [v for v in results["violations"] if v.get("impact") in ("serious", "critical")]
    for violation in serious:
        print(f"     {page}: {violation['id']} ({violation['impact']}): {violation['help']}", flush=True)
    check(not serious, f"{page}: no serious or critical accessibility violation (axe-core)")


def shot(driver, name):
    driver.save_screenshot(os.path.join(OUT, name + ".png"))


def post(driver, path, fields):
    """A POST from the page's own origin (fetch, with the session cookie): the status."""
    return driver.execute_async_script(
        """
        const [path, fields, done] = arguments;
        fetch(path, {method: "POST", credentials: "same-origin", redirect: "manual",
                     headers: {"Content-Type": "application/x-www-form-urlencoded"},
                     body: new URLSearchParams(fields).toString()})
          .then(reply => done(reply.status)).catch(error => done(String(error)));
        """, path, fields)


def main():
    driver = browser(os.environ["OPS_CA"])
    try:
        # Signed out, a page sends to the sign-in form, which is accessible.
        driver.get(BASE + "/ops/")
        check("/ops/login" in driver.current_url, "a page asked for signed out goes to the sign-in form")
        accessible(driver, "sign-in")
        shot(driver, "sign-in")

        check(sign_in(driver, BASE, os.environ["OPS_ADMIN"]), "the admin signs in")
        check(wait_for(lambda: link_states(driver) == ["UP"] * 3, 10), f"the overview shows 3 links UP: {link_states(driver)}")
        accessible(driver, "overview")
        shot(driver, "overview")

        # A Web Bridge stopped: DOWN on the page within 5 s, without a reload; UP again after it starts.
        driver.execute_script("window.notReloaded = true")
        check(simulator("POST", f"/webBridges/{os.environ['OPS_BRIDGE']}/stop") == 200, "the simulator stops a Web Bridge")
        started = time.monotonic()
        down = wait_for(lambda: "DOWN" in link_states(driver), 5)
        check(down, f"the stopped Web Bridge shows DOWN within 5 s ({time.monotonic() - started:.1f} s): {link_states(driver)}")
        check(driver.execute_script("return window.notReloaded === true"), "... without a reload")
        shot(driver, "overview-link-down")
        check(simulator("POST", f"/webBridges/{os.environ['OPS_BRIDGE']}/start") == 200, "the simulator starts it again")
        check(wait_for(lambda: link_states(driver) == ["UP"] * 3, 30), f"it shows UP again: {link_states(driver)}")
        check(driver.execute_script("return window.notReloaded === true"), "... still without a reload")

        # The agenda of the demo week in two viewer zones: the same meeting at its real hour in each.
        week, meeting, cancelled = os.environ["OPS_WEEK"], os.environ["OPS_MEETING"], os.environ["OPS_CANCELLED"]
        tuesday = os.environ["OPS_TUESDAY"]
        for zone, hour in [("Europe/Berlin", "10:00"), ("America/New_York", "04:00")]:
            driver.get(f"{BASE}/ops/agenda?week={week}&tz={zone}")
            blocks = driver.find_elements(By.CSS_SELECTOR, f'section.day li.block a[href="/ops/meetings/{meeting}"]')
            placed = [(b.find_element(By.XPATH, "ancestor::section").get_attribute("aria-labelledby"), b.text) for b in blocks]
            live = [p for p in placed if "cancelled" not in p[1]]
            check(len(live) == 1 and live[0][1].startswith(hour), f"in {zone} the Tuesday meeting is at {hour}: {placed}")
            check(bool(live) and live[0][0] == "day-" + tuesday, f"... on Tuesday {tuesday}")
            tops = driver.execute_script(
                "return [...document.querySelectorAll('li.block a[href=\"/ops/meetings/' + arguments[0] + '\"]')]"
                ".map(a => a.parentElement.getBoundingClientRect().top - a.closest('ol').getBoundingClientRect().top)", meeting)
            expected = int(hour[:2]) * 40
            check(any(abs(top - expected) < 2 for top in tops), f"... drawn at its hour's row ({expected}px): {tops}")
            if zone == "Europe/Berlin":
                accessible(driver, "agenda")
                shot(driver, "agenda-berlin")
            else:
                shot(driver, "agenda-new-york")
        # The cancelled occurrence is struck through (and says so in words).
        struck = driver.find_elements(By.CSS_SELECTOR, f'section[aria-labelledby="day-{cancelled}"] li.block.cancelled del')
        check(bool(struck), f"the cancelled occurrence on {cancelled} is struck through")
        if struck:
            style = driver.execute_script("return getComputedStyle(arguments[0]).textDecorationLine", struck[0])
            check("line-through" in style, f"... drawn with a line through it ({style})")
            check("cancelled" in struck[0].find_element(By.XPATH, "ancestor::li").text, "... and named cancelled in words")

        # A meeting named <script>alert(1)</script> is text, never markup.
        hostile = os.environ["OPS_HOSTILE"]
        driver.get(f"{BASE}/ops/meetings/{hostile}")
        check(driver.find_element(By.TAG_NAME, "h1").text == "<script>alert(1)</script>", "a hostile name shows as text")
        try:
            driver.switch_to.alert
            check(False, "no script of the name ran (an alert opened)")
        except NoAlertPresentException:
            check(True, "no script of the name ran")
        check(driver.execute_script("return document.querySelectorAll('main script').length") == 0, "... and no script element was made")
        driver.get(f"{BASE}/ops/meetings/{meeting}")
        check("every week on Tuesday" in driver.find_element(By.TAG_NAME, "main").text, "a meeting's repeat rule in words")
        accessible(driver, "meeting")
        shot(driver, "meeting")

        # A dead letter retried from the page leaves the dead state.
        driver.get(BASE + "/ops/outbox")
        dead = driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='dead'] tbody tr button")
        check(bool(dead), "the outbox shows a dead message with a Retry button to the admin")
        accessible(driver, "outbox")
        shot(driver, "outbox-dead")
        check(post(driver, "/ops/outbox/retry", {"all": "1"}) == 403, "a POST without the CSRF token is refused (403)")
        if dead:
            row_id = dead[0].find_element(By.XPATH, "ancestor::tr/td[1]").text
            dead[0].click()
            wait_for(lambda: "requeued=" in driver.current_url, 10)
            ids = [c.text for c in driver.find_elements(By.CSS_SELECTOR, "section[aria-labelledby='dead'] tbody tr td:first-child")]
            check(row_id not in ids, f"message {row_id} left the dead state ({ids})")
            shot(driver, "outbox-retried")

        driver.get(BASE + "/ops/cleanup")
        check(driver.find_element(By.TAG_NAME, "h1").text == "Cleanup", "the cleanup page")
        accessible(driver, "cleanup")
        shot(driver, "cleanup")
        sign_out(driver)

        # A viewer sees, but may not retry: no button, and a forged POST with their own token is 403.
        check(sign_in(driver, BASE, os.environ["OPS_VIEWER"]), "a viewer signs in")
        driver.get(BASE + "/ops/outbox")
        check(not driver.find_elements(By.CSS_SELECTOR, "form[action='/ops/outbox/retry']"), "a viewer sees no Retry")
        token = driver.find_element(By.CSS_SELECTOR, "form.signout input[name=csrf]").get_attribute("value")
        check(post(driver, "/ops/outbox/retry", {"all": "1", "csrf": token}) == 403, "a viewer's forged retry is refused (403)")
        shot(driver, "outbox-viewer")
    finally:
        driver.quit()
    return verdict()


if __name__ == "__main__":
    sys.exit(main())
