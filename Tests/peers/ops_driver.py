"""Debian's chromium through chromium-driver with Selenium, as the operations pages' tests and the
demo's screenshot use it: explicit driver and browser paths, and SE_OFFLINE / SE_AVOID_STATS so
Selenium Manager never fetches a driver or sends statistics. The browser trusts a given CA through
an NSS database in a throwaway HOME (certutil): TLS verification stays on."""
import os
import subprocess
import tempfile
import time

os.environ["SE_OFFLINE"] = "true"
os.environ["SE_AVOID_STATS"] = "true"
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def browser(ca_file):
    """A headless chromium that trusts `ca_file`, 1400×1000."""
    home = tempfile.mkdtemp(prefix="ops-browser-")
    nssdb = os.path.join(home, ".pki", "nssdb")
    os.makedirs(nssdb)
    subprocess.run(["certutil", "-d", "sql:" + nssdb, "-N", "--empty-password"], check=True)
    subprocess.run(["certutil", "-d", "sql:" + nssdb, "-A", "-t", "C,,", "-n", "cmsched-test-ca", "-i", ca_file], check=True)
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000",
                     "--no-first-run", "--disable-background-networking", "--disable-component-update", f"--user-data-dir={home}/profile"]:
        options.add_argument(argument)
    service = Service(executable_path=CHROMEDRIVER, env={**os.environ, "HOME": home})
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(30)
    return driver


def sign_in(driver, base, credentials):
    """Signs in through the form with `name:password`; true once the overview shows."""
    name, password = credentials.split(":", 1)
    driver.get(base + "/ops/login")
    driver.find_element(By.ID, "user").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "form.login button").click()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            if driver.find_element(By.TAG_NAME, "h1").text == "Overview":
                return True
        except Exception:  # the page is loading
            pass
        time.sleep(0.1)
    return False
