"""Headless Chromium for the tests that need a real browser: the Flask
example driven end to end, and the rendered documentation.

Debian's ``chromium`` and ``chromium-driver`` packages, driven by selenium
(``pip install -e ".[dev]"``). Without them the tests skip with a reason,
except in CI (``CI=true``), which installs the browser (see ``.ci/run``):
there a missing browser fails the test. A venv without the dev extra (CI's
Python 3.9 run of the wheel) has no selenium: its browser tests skip, and
tests/test_project.py checks that the dev extra brings selenium.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Where screenshots go (CI keeps them as artefacts).
SCREENSHOTS = Path(os.environ.get("RAUTH_SCREENSHOTS") or ROOT / "build" / "screenshots")
#: The widths pages are checked at: a laptop and a phone (iPhone 12 to 15).
WIDTHS = {"desktop": (1280, 800, False), "phone": (390, 844, True)}
#: Seconds a page may take to load or an element to appear.
PAGE_TIMEOUT = 20

_BROWSERS = ("chromium", "chromium-browser", "google-chrome")
_DRIVERS = ("chromedriver", "chromium-driver")


def _which(names: tuple[str, ...]) -> str | None:
    return next((found for name in names if (found := shutil.which(name))), None)


def _missing_browser() -> str | None:
    """Why no browser can run here, or ``None``."""
    if _which(_BROWSERS) is None or _which(_DRIVERS) is None:
        return (
            "chromium and chromedriver are not installed (apt-get install chromium chromium-driver)"
        )
    return None


def require_browser() -> None:
    """Skip the test when no browser can run, or fail it in CI."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        pytest.skip(
            'selenium is not installed: this venv lacks the dev extra (pip install -e ".[dev]")'
        )
    reason = _missing_browser()
    if reason is None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI must run the browser checks: {reason}")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium, driven by selenium; quits on the way out."""
    require_browser()
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = _which(_BROWSERS) or ""
    for argument in (
        "--headless=new",
        "--no-sandbox",  # CI runs as root in a container
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--disable-extensions",
        "--window-size=1280,800",
    ):
        options.add_argument(argument)
    driver = webdriver.Chrome(options=options, service=Service(_which(_DRIVERS)))
    driver.set_page_load_timeout(PAGE_TIMEOUT)
    try:
        yield driver
    finally:
        driver.quit()


def set_width(driver: Any, width_name: str) -> None:
    """Emulate a viewport of the named width (see :data:`WIDTHS`)."""
    width, height, mobile = WIDTHS[width_name]
    metrics = {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)


def screenshot(driver: Any, name: str) -> Path:
    """Save a full-page screenshot as ``SCREENSHOTS/<name>.png``."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    # capture the whole page, not only the first screenful
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": min(height, 16000),
            "deviceScaleFactor": 1,
            "mobile": width < 600,
        },
    )
    path.write_bytes(driver.get_screenshot_as_png())
    return path
