"""A real JupyterLab server and a real headless Chromium, shared by every browser test of a session.

One server (loopback, random free port, random token) serves a temporary *copy* of ``notebooks/``,
so running cells never changes the committed notebooks. Every configuration and cache folder the
server, its kernels, matplotlib and Keras use lives in the same temporary folder (hermetic, as CI).
Chromium is Debian's (``/usr/bin/chromium``, override with ``DL1_CHROMIUM``), driven by Playwright;
Playwright's own browser download is never used. Host resolution is restricted to loopback, so any
attempt to reach the network fails at once instead of hanging (and the tests report it).

Environment variables:

``DL1_CHROMIUM``            the Chromium executable (default ``/usr/bin/chromium``)
``DL1_BROWSER_NOTEBOOKS``   the folder whose ``NN_*.ipynb`` notebooks are tested (default ``notebooks/``)
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
NOTEBOOK_DIR = Path(os.environ.get("DL1_BROWSER_NOTEBOOKS", ROOT / "notebooks")).resolve()
NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
CHROMIUM = os.environ.get("DL1_CHROMIUM", "/usr/bin/chromium")

#: Flags that let Chromium start quickly on a closed network, without a sandbox (containers, root).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    # Only loopback resolves: a request to the internet fails at once and shows up in the test report.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

#: JupyterLab front-end plugins that would try the network (news, update check, extension manager).
DISABLED_LAB_PLUGINS = [
    "@jupyterlab/apputils-extension:announcements",
    "@jupyterlab/extensionmanager-extension:plugin",
]

#: User settings for the test profile: every cell attached to the page (no virtual scrolling, so all
#: outputs are in the DOM), no news, no update check, no autosave of the temporary copies.
LAB_SETTINGS = {
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                        "checkForUpdates": False},
    "@jupyterlab/docmanager-extension/plugin.jupyterlab-settings": {"autosave": False},
}

HERMETIC_VARS = ("KERAS_HOME", "MPLCONFIGDIR", "IPYTHONDIR", "JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR",
                 "JUPYTER_RUNTIME_DIR", "DL1_RUN_DIR")


def notebooks() -> list[Path]:
    """The notebooks the suite runs, in course order."""
    return sorted(NOTEBOOK_DIR.glob(NOTEBOOK_GLOB))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LabServer:
    """A running JupyterLab server."""

    url: str
    token: str
    root_dir: Path
    log: Path

    def api(self, path: str) -> dict:
        request = urllib.request.Request(f"{self.url}{path}", headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=5) as response:
            return json.loads(response.read())

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])


def _hermetic_env(tmp: Path) -> dict:
    env = dict(os.environ)
    for name in HERMETIC_VARS:
        path = tmp / name.lower()
        path.mkdir(parents=True, exist_ok=True)
        env[name] = str(path)
    env.update(TF_CPP_MIN_LOG_LEVEL="2", TF_ENABLE_ONEDNN_OPTS="0", PYTHONHASHSEED="0",
               JUPYTER_PLATFORM_DIRS="1", PYDEVD_DISABLE_FILE_VALIDATION="1")
    env.pop("JUPYTER_PATH", None)
    return env


def _write_lab_config(env: dict, settings_dir: Path) -> None:
    labconfig = Path(env["JUPYTER_CONFIG_DIR"]) / "labconfig"
    labconfig.mkdir(parents=True, exist_ok=True)
    # No news feed and no update check on the server side either.
    (Path(env["JUPYTER_CONFIG_DIR"]) / "jupyter_server_config.json").write_text(json.dumps(
        {"LabApp": {"news_url": None, "check_for_updates_class": "jupyterlab.NeverCheckForUpdate"}}))
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in DISABLED_LAB_PLUGINS}}))
    for relative, values in LAB_SETTINGS.items():
        path = settings_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))


@pytest.fixture(scope="session")
def lab(tmp_path_factory) -> LabServer:
    """A JupyterLab server on 127.0.0.1 serving a temporary copy of the notebooks."""
    tmp = tmp_path_factory.mktemp("lab")
    root_dir = tmp / "notebooks"
    shutil.copytree(NOTEBOOK_DIR, root_dir, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    env = _hermetic_env(tmp)
    settings_dir = tmp / "user-settings"
    _write_lab_config(env, settings_dir)
    port, token = _free_port(), secrets.token_hex(16)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root_dir}",
               "--LabApp.expose_app_in_browser=True", f"--LabApp.user_settings_dir={settings_dir}",
               f"--LabApp.workspaces_dir={tmp / 'workspaces'}", "--ServerApp.open_browser=False"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = tmp / "jupyterlab.log"
    with open(log, "w") as log_file:
        process = subprocess.Popen(command, env=env, cwd=root_dir, stdout=log_file, stderr=subprocess.STDOUT)
    server = LabServer(url=f"http://127.0.0.1:{port}", token=token, root_dir=root_dir, log=log)
    deadline = time.monotonic() + 60
    while True:
        try:
            server.api("/api/status")
            break
        except (urllib.error.URLError, ConnectionError, OSError):
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"JupyterLab did not start (exit code {process.poll()}):\n{server.log_tail()}")
            time.sleep(0.2)
    yield server
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install it (apt-get install chromium) or set DL1_CHROMIUM")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class LabPage:
    """The one JupyterLab tab every notebook test uses, and what it saw go wrong."""

    page: object
    external_requests: list
    console_errors: list


@pytest.fixture(scope="session")
def lab_page(lab, browser) -> LabPage:
    """JupyterLab loaded once in a 1280x900 tab; tests open notebooks in it through the app's commands."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    seen = LabPage(page=page, external_requests=[], console_errors=[])
    page.on("request", lambda r: None if r.url.startswith((lab.url, "data:", "blob:"))
            else seen.external_requests.append(r.url))
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.console_errors.append(f"page error: {e}"))
    page.goto(f"{lab.url}/lab?token={lab.token}", wait_until="domcontentloaded", timeout=60_000)
    page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    page.evaluate("() => window.jupyterapp.restored")
    # As when presenting: no file browser, the notebook gets the whole 1280 px width.
    page.evaluate("() => window.jupyterapp.shell.collapseLeft()")
    ARTIFACTS.mkdir(exist_ok=True)
    yield seen
    context.close()
