"""The SQLite export as a colleague sees it: Datasette serving it, read in a real browser (Debian's
headless Chromium, driven through chromedriver's WebDriver protocol)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

BROWSER, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
SCREEN = (1280, 900)  # a laptop's browser window: what "the first screen" means below

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        BROWSER is None or DRIVER is None,
        reason="Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)",
    ),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"{process.args} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer in {seconds} s")


def started(args: list[str], ready: str, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        process = subprocess.Popen(args, stdout=output, stderr=subprocess.STDOUT)
    wait_for(ready, process)
    return process


def stopped(process: subprocess.Popen[bytes]) -> None:
    """Stop a server this test started, by its pid."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Browser:
    """A WebDriver session: open a page, run a script in it."""

    def __init__(self, driver: str) -> None:
        self.driver = driver
        self.session = ""

    def call(self, method: str, path: str, body: dict[str, Any] | None = None) -> Any:
        request = urllib.request.Request(
            self.driver + path,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json"},
            method=method,
        )
        with urllib.request.urlopen(request, timeout=120) as response:
            return json.loads(response.read())["value"]

    def open(self, url: str) -> None:
        self.call("POST", f"/session/{self.session}/url", {"url": url})

    def run(self, script: str) -> Any:
        return self.call("POST", f"/session/{self.session}/execute/sync", {"script": script, "args": []})


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`xining export` served by `datasette` on 127.0.0.1 at a free port, as the README says to."""
    folder = tmp_path_factory.mktemp("served")
    db = folder / "xining.db"
    # Module-scoped, so before the per-test isolation: the export gets its own cache and the shipped base.
    env = {**os.environ, "XINING_CACHE_DIR": str(folder / "cache")}
    env.pop("XINING_BASE", None)
    subprocess.run([sys.executable, "-m", "xining", "export", str(db)], check=True, capture_output=True, env=env)
    port = free_port()
    server = started(
        [sys.executable, "-m", "datasette", str(db), "-m", str(folder / "xining.metadata.json"),
         "-h", "127.0.0.1", "-p", str(port)],
        f"http://127.0.0.1:{port}/-/versions.json", folder / "datasette.log",
    )  # fmt: skip
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stopped(server)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    folder = tmp_path_factory.mktemp("browser")
    port = free_port()
    driver = started([str(DRIVER), f"--port={port}"], f"http://127.0.0.1:{port}/status", folder / "driver.log")
    session = Browser(f"http://127.0.0.1:{port}")
    try:
        flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 f"--user-data-dir={folder / 'profile'}", f"--window-size={SCREEN[0]},{SCREEN[1]}"]  # fmt: skip
        options = {"binary": BROWSER, "args": flags}
        created = session.call("POST", "/session", {"capabilities": {"alwaysMatch": {"goog:chromeOptions": options}}})
        session.session = created["sessionId"]
        yield session
        session.call("DELETE", f"/session/{session.session}")
    finally:
        stopped(driver)


ROWS = "document.querySelectorAll('table.rows-and-columns tbody tr')"


LINKS = "return [...document.querySelectorAll('p a[href^=\"/xining/\"]')].map(a => a.textContent)"


def test_the_home_page_links_the_facts_table_first(served: str, browser: Browser) -> None:
    browser.open(served + "/")
    links = browser.run(LINKS)
    if "rows in" in browser.run("return document.body.innerText"):  # Datasette counted every table in time
        assert links[0] == "facts"
    assert "facts" in links[:5]  # before Datasette's "…" either way
    assert "columns" not in links  # the descriptions' table is hidden


def test_a_busy_datasette_still_links_the_facts_table(served: str, browser: Browser) -> None:
    # What Datasette falls back to when a count overruns its 10 ms: tables ordered by their number of keys.
    browser.open(served + "/?_sort=relationships")
    links = browser.run(LINKS)
    assert "facts" in links[:5] and "columns" not in links


def test_a_relation_links_to_its_fact(served: str, browser: Browser) -> None:
    browser.open(served + "/xining/relations")
    hrefs = browser.run("return [...document.querySelectorAll('td.col-fact a')].map(a => a.getAttribute('href'))")
    assert hrefs and all(href.startswith("/xining/facts/") for href in hrefs)


def test_the_facts_table_shows_rows_on_the_first_screen(served: str, browser: Browser) -> None:
    browser.open(served + "/xining/facts")
    assert browser.run(f"return {ROWS}.length") == 100  # Datasette's page of rows
    first = browser.run(f"return {ROWS}[0].getBoundingClientRect().top")
    assert 0 < first < browser.run("return window.innerHeight") - 50  # its first lines, at least
    heights = browser.run(f"return [...{ROWS}].map(row => row.getBoundingClientRect().height)")
    assert max(heights) < browser.run("return window.innerHeight") / 3  # a row is a few lines, not a screen
    headers = browser.run(
        "return [...document.querySelectorAll('table.rows-and-columns th')].map(h => h.dataset.column)"
    )
    assert headers[:7] == ["id", "label_zh", "label_en", "figure", "period", "source", "quote"]
    facets = browser.run("return [...document.querySelectorAll('.facet-info')].map(f => f.dataset.column)")
    assert sorted(facets) == ["source", "topic", "year"]  # Datasette orders them by how many values they have
    assert browser.run("return document.body.innerText").count("What each of the 12 columns holds") == 1


def test_search_narrows_the_facts_table(served: str, browser: Browser) -> None:
    browser.open(served + "/xining/facts?_search=" + quote("碳达峰"))
    ids = browser.run(f"return [...{ROWS}].map(row => row.querySelector('td.col-id').innerText.trim())")
    assert ids == sorted(ids) and len(ids) == 5 and "carbon-peaking-pilot" in ids
    assert '5 rows where search matches "碳达峰"' in browser.run("return document.body.innerText")
