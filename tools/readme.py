"""Write README.md from nbs/index.ipynb, the docs' home page.

nbdev_readme needs Quarto, which cannot be installed on every machine; nbconvert's Markdown
exporter gives the same page from the stored outputs. `tests/test_readme.py` fails when the two drift.
Usage: python tools/readme.py
"""
from pathlib import Path

import nbformat
from nbconvert import MarkdownExporter

REPO = Path(__file__).resolve().parents[1]
HEADER = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run the script. -->\n\n'


def readme_text(index=REPO/'nbs'/'index.ipynb') -> str:
    "The README as Markdown: the index notebook without hidden cells or nbdev directives."
    nb = nbformat.read(index, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == 'code' and '#| hide' in c.source)]
    for c in nb.cells:
        if c.cell_type == 'code': c.source = '\n'.join(l for l in c.source.splitlines() if not l.startswith('#|')).strip()
    body, _ = MarkdownExporter().from_notebook_node(nb)
    return HEADER + body


if __name__ == '__main__':
    (REPO/'README.md').write_text(readme_text(), encoding='utf-8')
    print('README.md written from nbs/index.ipynb')
