"""Fixtures for the browser test: one JupyterLab server and one Chromium for the session.

Run by ``make test-browser`` (not by ``make test``): it needs Debian's chromium at
``$CHROMIUM`` (default ``/usr/bin/chromium``) and the ``playwright`` package, which
drives that browser through ``executable_path`` and never downloads one.
"""

from __future__ import annotations

import os

import pytest
from lab_server import CHROMIUM, CHROMIUM_ARGS, WATCH_PROGRESS, jupyterlab, shutdown_kernels


@pytest.fixture(scope="session")
def lab(tmp_path_factory):
    with jupyterlab(tmp_path_factory.mktemp("lab")) as server:
        yield server


@pytest.fixture(scope="session")
def browser():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"no Chromium at {CHROMIUM}: sudo apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, lab):
    """A fresh browser page that records whether a progress bar was ever drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.add_init_script(WATCH_PROGRESS)
    yield page
    context.close()
    shutdown_kernels(lab)
