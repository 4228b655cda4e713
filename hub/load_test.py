"""The JupyterHub load test: a class of simulated students on a real hub on this machine (``./course hub``).

    ./course hub                    # 6 students run notebook 04 at once, after one student alone
    ./course hub --students 3 --notebook 02_activations

It starts JupyterHub on 127.0.0.1 from ``hub/local_test_config.py`` (the course configuration, with test
logins and the local-process spawner) and a memory budget of exactly ``--students`` per-user limits. Then:

1. one student alone logs in, starts their server through the hub's REST API, opens a kernel on it, runs
   the notebook's code cells top to bottom over the kernel websocket and drags one slider of its newest
   widget by one step, waiting for the new picture; then stops their server;
2. ``--students`` students do the same at once;
3. while they run, one student more asks for a server: the hub must refuse with a message that says why
   (HTTP 429), and the others must finish unaffected;
4. when one student has stopped, that extra student starts after all.

It measures each student's time against the student alone and the peak memory (RSS) of each server with
its kernel, checks that every student finished with no error or stderr, that the widget sent a new picture
and that every server stayed under the per-user limit, and stops everything it started. The last line
says how many checks passed; the exit status is 0 only when all did.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HUB_DIR))
sys.path.insert(0, str(HUB_DIR.parent))

from admission import PER_USER_LIMIT, parse_bytes  # noqa: E402
from running_hub import RunningHub  # noqa: E402
from student import Refused, Result, Student  # noqa: E402

from benchmarks.process_usage import TreeSampler  # noqa: E402



class LoadTest:
    """The phases of the load test on one running hub; each student's result and server peak are kept."""

    def __init__(self, hub: RunningHub, notebook: str):
        self.hub, self.notebook = hub, notebook
        self.students: dict[str, Student] = {}

    def run_student(self, name: str, ready: threading.Barrier | None = None) -> tuple[Result, float]:
        """One student from login to the moved widget: their result and their server's peak memory (MB)."""
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
        return result, sampler.stop().peak_rss_mb if sampler else 0.0

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

    def run_class(self, size: int) -> tuple[list[tuple[Result, float]], str]:
        """``size`` students at once, and one more who asks for a server while they run."""
        ready = threading.Barrier(size + 1)  # released when every server of the class is up
        names = [f"student{index + 1}" for index in range(size)]
        outcomes: dict[str, tuple[Result, float]] = {}
        threads = [threading.Thread(target=lambda n=name: outcomes.__setitem__(n, self.run_student(n, ready)))
                   for name in names]
        for thread in threads:
            thread.start()
        extra = self.extra_student("latecomer", ready)
        for thread in threads:
            thread.join()
        return [outcomes[name] for name in names], extra

    def stop(self, name: str) -> None:
        if self.students[name].token:
            self.students[name].stop_server()


def check(results: list[tuple[Result, float]], alone: tuple[Result, float], extra: str, second_try: str,
          limit_mb: float, left_over: list[str]) -> list[tuple[str, bool]]:
    """The load test's checks, each as (what is checked, whether it holds)."""
    everyone = [alone, *results]
    return [
        ("every student ran the notebook with no error and nothing on stderr",
         all(not result.problems for result, _ in everyone)),
        ("every student's slider move sent a new picture", all(result.widget_ms > 0 for result, _ in everyone)),
        (f"every server stayed under the per-user limit ({limit_mb:.0f} MB)",
         all(0 < peak < limit_mb for _, peak in everyone)),
        ("the student over the memory budget was refused with a message saying why",
         extra.startswith("refused") and "full" in extra),
        ("once a classmate stopped, that student's server started", second_try == "started"),
        ("everything the test started has stopped", not left_over),
    ]


def report(results, alone, extra, second_try, checks) -> None:
    print("\n| student | server start s | Run All s | slider move ms | total s | vs alone | server peak MB |"
          "\n|---|---:|---:|---:|---:|---:|---:|")
    for result, peak in [alone, *results]:
        print(f"| {result.name} | {result.spawn_s:.1f} | {result.run_s:.1f} | {result.widget_ms:.0f} | "
              f"{result.total_s:.1f} | {result.total_s / alone[0].total_s:.2f}x | {peak:.0f} |")
    for result, _ in [alone, *results]:
        for problem in result.problems:
            print(f"  {result.name}: {problem}")
    print(f"\nslider moved: {alone[0].widget}")
    print(f"one student more, while the class ran: {extra}")
    print(f"the same student, once a classmate stopped: {second_try}\n")
    for what, holds in checks:
        print(f"{'PASS' if holds else 'FAIL'}  {what}")
    failed = sum(not holds for _, holds in checks)
    print(f"hub load test: {len(checks) - failed} passed, {failed} failed")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--students", type=int, default=6, help="students at once (default 6)")
    parser.add_argument("--notebook", default="04_decision_surfaces", help="the notebook each one runs")
    parser.add_argument("--limit", default=PER_USER_LIMIT, help=f"per-user memory limit (default {PER_USER_LIMIT})")
    args = parser.parse_args()
    limit = parse_bytes(args.limit)
    notebook = f"notebooks/{args.notebook}.ipynb"
    with tempfile.TemporaryDirectory(prefix="dl1-hub-") as state:
        hub = RunningHub(Path(state), budget=str(args.students * limit), per_user=args.limit)
        with hub:
            test = LoadTest(hub, notebook)
            print(f"JupyterHub at {hub.url}; budget {args.students} x {args.limit}; each student runs {notebook}",
                  flush=True)
            alone = test.run_student("alone")
            test.stop("alone")
            print(f"alone: {alone[0].total_s:.1f} s, peak {alone[1]:.0f} MB; now {args.students} at once ...",
                  flush=True)
            results, extra = test.run_class(args.students)
            test.stop("student1")
            second_try = test.extra_student("latecomer")
            for name in list(test.students):
                test.stop(name)
        checks = check(results, alone, extra, second_try, limit / 1024**2, hub.left_over)
        report(results, alone, extra, second_try, checks)
        if hub.left_over:
            print("left over (now killed):", *hub.left_over, sep="\n  ")
    return 0 if all(holds for _, holds in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
