"""The course's JupyterHub configuration: every student gets the course environment and a copy of notebooks/.

What it sets, for any spawner (the README's "Serving a class" says how it carries to The Littlest JupyterHub
and to Zero to JupyterHub on Kubernetes):

- each user's server runs ``hub/user_server.py`` with the course environment's Python (the environment the
  hub itself runs in, or ``DL1_USER_PYTHON``): it copies ``notebooks/`` to ``~/notebooks`` on the first start,
  gives the student their own run folder ``~/runs``, then starts ``jupyterhub-singleuser`` with JupyterLab
  opened on ``~/notebooks``;
- the memory each server is reserved, ``DL1_HUB_MEM_GUARANTEE`` (default ``admission.PER_USER_GUARANTEE``:
  the measured peak of the heaviest notebook's Run All, server included) and the per-user limit,
  ``DL1_HUB_MEM_LIMIT`` (default ``admission.PER_USER_LIMIT``: that peak with headroom). Spawners that can
  enforce them (systemd, Kubernetes) do; the local-process spawner cannot, it only passes them on as
  ``MEM_GUARANTEE`` and ``MEM_LIMIT``;
- an admission check (``hub/admission.py``): a server starts only while the reservations of the servers
  already admitted, plus this one, fit in ``DL1_HUB_MEMORY_BUDGET`` (default: the machine's memory less
  1 GB for the system, the hub and its proxy), and while the machine has that reservation available. The
  student who does not fit reads why; the others are not touched.

Authentication, the spawner class, addresses and where the hub keeps its state belong to the deployment:
``hub/local_test_config.py`` sets them for the loopback load test (``./course hub``).
"""

import os
import sys
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
sys.path.insert(0, str(HUB_DIR))

from admission import GB, PER_USER_GUARANTEE, PER_USER_LIMIT, MemoryAdmission, total_memory  # noqa: E402

c = get_config()  # noqa: F821 (JupyterHub provides it when it loads this file)

guarantee = os.environ.get("DL1_HUB_MEM_GUARANTEE", PER_USER_GUARANTEE)
limit = os.environ.get("DL1_HUB_MEM_LIMIT", PER_USER_LIMIT)
memory_budget = os.environ.get("DL1_HUB_MEMORY_BUDGET", str(total_memory() - GB))

user_python = os.environ.get("DL1_USER_PYTHON", sys.executable)
c.Spawner.cmd = [user_python, str(HUB_DIR / "user_server.py")]
c.Spawner.notebook_dir = "~"
c.Spawner.default_url = "/lab/tree/notebooks"
c.Spawner.environment = {"TF_CPP_MIN_LOG_LEVEL": "2", "TF_ENABLE_ONEDNN_OPTS": "0"}
c.Spawner.mem_guarantee = guarantee
c.Spawner.mem_limit = limit
# TensorFlow's import takes a few seconds of CPU: a class logging in at once must not time out
c.Spawner.start_timeout = 180
c.Spawner.http_timeout = 180

admission = MemoryAdmission(memory_budget, guarantee)
c.Spawner.pre_spawn_hook = admission
c.Spawner.post_stop_hook = admission.release
