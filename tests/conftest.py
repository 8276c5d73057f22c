"Shared fixtures: the real-music samples beside the repository, and one feature cache per test session."
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent/'shared'/'data'


@pytest.fixture(scope='session')
def shared():
    "The real GTZAN and lyrics samples in ../shared/data (skipped with a reason where absent)."
    if not SHARED.is_dir(): pytest.skip(f'real-music samples not found at {SHARED} (they live beside the repository in CI)')
    return SHARED


@pytest.fixture(scope='session', autouse=True)
def cache_dir(tmp_path_factory):
    "One music_clust cache for the whole session, so the synthetic set and its features are made once."
    d = tmp_path_factory.mktemp('cache')
    os.environ['MUSIC_CLUST_CACHE'] = str(d)
    return d


def python(*args, timeout=900):
    "Run this Python with `args`, importing this repository's `music_clust` whatever is installed; return the completed process."
    env = {**os.environ, 'PYTHONPATH': os.pathsep.join(p for p in (str(REPO), os.environ.get('PYTHONPATH', '')) if p)}
    return subprocess.run([sys.executable, *map(str, args)], capture_output=True, text=True, timeout=timeout, env=env)


def music_clust(*args, timeout=900):
    "Run the `music-clust` command as a user types it (`python -m music_clust`: this tree's code); return the completed process."
    return python('-m', 'music_clust', *args, timeout=timeout)


def pytest_collection_modifyitems(items):
    "The longest tests first (marked `long`), so that two workers finish together instead of one waiting on the last long test."
    items.sort(key=lambda item: item.get_closest_marker('long') is None)
