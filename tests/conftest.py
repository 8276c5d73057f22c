"Shared fixtures: the real-music samples beside the repository, and one feature cache per test session."
import os
import shutil
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


def music_clust(*args, timeout=900):
    "Run the installed `music-clust` command as a user types it; return the completed process."
    exe = shutil.which('music-clust', path=str(Path(sys.executable).parent)) or shutil.which('music-clust')
    assert exe, 'the music-clust command is not installed: pip install -e ".[tf,dev]"'
    return subprocess.run([exe] + [str(a) for a in args], capture_output=True, text=True, timeout=timeout)


def pytest_collection_modifyitems(items):
    "The longest tests first (marked `long`), so that two workers finish together instead of one waiting on the last long test."
    items.sort(key=lambda item: item.get_closest_marker('long') is None)
