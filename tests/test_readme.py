"README.md is generated from nbs/index.ipynb and says what CI does."
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO/'tools'))
from readme import IMAGES, readme, readme_text  # noqa: E402


def test_readme_matches_index():
    assert (REPO/'README.md').read_text(encoding='utf-8') == readme_text(), 'README.md is stale: run python tools/readme.py'


def test_readme_pictures_are_committed_files():
    "Every picture of the README is a file beside it, as the notebook stores it, linked by a relative path."
    text, images = readme()
    links = re.findall(r'!\[[^\]]*\]\(([^)]+)\)', text)
    assert images and sorted(l for l in links if not l.startswith('http')) == sorted(images)
    for path, data in images.items():
        assert path.startswith(IMAGES + '/') and (REPO/path).read_bytes() == data, f'{path} is stale: run python tools/readme.py'
        assert len(data) < 60_000, f'{path}: {len(data)} bytes'
    assert sorted(f'{IMAGES}/{p.name}' for p in (REPO/IMAGES).iterdir()) == sorted(images), 'stale pictures in ' + IMAGES


def test_ci_runs_the_readme_commands():
    "The README's test command is the one .ci/run runs."
    readme, ci = (REPO/'README.md').read_text(), (REPO/'.ci'/'run').read_text()
    command = 'pip install -e ".[tf,dev]" && pytest'
    assert command in readme and command in ci
    assert 'pip install -e ".[tf]" && music-clust run --tier easy --out results' in readme
