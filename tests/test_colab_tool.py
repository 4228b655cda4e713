"""tools/colab.py: the Colab install lines go in, stay valid IPython, update in place and come out again."""

import ast
import sys
from pathlib import Path

import nbformat
import pytest
from IPython.core.inputtransformer2 import TransformerManager

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tools"))
import colab  # noqa: E402

REPO = "https://example.org/course/dl1.git"
FIRST = 'import helpers\nctx = helpers.setup_notebook("01_x")\nimport numpy as np'


def _notebook(tmp_path, first=FIRST):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_code_cell(first),
                                         nbformat.v4.new_code_cell("import helpers  # a later cell stays as it is")])
    path = tmp_path / "01_x.ipynb"
    nbformat.write(nb, path)
    return path


def _first(path):
    return nbformat.read(path, as_version=4).cells[1].source


def test_the_install_lines_replace_import_helpers_and_are_valid_ipython(tmp_path):
    path = _notebook(tmp_path)
    assert colab.main(["--repo", REPO, str(path)]) == 0
    source = _first(path)
    assert source.startswith(colab.MARKER + "\n    import helpers\nexcept ModuleNotFoundError:\n")
    assert f'%pip install --quiet --no-deps "dl1-notebooks @ git+{REPO}@main"' in source
    assert source.endswith('    import helpers\nctx = helpers.setup_notebook("01_x")\nimport numpy as np')
    python = TransformerManager().transform_cell(source)
    tree = ast.parse(python)
    assert isinstance(tree.body[0], ast.Try)
    assert "get_ipython().run_line_magic('pip'" in python
    assert nbformat.read(path, as_version=4).cells[2].source.startswith("import helpers  #")


def test_running_it_again_updates_in_place_and_check_sees_staleness(tmp_path, capsys):
    path = _notebook(tmp_path)
    colab.main(["--repo", REPO, str(path)])
    assert colab.main(["--repo", REPO, "--check", str(path)]) == 0
    assert colab.main(["--repo", REPO, "--ref", "v1.0", "--check", str(path)]) == 1
    colab.main(["--repo", REPO, "--ref", "v1.0", str(path)])
    source = _first(path)
    assert source.count(colab.MARKER) == 1 and f"git+{REPO}@v1.0" in source and "@main" not in source
    assert "out of date" in capsys.readouterr().out


def test_remove_restores_the_original_cell(tmp_path):
    path = _notebook(tmp_path)
    colab.main(["--repo", REPO, str(path)])
    assert colab.main(["--remove", str(path)]) == 0
    assert _first(path) == FIRST


@pytest.mark.parametrize("repo, ref, message", [
    ("github.com/x", "main", "repo must be a git URL"),
    ('https://x/y"; rm -rf /', "main", "repo must be a git URL"),
    (REPO, "a b", "ref must be"),
])
def test_bad_urls_and_refs_are_refused(repo, ref, message):
    with pytest.raises(ValueError, match=message):
        colab.install_block(repo, ref)


def test_a_notebook_without_import_helpers_is_refused(tmp_path, capsys):
    path = _notebook(tmp_path, first="import numpy as np")
    assert colab.main(["--repo", REPO, str(path)]) == 2
    assert "import helpers" in capsys.readouterr().err
