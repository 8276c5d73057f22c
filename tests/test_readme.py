"README.md is generated from nbs/index.ipynb and says what CI does."
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO/'tools'))
from readme import readme_text  # noqa: E402


def test_readme_matches_index():
    assert (REPO/'README.md').read_text(encoding='utf-8') == readme_text(), 'README.md is stale: run python tools/readme.py'


def test_ci_runs_the_readme_commands():
    "The README's test command is the one .ci/run runs."
    readme, ci = (REPO/'README.md').read_text(), (REPO/'.ci'/'run').read_text()
    command = 'pip install -e ".[tf,dev]" && pytest'
    assert command in readme and command in ci
    assert 'pip install -e ".[tf]" && music-clust run --tier easy --out results' in readme
