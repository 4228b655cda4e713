import os
import subprocess
import sys

import pytest

from helpers import setup


def test_run_dir_respects_env_and_creates_folder(tmp_path, monkeypatch):
    monkeypatch.setenv(setup.RUN_DIR_ENV, str(tmp_path / "runs"))
    path = setup.run_dir("07_regularization")
    assert path == tmp_path / "runs" / "07_regularization" and path.is_dir()


@pytest.mark.parametrize("bad", ["", "../escape", "a b", None, 3])
def test_run_dir_rejects_bad_names(bad):
    with pytest.raises(ValueError, match="run folder name"):
        setup.run_dir(bad)


def test_default_run_dir_is_gitignored_runs_folder(monkeypatch):
    monkeypatch.delenv(setup.RUN_DIR_ENV, raising=False)
    root = setup.project_root()
    assert root is not None
    assert setup.run_dir("probe") == root / "runs" / "probe"
    assert "runs/" in (root / ".gitignore").read_text().splitlines()


@pytest.mark.parametrize("seed", [-1, 1.5, "0", True])
def test_setup_rejects_bad_seed(seed):
    with pytest.raises(ValueError, match="seed"):
        setup.setup_notebook("probe", seed=seed, keras=False)


def test_setup_in_fresh_process_is_quiet_seeded_and_prints_versions(tmp_path):
    """A fresh interpreter: no TF noise on stderr, versions on one line, identical random draws per seed."""
    code = (
        "import helpers, numpy as np\n"
        "ctx = helpers.setup_notebook('probe', seed=3)\n""import keras\n"
        "print(np.random.rand(), ctx.rng.random(), float(keras.random.uniform(())))\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env["DL1_RUN_DIR"] = str(tmp_path)
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
            for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
        assert run.stderr.strip() == "", f"stderr should be empty, got: {run.stderr[:500]}"
        first = run.stdout.splitlines()[0]
        assert first.startswith("Python ") and "TensorFlow 2." in first and "Keras 3." in first and "seed 3" in first
    assert runs[0].stdout == runs[1].stdout


def test_setup_refuses_when_tensorflow_came_first(tmp_path):
    code = "import os; os.environ.pop('TF_CPP_MIN_LOG_LEVEL', None); import tensorflow; import helpers; helpers.setup_notebook('p')"
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    env["DL1_RUN_DIR"] = str(tmp_path)
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode != 0 and "restart the kernel" in run.stderr


def test_figures_get_a_descriptive_plain_text_form_in_a_kernel():
    """In a notebook the text/plain form of a figure names its panels instead of '<Figure size ...>'."""
    from IPython.core.interactiveshell import InteractiveShell
    import matplotlib.pyplot as plt

    shell = InteractiveShell.instance()
    setup._register_figure_text(shell)
    fig, (a, b) = plt.subplots(1, 2)
    a.set_title("Loss")
    b.set_title("Accuracy")
    data, _ = shell.display_formatter.format(fig)
    assert data["text/plain"] == "[figure: Loss | Accuracy]"
    fig.suptitle("Training")
    assert setup.describe_figure(fig) == "[figure: Training | Loss | Accuracy]"
    assert setup.describe_figure(plt.figure()) == "[figure with 0 panel(s)]"


def test_importing_a_keras_helper_first_is_still_quiet(tmp_path):
    """A student who imports a Keras-based helper before setup_notebook still gets no TensorFlow noise."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("TF_")}
    run = subprocess.run([sys.executable, "-c", "import helpers.regularization"], capture_output=True, text=True,
                         env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert run.stderr.strip() == "", run.stderr[:500]
