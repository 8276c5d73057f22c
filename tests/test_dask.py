"Feature extraction on a Dask cluster: the joblib path's features to the last bit, and a worker killed mid-run costs only time."
import contextlib
import io
import os
import signal
import threading
import time

import numpy as np
import pytest

distributed = pytest.importorskip('distributed', reason='the dask extra is not installed: pip install "music_clust[dask]"')

from music_clust.data import load_audio_folder
from music_clust.features import FeatureParams, compile_kernels, extract_features
from music_clust.synth import make_synthetic

PARAMS = FeatureParams(duration=4.5)  # one segment, and one of the augmented copy (1.5 s later)


@pytest.fixture(scope='module')
def clips(tmp_path_factory):
    "30 synthetic 4.5-s clips, three per style."
    root = make_synthetic(tmp_path_factory.mktemp('synth'), n_per_genre=3, duration=PARAMS.duration, progress=False)
    return load_audio_folder(root).paths


@pytest.fixture(scope='module')
def reference(clips):
    "The joblib path's features, in this process."
    return extract_features(clips, PARAMS, cache_dir=False, n_jobs=1, progress=False)


@pytest.fixture(scope='module')
def cluster():
    "Two single-threaded worker processes, as `--scheduler local` starts on two cores."
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as c: yield c


def assert_same(a, b):
    "The two extractions kept and refused the same clips and agree to the last bit."
    assert (a.kept, a.failed, a.padded) == (b.kept, b.failed, b.padded)
    for name in ('mfcc', 'summary', 'tempo', 'segments', 'augmented'):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert a.segments.shape[1] == a.augmented.shape[1] == 1  # both compared, not empty


def entries(cache) -> int: return len(list(cache.rglob('*.npz')))


def test_same_as_joblib(clips, reference, cluster, tmp_path):
    f = extract_features(clips, PARAMS, cache_dir=tmp_path, scheduler=cluster.scheduler_address, progress=False)
    assert_same(f, reference)
    assert isinstance(f.mfcc, np.memmap) and f.mfcc.mode == 'r'  # the store on disk, not a copy gathered in memory
    assert (f.n_cached, entries(tmp_path)) == (0, len(clips))
    again = extract_features(clips, PARAMS, cache_dir=tmp_path, scheduler=cluster.scheduler_address, progress=False)
    assert again.n_cached == len(clips)
    assert_same(again, reference)


def test_worker_killed_mid_run(clips, reference, cluster, tmp_path):
    with distributed.Client(cluster) as client:
        client.run(compile_kernels, PARAMS)  # both workers warm, so the kill lands in the analysis, not in an import
        victim = next(iter(client.run(os.getpid).values()))
    seen = []
    def kill_once_some_are_cached():
        deadline = time.monotonic() + 120
        while not entries(tmp_path) and time.monotonic() < deadline: time.sleep(0.002)
        seen.append(entries(tmp_path)); os.kill(victim, signal.SIGKILL)
    killer = threading.Thread(target=kill_once_some_are_cached); killer.start()
    f = extract_features(clips, PARAMS, cache_dir=tmp_path, scheduler=cluster.scheduler_address, progress=False)
    killer.join()
    assert 0 < seen[0] < len(clips), f'the worker was killed with {seen[0]} of {len(clips)} entries cached: not mid-run'
    assert_same(f, reference)  # complete: the dead worker's batch was recomputed elsewhere
    again = extract_features(clips, PARAMS, cache_dir=tmp_path, progress=False)
    assert again.n_cached == len(clips)  # the re-run computes nothing
    assert list(tmp_path.rglob('*.tmp*')) == []
    assert_same(again, reference)


def test_local_cluster(clips, reference, tmp_path):
    err = io.StringIO()
    with contextlib.redirect_stderr(err):
        f = extract_features(clips[:6], PARAMS, cache_dir=tmp_path, n_jobs=1, scheduler='local', progress=False)
    assert 'Dask dashboard: http' in err.getvalue()
    assert f.kept == list(range(6))
    assert np.array_equal(f.summary, reference.summary[:6]) and np.array_equal(f.mfcc, reference.mfcc[:6])
