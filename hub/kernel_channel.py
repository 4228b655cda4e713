"""Talk to a kernel the way JupyterLab does: Jupyter messages over the server's kernel websocket.

:class:`KernelChannel` opens ``/api/kernels/<id>/channels`` on a user's server, runs code with
``execute_request`` and moves a widget with the ``comm_msg`` a browser sends when a slider is dragged.
It keeps the state of every widget model the kernel opens, and collects, for each request, the error
outputs, the text written to stderr and the PNG images the kernel sent back (a widget's new picture).
Messages with binary buffers arrive in the server's default ("legacy") websocket framing.
"""

from __future__ import annotations

import json
import math
import struct
import time
import uuid
from dataclasses import dataclass, field

import websocket

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SLIDER_MODELS = ("FloatSliderModel", "IntSliderModel", "FloatLogSliderModel")


@dataclass
class Outcome:
    """What the kernel answered to one request."""

    errors: list[str] = field(default_factory=list)
    stderr: list[str] = field(default_factory=list)
    pngs: list[bytes] = field(default_factory=list)


def next_value(state: dict) -> float:
    """A slider's value one step up (one step down at the top of its range), as one arrow key press."""
    if state["_model_name"] == "FloatLogSliderModel":
        exponent = math.log(state["value"], state["base"])
        exponent += state["step"] if exponent + state["step"] <= state["max"] else -state["step"]
        return state["base"] ** exponent
    up = state["value"] + state["step"]
    return up if up <= state["max"] else state["value"] - state["step"]


def decode_frame(frame) -> dict:
    """A websocket frame as a message dict: JSON text, or the binary framing for messages with buffers."""
    if isinstance(frame, str):
        return {**json.loads(frame), "buffers": []}
    count = struct.unpack("!i", frame[:4])[0]
    offsets = [*struct.unpack("!" + "I" * count, frame[4:4 * (count + 1)]), None]
    parts = [frame[start:stop] for start, stop in zip(offsets[:-1], offsets[1:])]
    return {**json.loads(parts[0].decode("utf8")), "buffers": parts[1:]}


class KernelChannel:
    """One websocket to one kernel.

    Parameters
    ----------
    url : str
        ``ws://host:port/user/<name>/api/kernels/<kernel id>/channels``.
    token : str
        A JupyterHub API token of the student.
    timeout : float
        The longest wait, in seconds, for one request to finish.
    """

    def __init__(self, url: str, token: str, timeout: float = 600):
        self.ws = websocket.create_connection(url, header=[f"Authorization: token {token}"], timeout=timeout)
        self.timeout = timeout
        self.session = uuid.uuid4().hex
        self.widgets: dict[str, dict] = {}  # comm id -> the model's state

    def close(self) -> None:
        self.ws.close()

    def _send(self, msg_type: str, content: dict) -> str:
        msg_id = uuid.uuid4().hex
        header = {"msg_id": msg_id, "msg_type": msg_type, "username": "student", "session": self.session,
                  "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "version": "5.3"}
        self.ws.send(json.dumps({"header": header, "parent_header": {}, "metadata": {}, "content": content,
                                 "channel": "shell", "buffers": []}))
        return msg_id

    def _track_widget(self, msg: dict) -> None:
        content = msg["content"]
        if msg["msg_type"] == "comm_open" and content.get("target_name") == "jupyter.widget":
            self.widgets[content["comm_id"]] = dict(content["data"]["state"])
        elif msg["msg_type"] == "comm_msg" and content["comm_id"] in self.widgets:
            self.widgets[content["comm_id"]].update(content["data"].get("state", {}))

    def _collect(self, msg: dict, outcome: Outcome) -> None:
        kind, content = msg["msg_type"], msg["content"]
        if kind == "error":
            outcome.errors.append(f"{content['ename']}: {content['evalue']}")
        elif kind == "stream" and content["name"] == "stderr":
            outcome.stderr.append(content["text"])
        outcome.pngs.extend(buffer for buffer in msg["buffers"] if bytes(buffer[:8]) == PNG_SIGNATURE)

    def request(self, msg_type: str, content: dict) -> Outcome:
        """Send a shell request and read until the kernel is idle again and has replied."""
        msg_id, outcome = self._send(msg_type, content), Outcome()
        idle, replied = False, msg_type == "comm_msg"  # a comm message gets no reply: wait for idle only
        deadline = time.monotonic() + self.timeout
        while not (idle and replied):
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel did not finish a {msg_type} in {self.timeout:.0f} s")
            msg = decode_frame(self.ws.recv())
            self._track_widget(msg)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            self._collect(msg, outcome)
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                idle = True
            elif msg["channel"] == "shell":
                replied = True
                status = msg["content"].get("status", "ok")
                if status != "ok" and not outcome.errors:  # an error was already published on iopub
                    outcome.errors.append(f"the kernel replied {status}")
        return outcome

    def execute(self, code: str) -> Outcome:
        """Run ``code`` as a notebook cell would."""
        return self.request("execute_request", {"code": code, "silent": False, "store_history": True,
                                                "user_expressions": {}, "allow_stdin": False,
                                                "stop_on_error": True})

    def last_slider(self) -> tuple[str, dict]:
        """The comm id and state of the enabled slider the kernel opened last (the newest widget's control)."""
        sliders = [(comm_id, state) for comm_id, state in self.widgets.items()
                   if state.get("_model_name") in SLIDER_MODELS and not state.get("disabled")]
        if not sliders:
            raise LookupError("the notebook opened no slider that a student can move")
        return sliders[-1]

    def move_slider(self, comm_id: str, value: float) -> Outcome:
        """Set a slider's value as a browser does when a student drags it."""
        return self.request("comm_msg", {"comm_id": comm_id, "data": {"method": "update", "state": {"value": value},
                                                                     "buffer_paths": []}})
