#!/usr/bin/env python3
"""`make demo`: a screenshot of serve's operations overview, signed in, with headless chromium
(Tests/peers/ops_driver.py: explicit driver paths, nothing fetched, the demo's CA trusted).

usage: scripts/demo-ops-shot.py BASE_URL CA_FILE USER:PASSWORD OUT.png
"""
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "peers"))
from ops_driver import browser, sign_in  # noqa: E402

base, ca, credentials, out = sys.argv[1:5]
driver = browser(ca)
try:
    if not sign_in(driver, base, credentials):
        sys.exit("demo-ops-shot: could not sign in")
    time.sleep(0.5)
    driver.save_screenshot(out)
finally:
    driver.quit()
