"""The JupyterHub load test: a class of simulated students on a real hub on this machine (``./course hub``).

    ./course hub                    # 6 students run notebook 04 at once, after one student alone
    ./course hub --students 3 --notebook 02_activations

It starts JupyterHub on 127.0.0.1 from ``hub/local_test_config.py`` (the course configuration, with test
logins and the local-process spawner) and a memory budget of exactly ``--students`` reservations (the
memory the hub reserves per student, ``--guarantee``). Then:

1. one student alone logs in, starts their server through the hub's REST API, opens a kernel on it, runs
   the notebook's code cells top to bottom over the kernel websocket and drags one slider of its newest
   widget by one step, waiting for the new picture; then stops their server;
2. ``--students`` students do the same at once;
3. while they run, one student more asks for a server: the hub must refuse with a message that says why
   (HTTP 429), and the others must finish unaffected;
4. when one student has stopped, that extra student starts after all.

It measures each student's time against the student alone and the peak memory (RSS) of each server with
its kernel, checks that every student finished with no error or stderr, that the widget sent a new picture
and that every server stayed within its reservation, and stops everything it started. The last line
says how many checks passed; the exit status is 0 only when all did.
"""

from __future__ import annotations

import argparse
import signal
import sys
import tempfile
import threading
import time
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HUB_DIR))
sys.path.insert(0, str(HUB_DIR.parent))

from admission import PER_USER_GUARANTEE, PER_USER_LIMIT, parse_bytes  # noqa: E402
from running_hub import RunningHub  # noqa: E402
from student import Refused, Result, Student  # noqa: E402

from benchmarks.process_usage import TreeSampler, Usage  # noqa: E402

NOTHING = Usage(0.0, 0.0, 0.0, 0.0, 0.0)


class LoadTest:
    """The phases of the load test on one running hub; each student's result and server usage are kept."""

    def __init__(self, hub: RunningHub, notebook: str):
        self.hub, self.notebook = hub, notebook
        self.students: dict[str, Student] = {}

    def run_student(self, name: str, ready: threading.Barrier | None = None) -> tuple[Result, Usage]:
        """One student from login to the moved widget: their result and their server's usage (with kernels)."""
        result = Result(name)
        student = self.students[name] = Student(self.hub.url, name, self.hub.password)
        sampler, start = None, time.perf_counter()
        try:
            student.log_in()
            student.start_server()
            result.spawn_s = time.perf_counter() - start
            sampler = TreeSampler(self.hub.server_pid(name), interval=0.2).start()
            if ready:
                ready.wait()
            student.run_notebook(self.notebook, result)
            self.hub.processes()  # remember the kernel for the final check, in case it outlives its server
        except Exception as error:  # noqa: BLE001 (one student's failure is reported; the others carry on)
            result.problems.append(f"{type(error).__name__}: {error}")
            if ready:
                ready.abort()
        result.total_s = time.perf_counter() - start
        return result, sampler.stop() if sampler else NOTHING

    def extra_student(self, name: str, ready: threading.Barrier | None = None) -> str:
        """One student more asks for a server (once ``ready`` says the class is up): what the hub answers."""
        try:
            if ready:
                ready.wait()
        except threading.BrokenBarrierError:
            return "not asked: a student of the class failed before the whole class was running"
        student = self.students[name] = Student(self.hub.url, name, self.hub.password)
        student.log_in()
        try:
            student.start_server()
        except Refused as refusal:
            return f"refused: {refusal}"
        return "started"

    def run_class(self, size: int) -> tuple[list[tuple[Result, Usage]], str, Usage]:
        """``size`` students at once, and one more who asks for a server while they run.

        Returns each student's result and usage, what the extra student was told, and the usage of the
        whole hub meanwhile (hub, proxy, every server and kernel).
        """
        ready = threading.Barrier(size + 1)  # passed when every server of the class is up
        names = [f"student{index + 1}" for index in range(size)]
        outcomes: dict[str, tuple[Result, Usage]] = {}
        threads = [threading.Thread(target=lambda n=name: outcomes.__setitem__(n, self.run_student(n, ready)),
                                    daemon=True) for name in names]
        whole_hub = TreeSampler(self.hub.process.pid, interval=0.5).start()
        for thread in threads:
            thread.start()
        extra = self.extra_student("latecomer", ready)
        for thread in threads:
            thread.join()
        return [outcomes[name] for name in names], extra, whole_hub.stop()

    def stop(self, name: str) -> None:
        if self.students[name].token:
            self.students[name].stop_server()


