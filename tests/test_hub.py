"""The hub's pieces that need no running hub: admission, the per-user copy of the notebooks, the kernel
websocket framing, and the README's sizing agreeing with its measurements and with the hub's settings.
``./course hub`` is the load test."""

import json
import re
import struct
import sys
from pathlib import Path

import pytest
from tornado.web import HTTPError

from benchmarks.sizing import CORES, MACHINE_MB, RESERVED_MB, RUN_ALL_WITHIN_S, SERVER_MB, reserve_and_limit_gb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "hub"))

from admission import (GB, PER_USER_GUARANTEE, PER_USER_LIMIT, MemoryAdmission, available_memory,  # noqa: E402
                       parse_bytes, total_memory)
from kernel_channel import PNG_SIGNATURE, decode_frame, next_value  # noqa: E402
from user_server import prepare_home  # noqa: E402


class FakeSpawner:
    def __init__(self, ready=False):
        self.ready, self.active = ready, ready


def admission(budget="3G", per_user="1G", running=(), available=16 * GB):
    return MemoryAdmission(budget, per_user, spawners=lambda: list(running), available=lambda: available)


@pytest.mark.parametrize("text, expected", [("1.5G", int(1.5 * GB)), ("800M", 800 * 1024**2), ("2048", 2048),
                                            (" 2g ", 2 * GB)])
def test_parse_bytes_reads_jupyterhub_memory_sizes(text, expected):
    assert parse_bytes(text) == expected


@pytest.mark.parametrize("text", ["", "G", "1.5 GB", "lots"])
def test_parse_bytes_says_what_a_size_looks_like(text):
    with pytest.raises(ValueError, match="a memory size is a number"):
        parse_bytes(text)


def test_a_budget_that_holds_no_server_is_refused_at_start():
    with pytest.raises(ValueError, match="must hold at least one server"):
        admission(budget="1G", per_user="1.5G")


def test_servers_are_admitted_until_the_budget_is_full_then_the_next_student_reads_why():
    hook = admission(budget="3.5G", per_user="1G")
    class_ = [FakeSpawner() for _ in range(3)]
    for spawner in class_:
        spawner.active = True  # the hub marks a spawner active from the moment it is asked to start
        hook(spawner)
    with pytest.raises(HTTPError) as refusal:
        hook(FakeSpawner())
    assert refusal.value.status_code == 429
    message = refusal.value.log_message
    assert "full" in message and "3 notebook servers are running" in message and "1 GB" in message
    assert "3.5 GB" in message and "Yours was not started" in message


def test_a_stopped_server_gives_its_seat_back():
    hook = admission(budget="1G", per_user="1G")
    first, second = FakeSpawner(), FakeSpawner()
    first.active = True
    hook(first)
    with pytest.raises(HTTPError, match="1 notebook server is running"):
        hook(second)
    hook.release(first)
    hook(second)
    assert hook.admitted == {second}


def test_a_server_that_failed_to_start_frees_its_seat_without_a_stop_hook():
    hook = admission(budget="1G", per_user="1G")
    failed = FakeSpawner()
    hook(failed)  # admitted, then its start failed: never active
    hook(FakeSpawner())


def test_servers_running_from_before_a_hub_restart_hold_seats():
    hook = admission(budget="2G", per_user="1G", running=[FakeSpawner(ready=True), FakeSpawner(ready=True)])
    with pytest.raises(HTTPError, match="2 notebook servers are running"):
        hook(FakeSpawner())


def test_the_machine_memory_readings_are_plausible():
    import psutil

    assert total_memory() == psutil.virtual_memory().total
    available = available_memory()
    assert available is None or 0 < available <= total_memory()


def test_a_machine_that_cannot_tell_its_available_memory_admits_by_the_budget_alone():
    hook = admission(budget="2G", per_user="1G", available=None)
    hook(FakeSpawner())


def test_a_machine_short_of_memory_refuses_even_with_seats_left():
    hook = admission(budget="8G", per_user="1.5G", available=GB)
    with pytest.raises(HTTPError, match="1 GB of memory available, less than the 1.5 GB"):
        hook(FakeSpawner())


def test_the_first_start_copies_the_notebooks_and_later_starts_keep_the_students_edits(tmp_path):
    course = tmp_path / "course"
    (course / ".ipynb_checkpoints").mkdir(parents=True)
    (course / "01_x.ipynb").write_text("original")
    home = tmp_path / "home"
    copy = prepare_home(home, course)
    assert copy == home / "notebooks" and (copy / "01_x.ipynb").read_text() == "original"
    assert not (copy / ".ipynb_checkpoints").exists()
    (copy / "01_x.ipynb").write_text("the student's work")
    prepare_home(home, course)
    assert (copy / "01_x.ipynb").read_text() == "the student's work"


def test_binary_frames_decode_to_the_message_and_its_buffers():
    message = json.dumps({"msg_type": "comm_msg", "parent_header": {}, "content": {}}).encode()
    png = PNG_SIGNATURE + b"pixels"
    header_size = 4 * 3
    frame = struct.pack("!iII", 2, header_size, header_size + len(message)) + message + png
    decoded = decode_frame(frame)
    assert decoded["msg_type"] == "comm_msg" and decoded["buffers"] == [png]
    assert decode_frame(json.dumps({"msg_type": "status"}))["buffers"] == []


@pytest.mark.parametrize("state, expected", [
    ({"_model_name": "FloatSliderModel", "value": 0.5, "step": 0.1, "max": 1.0}, 0.6),
    ({"_model_name": "IntSliderModel", "value": 10, "step": 1, "max": 10}, 9),
    ({"_model_name": "FloatLogSliderModel", "value": 0.01, "step": 1, "max": 0, "base": 10}, 0.1),
    ({"_model_name": "FloatLogSliderModel", "value": 1.0, "step": 0.5, "max": 0, "base": 10}, 10**-0.5),
])
def test_a_slider_moves_one_step_within_its_range(state, expected):
    assert next_value(state) == pytest.approx(expected)


def _readme_sizing() -> tuple[str, list[list[str]]]:
    section = (ROOT / "README.md").read_text().split("## Serving a class", 1)[1].split("\n## ", 1)[0]
    table = section.split("| notebook | CPU s per Run All |", 1)[1].split("\n\n", 1)[0]
    rows = [[cell.strip().replace(",", "") for cell in line.strip("|").split("|")]
            for line in table.splitlines()[2:]]
    return section, rows


def test_the_readme_sizing_table_follows_from_its_measurements():
    _, rows = _readme_sizing()
    assert [row[0] for row in rows] == sorted(path.stem for path in (ROOT / "notebooks").glob("*.ipynb"))
    for name, cpu, kernel, student, per_8gb, per_4cores in rows:
        assert float(student) == pytest.approx(float(kernel) + SERVER_MB, abs=1), name
        assert int(per_8gb) == (MACHINE_MB - RESERVED_MB) // float(student), name
        assert abs(int(per_4cores) - CORES * RUN_ALL_WITHIN_S / float(cpu)) < 4, name  # CPU s is rounded


def test_the_hub_reserves_and_limits_what_the_readme_sizing_says():
    section, rows = _readme_sizing()
    reserve, limit = reserve_and_limit_gb([float(row[3]) for row in rows])
    assert (parse_bytes(PER_USER_GUARANTEE), parse_bytes(PER_USER_LIMIT)) == (int(reserve * GB), int(limit * GB))
    assert f"reserve **{reserve:g} GB** per student" in section and f"limit each to **{limit:g} GB**" in section
