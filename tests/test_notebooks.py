"The notebooks are the source: each one's own tests pass, and the package is exactly what they export."
import contextlib
import io
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.relative_to(REPO/'nbs').as_posix() for p in (REPO/'nbs').rglob('*.ipynb') if not p.name.startswith(('_', '.')))
SLOW = {'tutorials/12_hard.ipynb', 'tutorials/11_medium.ipynb', 'tutorials/10_easy.ipynb', '03a_train.ipynb', '07g_run.ipynb'}


def nbdev(cmd, *args):
    "Run an nbdev command from this environment in the repository."
    exe = Path(sys.executable).parent/cmd
    return subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True, timeout=1800)


@pytest.mark.parametrize('notebook', [pytest.param(n, marks=pytest.mark.long) if n in SLOW else n for n in NOTEBOOKS])
def test_notebook_passes_its_tests(notebook):
    """One test per notebook, so that pytest-xdist spreads them over the workers. Each runs as `nbdev_test` runs it (nbdev's
    own `test_nb`: the settings' skip flags, `IN_TEST` set), but in this worker, whose Keras, TensorFlow and numba are already
    loaded: a new interpreter per notebook cost 10-15 s of imports each. The failing cell's traceback is the message."""
    import matplotlib.pyplot as plt
    from fastcore.xtras import working_directory
    from nbdev.config import get_config
    from nbdev.test import test_nb
    from music_clust.models import keras
    cfg, err = get_config(path=REPO), io.StringIO()
    registered = dict(keras.saving.get_custom_objects())  # the package's classes, as Keras loads them from files and pickles
    try:
        with working_directory(cfg.nbs_path), contextlib.redirect_stderr(err):
            passed, _ = test_nb(cfg.nbs_path/notebook, skip_flags=cfg.tst_flags.split(), basepath=cfg.config_path)
    finally:  # a notebook that defines a model class registers its own copy under the package's name: put the package's back
        keras.saving.get_custom_objects().clear(); keras.saving.get_custom_objects().update(registered)
        plt.switch_backend('Agg')  # the notebook's shell switched pyplot to its inline backend
    report = err.getvalue()
    assert passed, report if len(report) < 8000 else f'{report[:5000]}\n[...]\n{report[-3000:]}'


def test_package_matches_notebooks(tmp_path):
    "Exporting the notebooks again changes nothing in music_clust/."
    before = {f: f.read_text() for f in (REPO/'music_clust').glob('*.py')}
    p = nbdev('nbdev_export')
    assert p.returncode == 0, p.stderr
    after = {f: f.read_text() for f in (REPO/'music_clust').glob('*.py')}
    changed = sorted(f.name for f in before.keys() | after.keys() if before.get(f) != after.get(f))
    assert not changed, f'nbdev_export changed {changed}: export the notebooks and commit the result'