def check(everyone: list[tuple[Result, Usage]], extra: str, second_try: str, guarantee_mb: float,
          left_over: list[str]) -> list[tuple[str, bool]]:
    """The load test's checks, each as (what is checked, whether it holds)."""
    return [
        ("every student ran the notebook with no error and nothing on stderr",
         all(not result.problems for result, _ in everyone)),
        ("every student's slider move sent a new picture", all(result.widget_ms > 0 for result, _ in everyone)),
        (f"every server, kernel included, stayed within what the hub reserves per student ({guarantee_mb:,.0f} MB)",
         all(0 < usage.peak_rss_mb <= guarantee_mb for _, usage in everyone)),
        ("the student over the memory budget was refused with a message saying why",
         extra.startswith("refused") and "full" in extra),
        ("once a classmate stopped, that student's server started", second_try == "started"),
        ("everything the test started has stopped", not left_over),
    ]


def report(everyone: list[tuple[Result, Usage]], whole_hub: Usage, extra: str, second_try: str) -> None:
    alone = everyone[0][0]
    print("\n| student | server start s | Run All s | slider move ms | total s | vs alone | server at rest MB "
          "| peak MB (server + kernel) | private MB | CPU s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for result, usage in everyone:
        print(f"| {result.name} | {result.spawn_s:.1f} | {result.run_s:.1f} | {result.widget_ms:.0f} | "
              f"{result.total_s:.1f} | {result.total_s / alone.total_s:.2f}x | {usage.start_rss_mb:.0f} | "
              f"{usage.peak_rss_mb:,.0f} | {usage.peak_private_mb:,.0f} | {usage.cpu_seconds:.1f} |")
    typical = sorted(usage.peak_rss_mb for _, usage in everyone)[len(everyone) // 2]
    for result, usage in everyone:
        for problem in result.problems:
            print(f"  {result.name}: {problem}")
        if usage.peak_rss_mb > 1.1 * typical:  # say what made a peak stand out
            print(f"  {result.name}'s peak: {', '.join(usage.peak_processes)}")
    print(f"\nthe whole hub during the class (hub, proxy, servers, kernels): peak {whole_hub.peak_rss_mb:,.0f} MB "
          f"RSS summed over processes, of which {whole_hub.peak_private_mb:,.0f} MB private; "
          f"{whole_hub.cpu_seconds:.0f} CPU s")
    print(f"slider moved: {alone.widget}")
    print(f"one student more, while the class ran: {extra}")
    print(f"the same student, once a classmate stopped: {second_try}\n")


def _give_up(_signum, _frame):
    raise TimeoutError("the load test ran past its deadline")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=6, help="students at once (default 6)")
    parser.add_argument("--notebook", default="04_decision_surfaces", help="the notebook each one runs")
    parser.add_argument("--guarantee", default=PER_USER_GUARANTEE,
                        help=f"memory reserved per student (default {PER_USER_GUARANTEE})")
    parser.add_argument("--deadline", type=int, default=1800, help="give up after this many seconds (default 1800)")
    args = parser.parse_args()
    if args.students < 1 or not (HUB_DIR.parent / "notebooks" / f"{args.notebook}.ipynb").exists():
        parser.error("--students must be at least 1 and --notebook the name of a notebook in notebooks/")
    signal.signal(signal.SIGALRM, _give_up)
    signal.alarm(args.deadline)  # the hub and everything it started are stopped on the way out
    guarantee = parse_bytes(args.guarantee)
    notebook = f"notebooks/{args.notebook}.ipynb"
    settings = {"DL1_HUB_MEM_GUARANTEE": args.guarantee, "DL1_HUB_MEM_LIMIT": PER_USER_LIMIT,
                "DL1_HUB_MEMORY_BUDGET": str(args.students * guarantee)}  # room for exactly the class
    with tempfile.TemporaryDirectory(prefix="dl1-hub-") as state:
        hub = RunningHub(Path(state), settings)
        with hub:
            test = LoadTest(hub, notebook)
            print(f"JupyterHub at {hub.url}; memory budget {args.students} x {args.guarantee}; each student runs "
                  f"{notebook}", flush=True)
            alone = test.run_student("alone")
            test.stop("alone")
            print(f"alone: {alone[0].total_s:.1f} s, peak {alone[1].peak_rss_mb:,.0f} MB; now {args.students} at once",
                  flush=True)
            results, extra, whole_hub = test.run_class(args.students)
            test.stop("student1")
            second_try = test.extra_student("latecomer")
            for name in list(test.students):
                test.stop(name)
        report([alone, *results], whole_hub, extra, second_try)
        checks = check([alone, *results], extra, second_try, guarantee / 2**20, hub.left_over)
        for what, holds in checks:
            print(f"{'PASS' if holds else 'FAIL'}  {what}")
        if hub.left_over:
            print("left over (now killed):", *hub.left_over, sep="\n  ")
    failed = sum(not holds for _, holds in checks)
    print(f"hub load test: {len(checks) - failed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
