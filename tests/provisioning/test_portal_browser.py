"""The captive portal in headless Chromium (Selenium + chromedriver) against the dbusmock NM."""

from __future__ import annotations

import asyncio
import json
import shutil
from pathlib import Path

import pytest

from provisioning.state import State

from .conftest import wait_state
from .test_networking import GOOD_PSK, WPA2

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=420,1100",  # a phone-sized page
]
EVIL_SSID = "<script>window.pwned=1</script>"  # 31 bytes: a legal SSID
EVIL_IMG = "<img src=x onerror=pwned=2>"


def _browser_tools() -> tuple[str, str]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if chromium is None or driver is None:
        pytest.skip("needs Chromium and chromedriver (Debian packages 'chromium' and 'chromium-driver')")
    pytest.importorskip("selenium", reason="needs selenium from PyPI")
    return chromium, driver


def _wait_for(driver, element_id: str, timeout_s: float = 60.0):  # noqa: ANN001, ANN202 - selenium types
    """The element once the page that has it is there (a form post navigates; under load, slowly)."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout_s, poll_frequency=0.1).until(lambda d: d.find_element(By.ID, element_id))


def _browse(url: str, chromium: str, chromedriver: str, artifacts: Path, creds: str) -> dict:
    """Drive the portal like a user; returns what it saw. Runs in a thread (Selenium blocks)."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    opts = webdriver.ChromeOptions()
    opts.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        opts.add_argument(flag)
    opts.add_argument(f"--user-data-dir={artifacts / 'chromium-profile'}")
    service = Service(chromedriver, log_output=str(artifacts / "chromedriver.log"))
    driver = webdriver.Chrome(options=opts, service=service)
    seen: dict = {}
    try:
        driver.get(url)
        rows = driver.find_elements(By.CSS_SELECTOR, "li.network")
        seen["networks"] = [
            (
                r.find_element(By.CSS_SELECTOR, ".ssid").text,
                r.find_element(By.CSS_SELECTOR, ".security").text,
                r.find_element(By.CSS_SELECTOR, ".signal").text,
            )
            for r in rows
        ]
        seen["pwned"] = driver.execute_script("return window.pwned === undefined ? null : window.pwned")
        seen["scripts"] = len(driver.find_elements(By.TAG_NAME, "script"))
        seen["imgs"] = len(driver.find_elements(By.TAG_NAME, "img"))
        driver.save_screenshot(str(artifacts / "portal-networks.png"))

        # Wrong password first: progress, then the error once the hotspot is back.
        driver.find_element(By.CSS_SELECTOR, 'input[name=ssid][value="HomeNet"]').click()
        driver.find_element(By.ID, "password").send_keys("not the password")
        driver.find_element(By.ID, "viamconfig").send_keys(creds)
        driver.find_element(By.ID, "connect").click()
        seen["notice"] = _wait_for(driver, "notice").text
        WebDriverWait(driver, 60, poll_frequency=0.1).until(  # generous: a loaded 2-core machine
            lambda d: d.find_element(By.ID, "last-error").is_displayed()
        )
        seen["error"] = driver.find_element(By.ID, "last-error").text
        driver.save_screenshot(str(artifacts / "portal-error.png"))

        # Then the right one: the credentials are saved now, so the paste field is gone.
        driver.get(url)
        seen["credentials_field_after"] = len(driver.find_elements(By.ID, "credentials"))
        seen["error_after_reload"] = driver.find_element(By.ID, "last-error").text
        driver.find_element(By.CSS_SELECTOR, 'input[name=ssid][value="HomeNet"]').click()
        driver.find_element(By.ID, "password").send_keys(GOOD_PSK)
        driver.find_element(By.ID, "connect").click()
        seen["notice2"] = _wait_for(driver, "notice").text
        seen["status2"] = driver.find_element(By.ID, "status").text
        driver.save_screenshot(str(artifacts / "portal-connecting.png"))
    finally:
        driver.quit()
        if service.process is not None and service.process.poll() is None:
            service.process.kill()
    return seen


async def test_portal_in_headless_chromium(harness, nm_mock, tmp_path):
    chromium, chromedriver = _browser_tools()
    await nm_mock.add_wifi()
    await nm_mock.add_ap("ap1", "HomeNet", 70, WPA2)
    await nm_mock.add_ap("ap2", EVIL_SSID, 90, 0)
    await nm_mock.add_ap("ap3", EVIL_IMG, 20, WPA2)
    await nm_mock.add_ap("ap4", "Cafe", 40, 0)
    await nm_mock.script_networks({"HomeNet": GOOD_PSK})
    await nm_mock.set_online(False)
    sub = await harness.start(connect_timeout_seconds=2)
    await wait_state(sub, State.HOTSPOT, timeout_s=60)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()
    creds = json.dumps({"cloud": {"id": "part-9", "secret": "pw", "app_address": "https://app.viam.com:443"}})
    url = f"http://127.0.0.1:{sub.portal.port}/hotspot-detect.html"  # Apple's captive probe path

    seen = await asyncio.to_thread(_browse, url, chromium, chromedriver, artifacts, creds)

    assert seen["networks"] == [
        (EVIL_SSID, "open", "90%"),
        ("HomeNet", "WPA2", "70%"),
        ("Cafe", "open", "40%"),
        (EVIL_IMG, "WPA2", "20%"),
    ]
    assert seen["pwned"] is None  # the SSIDs rendered as text, nothing ran
    assert seen["scripts"] == 1 and seen["imgs"] == 0
    assert "Connecting to HomeNet" in seen["notice"]
    assert "wrong password" in seen["error"] and "HomeNet" in seen["error"]
    assert seen["credentials_field_after"] == 0
    assert "wrong password" in seen["error_after_reload"]
    assert "Connecting to HomeNet" in seen["notice2"]
    assert "HomeNet" in seen["status2"]
    await wait_state(sub, State.ONLINE, timeout_s=60)
    assert harness.credential_calls == 1
    for shot in ("portal-networks.png", "portal-error.png", "portal-connecting.png"):
        assert (artifacts / shot).stat().st_size > 1000
