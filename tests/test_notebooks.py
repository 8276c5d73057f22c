"The notebooks are the source: each one's own tests pass, and the package is exactly what they export."
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(p.relative_to(REPO/'nbs').as_posix() for p in (REPO/'nbs').rglob('*.ipynb') if not p.name.startswith(('_', '.')))
SLOW = {'tutorials/12_hard.ipynb', 'tutorials/11_medium.ipynb', 'tutorials/10_easy.ipynb', '07c_run.ipynb', '09_bench.ipynb'}


def nbdev(cmd, *args):
    "Run an nbdev command from this environment in the repository."
    exe = Path(sys.executable).parent/cmd
    return subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True, timeout=1800)


@pytest.mark.parametrize('notebook', [pytest.param(n, marks=pytest.mark.long) if n in SLOW else n for n in NOTEBOOKS])
def test_notebook_passes_its_tests(notebook):
    "One test per notebook, so that pytest-xdist spreads them over the workers."
    p = nbdev('nbdev_test', '--path', f'nbs/{notebook}', '--n_workers', '0', '--do_print')
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-5000:]


def test_package_matches_notebooks(tmp_path):
    "Exporting the notebooks again changes nothing in music_clust/."
    before = {f: f.read_text() for f in (REPO/'music_clust').glob('*.py')}
    p = nbdev('nbdev_export')
    assert p.returncode == 0, p.stderr
    after = {f: f.read_text() for f in (REPO/'music_clust').glob('*.py')}
    changed = sorted(f.name for f in before.keys() | after.keys() if before.get(f) != after.get(f))
    assert not changed, f'nbdev_export changed {changed}: export the notebooks and commit the result'
