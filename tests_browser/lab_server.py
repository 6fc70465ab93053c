"""A JupyterLab server on 127.0.0.1 and the few things a reader does in it, for playwright.

The server runs on a free port with a random token and its own runtime, config,
settings and workspace folders (nothing of the user's is read or written), on copies of
the notebooks in a temporary folder (JupyterLab's autosave never touches the committed
ones); figures and the corpus cache go to that folder too.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import corpus_utils
from corpus_utils import notebook_runner

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# one code cell's prompt once it has run: "[12]:"; "[*]:" while it runs, "[ ]:" before
RAN = re.compile(r"^\[\d+\]:$")
PROGRESS = ".jp-OutputArea-output .widget-hprogress, .jp-OutputArea-output .widget-progress"
# set on the page before JupyterLab loads: remembers whether a progress bar was ever drawn
WATCH_PROGRESS = (
    "window.__sawProgress = false;"
    "new MutationObserver(() => {"
    f"  if (document.querySelector({json.dumps(PROGRESS)})) window.__sawProgress = true;"
    "}).observe(document, {subtree: true, childList: true});"
)


@dataclass(frozen=True)
class Lab:
    """A running JupyterLab: its URL, token and the folder it serves."""

    url: str
    token: str
    root: Path

    def notebook_url(self, name: str) -> str:
        return f"{self.url}/lab/tree/{name}?token={self.token}&reset"


def free_port() -> int:
    """A TCP port nothing listens on at 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _settings(root: Path) -> dict[str, str]:
    """Folders and settings of this server only: no news fetch, every cell in the DOM."""
    config, settings = root / ".jupyter" / "config", root / ".jupyter" / "settings"
    (config / "labconfig").mkdir(parents=True)
    # the announcements plugin asks to fetch Jupyter news (network) in a toast over the page
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    tracker = settings / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    # windowing off: every cell is rendered, so the test can read every output
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    return {
        "JUPYTER_CONFIG_DIR": str(config),
        "JUPYTER_RUNTIME_DIR": str(root / ".jupyter" / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(settings),
        "JUPYTERLAB_WORKSPACES_DIR": str(root / ".jupyter" / "workspaces"),
        "CORPUS_UTILS_FIGURES_DIR": str(root / "figures"),
        "CORPUS_UTILS_CACHE_DIR": str(root / "cache"),
    }


@contextmanager
def jupyterlab(root: Path, *, timeout: float = 90) -> Iterator[Lab]:
    """Start JupyterLab on copies of the project's notebooks under ``root``; stop it after.

    ``--allow-root`` is passed only when running as root (uid 0), as ``make lab`` does.
    """
    for nb in notebook_runner.notebooks():
        shutil.copy(nb, root / nb.name)
    port, token = free_port(), secrets.token_hex(16)
    env = {**os.environ, **_settings(root)}
    # the kernels import the same corpus_utils as this test (a worktree's src/ included)
    src = str(Path(corpus_utils.__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    cmd = [
        sys.executable,
        "-m",
        "jupyter",
        "lab",
        "--no-browser",
        "--ServerApp.ip=127.0.0.1",
        f"--ServerApp.port={port}",
        "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}",
        f"--ServerApp.root_dir={root}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    log = (root / "jupyterlab.log").open("w")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=root)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited: {(root / 'jupyterlab.log').read_text()}")
            try:
                with urllib.request.urlopen(f"{url}/api/status?token={token}", timeout=5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(
                        f"JupyterLab did not answer on {url} in {timeout} s"
                    ) from None
                time.sleep(0.5)
        yield Lab(url, token, root)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def code_cells(lab: Lab, name: str) -> int:
    """How many code cells the notebook file has."""
    nb = json.loads((lab.root / name).read_text(encoding="utf-8"))
    return sum(c["cell_type"] == "code" for c in nb["cells"])


def open_notebook(page, lab: Lab, name: str, *, timeout: float = 180) -> None:
    """Open a notebook; wait until all its cells are drawn and its kernel is idle."""
    page.goto(lab.notebook_url(name))
    n = code_cells(lab, name)
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-NotebookPanel .jp-CodeCell').length === n",
        arg=n,
        timeout=timeout * 1000,
    )
    wait_idle(page, timeout=timeout)


def wait_idle(page, *, timeout: float) -> None:
    """Wait until the status bar says the kernel is idle (``Python 3 (ipykernel) | Idle``)."""
    page.wait_for_function(
        "() => { const bar = document.querySelector('#jp-main-statusbar');"
        " return bar && / \\| Idle/.test(bar.innerText); }",
        timeout=timeout * 1000,
    )


def run_all(page, lab: Lab, name: str, *, timeout: float) -> float:
    """Run > Run All Cells from the menu bar, then wait until every code cell has run.

    Returns the seconds it took. A cell that raises stops the run (the rest keep no
    execution count): the wait then ends early, and :func:`error_outputs` says why.

    Raises:
        TimeoutError: cells still waiting after ``timeout`` seconds (the prompts seen).
    """
    t0 = time.monotonic()
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    prompts = page.locator(".jp-NotebookPanel .jp-CodeCell .jp-InputPrompt")
    n = code_cells(lab, name)
    while True:
        texts = [t.strip() for t in prompts.all_inner_texts()]
        if len(texts) == n and all(RAN.match(t) for t in texts):
            break
        if error_outputs(page):
            break
        if time.monotonic() > t0 + timeout:
            raise TimeoutError(f"cells still not run after {timeout} s: {texts}")
        time.sleep(1)
    wait_idle(page, timeout=timeout)
    return time.monotonic() - t0


def error_outputs(page) -> list[str]:
    """The text of every output that is an error (a traceback) or a widget that failed."""
    found = []
    stderr = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']")
    for text in stderr.all_inner_texts():
        if "Traceback" in text or "Error" in text:
            found.append(text[:500])
    body = page.locator(".jp-NotebookPanel .jp-Notebook").first.inner_text()
    found += [m.group(0) for m in re.finditer(r"Error displaying widget[^\n]*", body)]
    return found


def save_and_reopen(page, lab: Lab, name: str) -> None:
    """Save the notebook (Ctrl+S), wait for the save, then load the page afresh."""
    page.locator(".jp-NotebookPanel .jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_function(
        "() => !document.querySelector('.jp-NotebookPanel .jp-mod-dirty')"
        " && !document.title.startsWith('*')",
        timeout=30_000,
    )
    time.sleep(1)
    open_notebook(page, lab, name)


def shutdown_kernels(lab: Lab) -> None:
    """Shut down every kernel the server runs (one per notebook opened), to free memory."""
    base = f"{lab.url}/api/kernels"
    with urllib.request.urlopen(f"{base}?token={lab.token}", timeout=10) as resp:
        kernels = json.load(resp)
    for k in kernels:
        req = urllib.request.Request(f"{base}/{k['id']}?token={lab.token}", method="DELETE")
        urllib.request.urlopen(req, timeout=30).close()
