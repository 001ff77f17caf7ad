"""Headless Chromium for the viewer's tests: the page's DOM after its script ran, or a
screenshot. Offline and isolated: no sandbox (root in CI), no GPU, no background network, a
fresh profile per run."""
from __future__ import annotations

import pathlib
import shutil
import subprocess

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    return next((path for path in map(shutil.which, BROWSERS) if path), None)


def _run(browser: str, profile: pathlib.Path, args: list[str], url: str) -> str:
    cmd = [browser, "--headless", "--no-sandbox", "--disable-gpu",
           "--disable-background-networking", "--disable-component-update", "--disable-sync",
           "--no-first-run", "--hide-scrollbars", f"--user-data-dir={profile}", *args, url]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{browser} failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(browser: str, page: pathlib.Path, fragment: str, profile: pathlib.Path) -> str:
    return _run(browser, profile, ["--dump-dom"], page_url(page, fragment))


def page_url(page: pathlib.Path, fragment: str = "") -> str:
    return page.resolve().as_uri() + fragment


def screenshot(browser: str, url: str, out: pathlib.Path, profile: pathlib.Path,
               size: str = "1500,950", wait_ms: int = 0) -> None:
    """A picture of `url`, taken after `wait_ms` of the page's own time."""
    wait = [f"--virtual-time-budget={wait_ms}"] if wait_ms else []
    _run(browser, profile, [f"--screenshot={out}", f"--window-size={size}", *wait], url)
