"The notebooks are the source: their own tests pass, and the package is exactly what they export."
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def nbdev(cmd, *args):
    "Run an nbdev command from this environment in the repository."
    exe = Path(sys.executable).parent/cmd
    return subprocess.run([str(exe), *args], cwd=REPO, capture_output=True, text=True, timeout=1800)


@pytest.mark.long
def test_notebooks_pass_their_tests():
    p = nbdev('nbdev_test', '--n_workers', '2', '--do_print')
    assert p.returncode == 0, p.stdout[-3000:] + p.stderr[-5000:]


def test_package_matches_notebooks(tmp_path):
    "Exporting the notebooks again changes nothing in music_clust/."
    before = {f: f.read_text() for f in (REPO/'music_clust').glob('*.py')}
    p = nbdev('nbdev_export')
    assert p.returncode == 0, p.stderr
    after = {f: f.read_text() for f in (REPO/'music_clust').glob('*.py')}
    changed = sorted(f.name for f in before.keys() | after.keys() if before.get(f) != after.get(f))
    assert not changed, f'nbdev_export changed {changed}: export the notebooks and commit the result'
