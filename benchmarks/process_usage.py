"""Memory and CPU of a process and its descendants, measured from the outside while it works.

Used by ``benchmarks/run.py`` (a notebook's kernel during Run All) and by ``hub/load_test.py`` (a
student's whole server: jupyterhub-singleuser and its kernels). Memory is the resident set (RSS) summed
over the process tree, polled every ``interval`` seconds; on Linux the root's own high-water mark
(``VmHWM`` in ``/proc/PID/status``) catches a peak that falls between two polls. ``private`` is the
anonymous part (RSS minus file-backed and shared pages): what one more student adds, since the pages of
TensorFlow's libraries are read from the same files and shared by every kernel on the machine.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

import psutil

MB = 1024 * 1024


@dataclass(frozen=True)
class Usage:
    """What a process tree used between ``start`` and ``stop`` (memory in MB, CPU in seconds)."""

    start_rss_mb: float
    peak_rss_mb: float
    peak_private_mb: float
    final_rss_mb: float
    cpu_seconds: float
    peak_processes: tuple[str, ...] = ()  # "name (pid): MB" of each process at the polled peak


def _high_water_mark_mb(pid: int) -> float:
    """The kernel's record of the process's peak RSS (Linux), or 0 where it does not keep one."""
    status = Path(f"/proc/{pid}/status")
    try:
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _is_fork(process: psutil.Process) -> bool:
    """True for a child that still runs its parent's command line: a fork that has not exec'd yet.

    Its pages are its parent's (copy-on-write), so summing its RSS would count the parent twice: a kernel
    that runs a tiny program (``uname``, ``fc-list``) looks, for a millisecond, like two kernels.
    """
    try:
        return process.cmdline() == process.parent().cmdline()
    except (psutil.NoSuchProcess, psutil.AccessDenied, AttributeError):
        return False


class TreeSampler:
    """Poll ``pid`` and all its descendants in a background thread.

    Parameters
    ----------
    pid : int
        The root of the tree (a kernel, a user's server).
    interval : float
        Seconds between polls.

    Examples
    --------
    >>> sampler = TreeSampler(os.getpid()).start()       # doctest: +SKIP
    >>> usage = sampler.stop()                           # doctest: +SKIP
    """

    def __init__(self, pid: int, interval: float = 0.05):
        if interval <= 0:
            raise ValueError(f"interval must be positive, got {interval}")
        self.root = psutil.Process(pid)
        self.interval = interval
        self._cpu_start: dict[int, float] = {}
        self._cpu_last: dict[int, float] = {}
        self._peak_rss = self._peak_private = self._last_rss = self._start_rss = 0.0
        self._peak_processes: tuple[str, ...] = ()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _tree(self) -> list[psutil.Process]:
        """The root and its descendants, less a child caught between fork and exec (see :func:`_is_fork`)."""
        try:
            children = self.root.children(recursive=True)
        except psutil.NoSuchProcess:
            return []
        return [self.root, *(child for child in children if not _is_fork(child))]

    def _poll(self) -> None:
        rss = private = 0.0
        processes = []
        for process in self._tree():
            try:
                with process.oneshot():
                    memory = process.memory_info()
                    times = process.cpu_times()
                    name = process.name()
            except psutil.NoSuchProcess:
                continue
            rss += memory.rss / MB
            processes.append(f"{name} ({process.pid}): {memory.rss / MB:.0f} MB")
            private += (memory.rss - getattr(memory, "shared", 0)) / MB
            cpu = times.user + times.system
            # a process born after start() spent all its CPU time inside the window
            self._cpu_start.setdefault(process.pid, 0.0 if self._thread.is_alive() else cpu)
            self._cpu_last[process.pid] = cpu  # a child that exits keeps its last reading
        self._last_rss = rss
        if rss > self._peak_rss:
            self._peak_rss, self._peak_processes = rss, tuple(processes)
        self._peak_private = max(self._peak_private, private)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self._poll()

    def start(self) -> "TreeSampler":
        """Take the first reading (the memory at start and the CPU baseline) and start polling."""
        self._poll()
        self._start_rss = self._last_rss
        self._thread.start()
        return self

    def stop(self) -> Usage:
        """Take a last reading, stop polling and return what the tree used since :meth:`start`."""
        self._stop.set()
        self._thread.join()
        self._poll()
        cpu = sum(self._cpu_last[pid] - self._cpu_start[pid] for pid in self._cpu_last)
        peak = max(self._peak_rss, _high_water_mark_mb(self.root.pid))
        return Usage(start_rss_mb=self._start_rss, peak_rss_mb=peak, peak_private_mb=self._peak_private,
                     final_rss_mb=self._last_rss, cpu_seconds=cpu, peak_processes=self._peak_processes)
