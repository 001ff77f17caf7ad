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
    return _run(browser, profile, ["--dump-dom"], page.resolve().as_uri() + fragment)


def screenshot(browser: str, page: pathlib.Path, fragment: str, out: pathlib.Path,
               profile: pathlib.Path, size: str = "1500,950") -> None:
    _run(browser, profile, [f"--screenshot={out}", f"--window-size={size}"],
         page.resolve().as_uri() + fragment)
