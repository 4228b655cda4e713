"""A real JupyterHub on 127.0.0.1 for the load test, started from ``local_test_config.py`` and stopped with
everything it started (its proxy, the users' servers and their kernels)."""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import requests

HUB_DIR = Path(__file__).resolve().parent
PROXY = HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy"


class RunningHub:
    """``with RunningHub(state, settings) as hub:`` a hub serving at ``hub.url``.

    Parameters
    ----------
    state : Path
        An empty folder for the hub's database, cookie secret, log and the users' homes.
    settings : dict
        Environment variables for the hub, e.g. ``DL1_HUB_MEMORY_BUDGET`` (see ``jupyterhub_config.py``).
    """

    def __init__(self, state: Path, settings: dict[str, str], timeout: float = 120):
        if not PROXY.exists():
            raise FileNotFoundError(f"{PROXY} is missing: run `npm ci --prefix hub` (./course hub does)")
        self.state, self.timeout = state, timeout
        self.password = secrets.token_urlsafe(12)
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{port}"
        self.env = {**os.environ, **settings, "DL1_HUB_STATE": str(state), "DL1_HUB_PORT": str(port),
                    "DL1_HUB_PASSWORD": self.password}
        self.process: subprocess.Popen | None = None
        self.log = state / "jupyterhub.log"
        self._seen: dict[int, psutil.Process] = {}
        self.left_over: list[str] = []  # what was still running after the hub stopped (then killed)

    def __enter__(self) -> "RunningHub":
        command = [sys.executable, "-m", "jupyterhub", "-f", str(HUB_DIR / "local_test_config.py")]
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(command, cwd=self.state, env=self.env, stdout=log,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + self.timeout
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub exited with {self.process.returncode}:\n{self.tail()}")
            try:
                if requests.get(f"{self.url}/hub/api/", timeout=5).ok:
                    return self
            except requests.ConnectionError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"JupyterHub did not answer in {self.timeout:.0f} s:\n{self.tail()}")
            time.sleep(0.5)

    def tail(self, lines: int = 30) -> str:
        return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])

    def processes(self) -> list[psutil.Process]:
        """The hub and everything it started that is still running (remembered for the final check)."""
        try:
            root = psutil.Process(self.process.pid)
            for process in [root, *root.children(recursive=True)]:
                self._seen.setdefault(process.pid, process)
        except psutil.NoSuchProcess:
            pass
        return [process for process in self._seen.values() if process.is_running()]

    def server_pid(self, user: str) -> int:
        """The process id of ``user``'s single-user server."""
        for process in self.processes():
            try:
                if process.environ().get("JUPYTERHUB_USER") == user and "singleuser" in " ".join(process.cmdline()):
                    return process.pid
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        raise LookupError(f"no running server for {user}")

    def __exit__(self, *exc) -> None:
        """Stop the hub (which stops its proxy and the users' servers), then anything left over."""
        self.processes()
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                self.process.kill()
        _, alive = psutil.wait_procs([p for p in self._seen.values() if p.is_running()], timeout=15)
        self.left_over = [f"{p.pid} {' '.join(p.cmdline())[:80]}" for p in alive if p.is_running()]
        for process in alive:
            process.kill()
