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


def _fresh_python(code, tmp_path, **env_vars):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TF_", "DL1_"))}
    env.update(DL1_RUN_DIR=str(tmp_path), **env_vars)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)


def test_dl1_seed_overrides_the_notebook_seed_and_moves_every_draw(tmp_path):
    """One knob: DL1_SEED=5 gives exactly the draws of seed=5, whatever seed the notebook asks for."""
    code = (
        "import helpers, numpy as np, random\n"
        "ctx = helpers.setup_notebook('probe', seed={seed})\n""import keras\n"
        "print(ctx.seed, ctx.seeds(3), np.random.rand(), random.random(), ctx.rng.random(),"
        " float(keras.random.uniform(())), keras.layers.Dense(2).build((None, 3)) or 0)\n"
    )
    overridden = _fresh_python(code.format(seed=3), tmp_path, DL1_SEED="5")
    direct = _fresh_python(code.format(seed=5), tmp_path)
    plain = _fresh_python(code.format(seed=3), tmp_path)
    for run in (overridden, direct, plain):
        assert run.returncode == 0 and run.stderr.strip() == "", run.stderr[-800:]
    assert "seed 5 (from DL1_SEED)" in overridden.stdout.splitlines()[0]
    assert overridden.stdout.splitlines()[1] == direct.stdout.splitlines()[1]
    assert overridden.stdout.splitlines()[1].startswith("5 [5, 6, 7] ")
    assert plain.stdout.splitlines()[1] != direct.stdout.splitlines()[1]


@pytest.mark.parametrize("value", ["one", "-1", "1.5", "0x2"])
def test_a_bad_dl1_seed_gets_a_sentence_naming_the_variable(monkeypatch, value):
    monkeypatch.setenv(setup.SEED_ENV, value)
    with pytest.raises(ValueError, match=r"DL1_SEED must be a whole number >= 0, e\.g\. DL1_SEED=0"):
        setup.setup_notebook("probe", keras=False)


def test_an_empty_dl1_seed_means_unset(monkeypatch, tmp_path):
    monkeypatch.setenv(setup.RUN_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(setup.SEED_ENV, "  ")
    assert setup.setup_notebook("probe", seed=4, keras=False).seed == 4


@pytest.mark.parametrize("count, expected", [(1, [7]), (3, [7, 8, 9])])
def test_context_seeds_derive_from_the_seed_in_force(monkeypatch, tmp_path, count, expected):
    monkeypatch.setenv(setup.RUN_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(setup.SEED_ENV, "7")
    assert setup.setup_notebook("probe", seed=0, keras=False).seeds(count) == expected


@pytest.mark.parametrize("count", [0, -2, 1.5, True, "3"])
def test_context_seeds_rejects_a_bad_count(tmp_path, monkeypatch, count):
    monkeypatch.setenv(setup.RUN_DIR_ENV, str(tmp_path))
    monkeypatch.delenv(setup.SEED_ENV, raising=False)
    with pytest.raises(ValueError, match="positive whole number"):
        setup.setup_notebook("probe", keras=False).seeds(count)


def test_dl1_threads_caps_tensorflow_and_blas(tmp_path):
    code = (
        "import helpers\n"
        "ctx = helpers.setup_notebook('probe')\n"
        "import tensorflow as tf\nfrom threadpoolctl import threadpool_info\n"
        "print(tf.config.threading.get_intra_op_parallelism_threads(),"
        " tf.config.threading.get_inter_op_parallelism_threads(),"
        " sorted({pool['num_threads'] for pool in threadpool_info()}))\n"
    )
    run = _fresh_python(code, tmp_path, DL1_THREADS="1")
    assert run.returncode == 0 and run.stderr.strip() == "", run.stderr[-800:]
    assert run.stdout.splitlines()[0].endswith("| 1 thread")
    assert run.stdout.splitlines()[1] == "1 1 [1]"
    bad = _fresh_python(code, tmp_path, DL1_THREADS="0")
    assert bad.returncode != 0 and "DL1_THREADS must be a whole number >= 1" in bad.stderr
