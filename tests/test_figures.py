"""Every figure the prose gives as measured is in a stored output: a rerun that changes a number fails here until the prose follows.

A figure is a number with three decimals (an NMI, an ARI, a silhouette), alone or as `mean ± std`. It must appear, written the
same way, in the stored outputs of its own notebook, in the outputs of `09_bench` (the benchmark the other pages cite), or in a
result file kept under `benchmarks/`. The few figures quoted from outside the project are listed in `QUOTED`, each with its source.
"""
import json
import re
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NBS = REPO/'nbs'
FIGURE = re.compile(r'(?<![\d.])\d+\.\d{3}(?:\s*±\s*\d+\.\d{3})?(?![\d])')
CITED = ['09_bench.ipynb']   # pages whose outputs any page may cite

QUOTED = {   # notebook: {figure: where it comes from}
    '01_features.ipynb': {'30.013': "a GTZAN clip's length in seconds, a property of the data"},
    '03_models.ipynb': {'30.013': "a GTZAN clip's length in seconds, a property of the data"},
    '02_lyrics.ipynb': {'0.039': 'the reference run of issue 4 (TF-IDF + SVD-50 + K-Means), measured outside this project'},
    '05a_factors.ipynb': {},
    'tutorials/10_easy.ipynb': {'0.324': 'the published K-Means figure on GTZAN\'s feature table'},
}


def outputs(nb:Path) -> str:
    "The text of every stored output of a notebook: streams, plain text, Markdown and HTML."
    parts = []
    for cell in json.loads(nb.read_text(encoding='utf-8'))['cells']:
        for o in cell.get('outputs', []):
            parts.append(''.join(o.get('text', '')))
            parts += [''.join(v) for k, v in o.get('data', {}).items() if k.startswith('text/')]
    return ' '.join(parts)


def kept_results() -> str:
    "The result files kept in the repository under `benchmarks/`."
    files = subprocess.run(['git', 'ls-files', 'benchmarks'], cwd=REPO, capture_output=True, text=True).stdout.split()
    return ' '.join((REPO/f).read_text(encoding='utf-8') for f in files if f.endswith(('.txt', '.csv', '.md')))


def figures(nb:Path) -> list[tuple[str, str]]:
    "Each figure in the notebook's Markdown, with the words around it."
    found = []
    for cell in json.loads(nb.read_text(encoding='utf-8'))['cells']:
        if cell['cell_type'] != 'markdown': continue
        md = ''.join(cell['source'])
        found += [(' '.join(m.group().split()), ' '.join(md[max(0, m.start()-60):m.end()+10].split())) for m in FIGURE.finditer(md)]
    return found


def _flat(text:str) -> str: return ' '.join(text.split())


NOTEBOOKS = sorted(p.relative_to(NBS).as_posix() for p in NBS.rglob('*.ipynb') if not p.name.startswith(('_', '.')))


@pytest.mark.parametrize('page', NOTEBOOKS)
def test_prose_figures_are_stored_outputs(page):
    stored = _flat(outputs(NBS/page) + ' '.join(outputs(NBS/c) for c in CITED) + kept_results())
    quoted = QUOTED.get(page, {})
    missing = [f'{fig!r} in "...{around}..."' for fig, around in figures(NBS/page) if fig not in stored and fig not in quoted]
    assert not missing, f'{page}: figures in the prose that no stored output holds:\n' + '\n'.join(missing)


def test_a_changed_figure_is_caught(tmp_path):
    "The check itself: one digit changed in the Easy tutorial's prose is a figure no output holds."
    nb = json.loads((NBS/'tutorials'/'10_easy.ipynb').read_text(encoding='utf-8'))
    cell = next(c for c in nb['cells'] if c['cell_type'] == 'markdown' and FIGURE.search(''.join(c['source'])))
    text = ''.join(cell['source']); m = FIGURE.search(text)
    changed = m.group()[:-1] + str((int(m.group()[-1]) + 1) % 10)
    cell['source'] = text[:m.start()] + changed + text[m.end():]
    (tmp_path/'10_easy.ipynb').write_text(json.dumps(nb), encoding='utf-8')
    stored = _flat(outputs(NBS/'tutorials'/'10_easy.ipynb') + ' '.join(outputs(NBS/c) for c in CITED) + kept_results())
    assert any(fig not in stored for fig, _ in figures(tmp_path/'10_easy.ipynb'))
