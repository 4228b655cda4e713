"""Admit a student's server only while the class's memory budget has room for it.

A hub on one machine has a fixed amount of memory for its students. Each student's server is reserved
the memory a student uses (the guarantee: the measured peak of the heaviest notebook's Run All, server
included) and may grow to the per-user limit (that peak with headroom); see the README's "Serving a
class". :class:`MemoryAdmission` is a ``pre_spawn_hook``: it lets a server start only while the
reservations of the servers already admitted, plus this one, fit in the budget, and while the machine
still has that much memory available. Otherwise the student gets a message that says why, and the
servers already running are left alone: they are never slowed or killed to make room.

This is how Kubernetes places servers (by their guarantee, capped by their limit), done by the hub
itself, so it works with any spawner, the local-process one included. It does not *enforce* the limit
inside a server: The Littlest JupyterHub (systemd) and Kubernetes do that.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterable

from tornado.web import HTTPError

GB = 1024**3
#: What each student's server is reserved, and the most it may use: the heaviest notebook's measured peak
#: (kernel and server) with 5 % and with 30 % headroom (``benchmarks/sizing.py``; README, "Serving a
#: class"). ``./course hub`` fails if a server's peak outgrows the reservation.
PER_USER_GUARANTEE = "1.2G"
PER_USER_LIMIT = "1.5G"


def parse_bytes(text: str) -> int:
    """``"1.5G"``, ``"800M"`` or a plain number of bytes, as JupyterHub writes ``mem_limit``."""
    units = {"K": 1024, "M": 1024**2, "G": GB, "T": 1024**4}
    text = str(text).strip().upper()
    try:
        if text and text[-1] in units:
            return int(float(text[:-1]) * units[text[-1]])
        return int(text)
    except ValueError:
        raise ValueError(f"a memory size is a number with an optional K, M, G or T, got {text!r}") from None


def total_memory() -> int:
    """The machine's memory in bytes."""
    return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")


def available_memory() -> int | None:
    """The memory the machine can give without swapping (Linux's MemAvailable), or None where unknown.

    Read from ``/proc/meminfo`` rather than psutil: the hub's own environment (The Littlest JupyterHub's,
    say) need not have psutil.
    """
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return None


def _servers(count: int) -> str:
    return "1 notebook server is" if count == 1 else f"{count} notebook servers are"


def _all_spawners() -> Iterable:
    from jupyterhub.app import JupyterHub  # the running hub; imported here so the module loads without it

    for user in JupyterHub.instance().users.values():
        yield from user.spawners.values()


class MemoryAdmission:
    """A ``pre_spawn_hook`` (with its ``post_stop_hook``) that keeps the class within a memory budget.

    Parameters
    ----------
    budget : str or int
        Memory set aside for all students' servers together, e.g. ``"7G"``.
    per_user : str or int
        What each server (kernel included) is reserved, e.g. ``"1.1G"``.
    spawners : callable, optional
        Returns every spawner the hub knows; the running hub's by default (tests pass their own).
    available : callable, optional
        Returns the bytes of memory the machine has available now, or None where it cannot tell
        (:func:`available_memory` by default).
    """

    def __init__(self, budget, per_user, spawners: Callable[[], Iterable] = _all_spawners,
                 available: Callable[[], int | None] = available_memory):
        self.budget, self.per_user = parse_bytes(budget), parse_bytes(per_user)
        if self.per_user <= 0 or self.budget < self.per_user:
            raise ValueError(f"the budget ({budget}) must hold at least one server of {per_user}")
        self.seats = self.budget // self.per_user
        self._spawners, self._available = spawners, available
        self.admitted: set = set()

    def taken(self, spawner) -> set:
        """The other servers that hold a seat: admitted and not yet stopped, or running from before."""
        self.admitted = {other for other in self.admitted if other.active}
        running = {other for other in self._spawners() if other.ready}
        return (self.admitted | running) - {spawner}

    def __call__(self, spawner) -> None:
        """Admit ``spawner`` or raise an HTTP 429 whose message the student reads."""
        taken = len(self.taken(spawner))
        if taken >= self.seats:
            raise HTTPError(429, (
                f"The class server is full: {_servers(taken)} running, and each is reserved "
                f"{self.per_user / GB:.2g} GB of the {self.budget / GB:.3g} GB set aside for students. Yours was not "
                "started, so the others keep all of theirs. Try again in a few minutes, when a classmate has "
                "stopped their server."))
        available = self._available()
        if available is not None and available < self.per_user:
            raise HTTPError(429, (
                f"This machine has {available / GB:.2g} GB of memory available, less than the "
                f"{self.per_user / GB:.2g} GB one notebook server needs. Yours was not started. Try again in a few "
                "minutes."))
        self.admitted.add(spawner)

    def release(self, spawner) -> None:
        """The ``post_stop_hook``: a stopped server gives its seat back."""
        self.admitted.discard(spawner)
