"""One simulated student, using only what a browser uses: the hub's login form and REST API, then their own
server's REST API and kernel websocket.

A :class:`Student` logs in with the login form, asks the hub's REST API for a token, starts their server
with ``POST /hub/api/users/<name>/server``, opens their copy of a notebook as a JupyterLab session, runs its
code cells top to bottom, drags one slider of the newest widget by one step and waits for the new picture.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import requests

from kernel_channel import KernelChannel, next_value


class Refused(Exception):
    """The hub would not start the student's server; the message is what the student reads."""


@dataclass
class Result:
    """One student's run: seconds per phase, and what went wrong (nothing, when it passes)."""

    name: str
    spawn_s: float = 0.0
    run_s: float = 0.0
    widget_ms: float = 0.0
    total_s: float = 0.0
    widget: str = ""
    problems: list[str] = field(default_factory=list)


class Student:
    """A student of the hub at ``hub_url`` (``http://127.0.0.1:PORT``)."""

    def __init__(self, hub_url: str, name: str, password: str, timeout: float = 600):
        self.hub_url, self.name, self.password, self.timeout = hub_url, name, password, timeout
        self.http = requests.Session()
        self.token = ""

    def _api(self, method: str, path: str, headers: dict | None = None, **kwargs) -> requests.Response:
        headers = {**(headers or {}), **({"Authorization": f"token {self.token}"} if self.token else {})}
        return self.http.request(method, f"{self.hub_url}{path}", headers=headers, timeout=60, **kwargs)

    def log_in(self) -> None:
        """The login form, then a token from the hub's REST API (as the hub's token page makes one)."""
        self.http.get(f"{self.hub_url}/hub/login", timeout=60).raise_for_status()
        form = {"username": self.name, "password": self.password, "_xsrf": self.http.cookies.get("_xsrf")}
        login = self.http.post(f"{self.hub_url}/hub/login", data=form, allow_redirects=False, timeout=60)
        if login.status_code != 302:
            raise RuntimeError(f"{self.name} could not log in: HTTP {login.status_code}")
        made = self._api("POST", f"/hub/api/users/{self.name}/tokens", json={"note": "load test"},
                         headers={"X-XSRFToken": self.http.cookies.get("_xsrf")})  # the session's new cookie
        made.raise_for_status()
        self.token = made.json()["token"]

    def start_server(self) -> None:
        """Ask the hub for a server and wait until it is ready; :class:`Refused` carries a refusal."""
        started = self._api("POST", f"/hub/api/users/{self.name}/server")
        if started.status_code == 429:
            raise Refused(started.json().get("message", started.text))
        started.raise_for_status()
        deadline = time.monotonic() + self.timeout
        while not self._api("GET", f"/hub/api/users/{self.name}").json()["servers"].get("", {}).get("ready"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}'s server was not ready after {self.timeout:.0f} s")
            time.sleep(0.5)

    def stop_server(self) -> None:
        """Stop the student's server, if it runs, and wait until the hub says it is gone."""
        if not self._api("GET", f"/hub/api/users/{self.name}").json()["servers"]:
            return
        self._api("DELETE", f"/hub/api/users/{self.name}/server").raise_for_status()
        deadline = time.monotonic() + self.timeout
        while self._api("GET", f"/hub/api/users/{self.name}").json()["servers"]:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.name}'s server did not stop in {self.timeout:.0f} s")
            time.sleep(0.5)

    def code_cells(self, notebook: str) -> list[str]:
        """The code cells of the student's own copy, read through their server's contents API."""
        got = self._api("GET", f"/user/{self.name}/api/contents/{notebook}")
        got.raise_for_status()
        return [cell["source"] for cell in got.json()["content"]["cells"] if cell["cell_type"] == "code"]

    def open_kernel(self, notebook: str) -> KernelChannel:
        """Open ``notebook`` as JupyterLab does (a session: a kernel started in the notebook's folder)."""
        made = self._api("POST", f"/user/{self.name}/api/sessions",
                         json={"path": notebook, "type": "notebook", "kernel": {"name": "python3"}})
        made.raise_for_status()
        kernel = made.json()["kernel"]["id"]
        ws_url = self.hub_url.replace("http", "ws", 1) + f"/user/{self.name}/api/kernels/{kernel}/channels"
        return KernelChannel(ws_url, self.token, timeout=self.timeout)

    def run_notebook(self, notebook: str, result: Result) -> None:
        """Run every code cell, then move the newest slider by one step; problems go into ``result``."""
        cells = self.code_cells(notebook)
        kernel = self.open_kernel(notebook)
        try:
            start = time.perf_counter()
            for index, code in enumerate(cells):
                outcome = kernel.execute(code)
                result.problems += [f"code cell {index}: {error}" for error in outcome.errors]
                result.problems += [f"code cell {index} wrote to stderr: {text.strip()[:200]}"
                                    for text in outcome.stderr]
            result.run_s = time.perf_counter() - start
            comm_id, state = kernel.last_slider()
            value = next_value(state)
            result.widget = f"{state.get('description', 'slider')} {state['value']:g} -> {value:g}"
            start = time.perf_counter()
            moved = kernel.move_slider(comm_id, value)
            result.widget_ms = (time.perf_counter() - start) * 1000
            result.problems += [f"moving the slider: {error}" for error in moved.errors + moved.stderr]
            if not moved.pngs:
                result.problems.append("moving the slider sent no new picture")
        finally:
            kernel.close()
