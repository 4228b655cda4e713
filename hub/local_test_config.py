"""Only for the load test (``./course hub``): the course configuration on loopback, with test logins.

It loads ``jupyterhub_config.py`` and adds what a deployment would choose for itself: JupyterHub's
DummyAuthenticator (any user name, one shared password: never use it outside a test), the local-process
spawner with one home folder per user under ``DL1_HUB_STATE``, the hub and its proxy on 127.0.0.1, and the
database and cookie secret in ``DL1_HUB_STATE`` too. ``hub/load_test.py`` sets the variables and starts the
hub in that folder.
"""

import os
import socket
from pathlib import Path

HUB_DIR = Path(__file__).resolve().parent
STATE = Path(os.environ["DL1_HUB_STATE"])

c = get_config()  # noqa: F821
load_subconfig(str(HUB_DIR / "jupyterhub_config.py"))  # noqa: F821


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = int(os.environ["DL1_HUB_PORT"])
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = free_port()
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{free_port()}"
c.ConfigurableHTTPProxy.command = [str(HUB_DIR / "node_modules" / ".bin" / "configurable-http-proxy")]
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")

c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = os.environ["DL1_HUB_PASSWORD"]
c.Authenticator.allow_all = True

c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.ip = "127.0.0.1"
if os.geteuid() == 0:  # CI runs as root: every server runs as the hub's user, root too
    c.Spawner.args = ["--allow-root"]
