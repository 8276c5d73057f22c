"Shared fixtures: the real-music samples beside the repository, one feature cache per test session, and the command run two ways."
import contextlib
import gc
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

# One thread per library in each test process: pytest-xdist runs one worker per core, and a library that starts a
# thread per core in each of them (OpenMP in scikit-learn and t-SNE, BLAS, numba, TensorFlow's pools) has its threads
# spin waiting for cores the other worker holds (a 1,000-point t-SNE map took 3.5 s on one thread and 39 s on two,
# see nbs/06a_maps). Set before numpy, numba or TensorFlow load; the processes a test starts inherit them.
for _threads in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS', 'NUMBA_NUM_THREADS',
                 'TF_NUM_INTRAOP_THREADS', 'TF_NUM_INTEROP_THREADS'):
    os.environ.setdefault(_threads, '1')
# And one process: `n_jobs=-1` (the package's default: a worker process per core, counted by `joblib.cpu_count`, which reads
# this variable) runs in the test's own process. A worker process imports the libraries anew for a few clips or one seed: in
# a sampling profile of the whole suite (py-spy, every process), joblib's workers were importing in 7.5 % of all samples, a
# third of the suite's importing. Tests that give `--jobs 2` or `n_jobs=2` still start worker processes (test_synthetic_default:
# seeds side by side; test_reliability: kills during extraction).
os.environ.setdefault('LOKY_MAX_CPU_COUNT', '1')

REPO = Path(__file__).resolve().parents[1]

# This tree's own code, in this process and in every process a test starts: an editable install (or a worktree
# sharing another checkout's environment) may point `music_clust` and the `music-clust` script at other files.
sys.path.insert(0, str(REPO))
os.environ['PYTHONPATH'] = os.pathsep.join([str(REPO)] + [p for p in os.environ.get('PYTHONPATH', '').split(os.pathsep) if p])
COMMAND = [sys.executable, '-m', 'music_clust']  # `music-clust`, from REPO

from music_clust.data import shared_data  # noqa: E402 (this tree's, now that REPO leads the path)
SHARED = shared_data()  # the real-music samples: $MUSIC_CLUST_SHARED, else ../shared/data beside REPO


@pytest.fixture(scope='session')
def shared():
    "The real GTZAN and lyrics samples in ../shared/data (skipped with a reason where absent)."
    if not SHARED.is_dir(): pytest.skip(f'real-music samples not found at {SHARED} (they live beside the repository in CI)')
    return SHARED


@pytest.fixture(scope='session', autouse=True)
def cache_dir(tmp_path_factory):
    """One music_clust cache for the whole session, shared by the pytest-xdist workers, so that each synthetic set and its
    features are made once. The package makes sharing safe: one process synthesises a set while the others wait on its
    lock, and each clip's features are written whole or not at all (see `test_reliability`)."""
    root = tmp_path_factory.getbasetemp()
    d = (root.parent if os.environ.get('PYTEST_XDIST_WORKER') else root)/'music_clust_cache'
    d.mkdir(exist_ok=True)
    os.environ['MUSIC_CLUST_CACHE'] = str(d)
    return d


@pytest.fixture(scope='session', autouse=True)
def frozen_libraries():
    """Keras and TensorFlow, scikit-learn, librosa and matplotlib, imported once per test worker and then left out of Python's
    garbage collection (`gc.freeze`): their 480,000 objects live as long as the worker, and every full collection of a
    long session had scanned them all again. Measured, whole suite, 3 workers on 2 cores: 238-243 s (user CPU 416-431 s, four runs)
    without, 221 and 230 s (user CPU 388 and 396 s) with."""
    import music_clust.maps, music_clust.run, music_clust.train  # noqa: F401
    gc.freeze()


def python(*args, timeout=900):
    "Run this Python with `args` (this tree's `music_clust`: see `PYTHONPATH` above); return the completed process."
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, timeout=timeout)


def music_clust(*args, timeout=900):
    "Run `music-clust ARGS` as a user types it (this tree's code, see `COMMAND`); return the completed process."
    return subprocess.run(COMMAND + [str(a) for a in args], capture_output=True, text=True, timeout=timeout)


def music_clust_here(*args) -> subprocess.CompletedProcess:
    """`music-clust ARGS` in this process: the `main` the command calls, with its status and output captured as `music_clust`
    gives them, but without a new interpreter's ~15 s of imports (and with this worker's warm Keras, numba and loky pool).
    The real command's start-up, one-line errors and interrupts are tested through `music_clust` above."""
    from music_clust.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err): status = main([str(a) for a in args])
    return subprocess.CompletedProcess(['music-clust', *map(str, args)], status, out.getvalue(), err.getvalue())


def chance_nmi(labels, partition, draws=20, seed=0) -> tuple[float, float]:
    """The NMI a random partition scores against `labels`: mean and highest over `draws` shuffles of `partition` (the same
    cluster sizes). Few tracks in many clusters score well above 0 by chance (40 tracks in 10 clusters: about 0.44), so a
    bound on NMI is meaningful only above this."""
    import numpy as np
    from sklearn.metrics import normalized_mutual_info_score
    rng = np.random.default_rng(seed)
    scores = [normalized_mutual_info_score(labels, rng.permutation(np.asarray(partition))) for _ in range(draws)]
    return float(np.mean(scores)), float(np.max(scores))


def pytest_collection_modifyitems(items):
    "The longest tests first (marked `long`), so that two workers finish together instead of one waiting on the last long test."
    items.sort(key=lambda item: item.get_closest_marker('long') is None)
