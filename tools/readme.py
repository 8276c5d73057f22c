"""Write README.md from nbs/index.ipynb, the docs' home page, with its pictures as committed files.

nbdev_readme needs Quarto, which cannot be installed on every machine; nbconvert's Markdown
exporter gives the same page from the stored outputs. Image outputs are written to nbs/images/readme/
and linked by relative path, so that GitHub shows them. `tests/test_readme.py` fails when the README
or its pictures drift from the notebook.
Usage: python tools/readme.py
"""
import hashlib
from pathlib import Path

import nbformat
from nbconvert import MarkdownExporter

REPO = Path(__file__).resolve().parents[1]
HEADER = '<!-- Generated from nbs/index.ipynb by tools/readme.py: edit the notebook, then run the script. -->\n\n'
IMAGES = 'nbs/images/readme'  # relative to the repository root, where README.md is


def readme(index=REPO/'nbs'/'index.ipynb') -> tuple[str, dict[str, bytes]]:
    "The README as Markdown (the index notebook without hidden cells or nbdev directives), and its pictures by path."
    nb = nbformat.read(index, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == 'code' and '#| hide' in c.source)]
    for c in nb.cells:
        if c.cell_type == 'code': c.source = '\n'.join(l for l in c.source.splitlines() if not l.startswith('#|')).strip()
    body, res = MarkdownExporter().from_notebook_node(nb, resources={'output_files_dir': IMAGES, 'unique_key': 'index'})
    images = {}
    for name, data in res.get('outputs', {}).items():  # named by content, so that a new cell above renames nothing
        stable = f'{IMAGES}/index_{hashlib.sha1(data).hexdigest()[:12]}{Path(name).suffix}'
        body, images[stable] = body.replace(f']({name})', f']({stable})'), data
    return HEADER + body, images


def readme_text(index=REPO/'nbs'/'index.ipynb') -> str:
    "The README as Markdown."
    return readme(index)[0]


if __name__ == '__main__':
    text, images = readme()
    folder = REPO/IMAGES
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        if f'{IMAGES}/{old.name}' not in images: old.unlink()  # pictures of an earlier version
    for path, data in images.items(): (REPO/path).write_bytes(data)
    (REPO/'README.md').write_text(text, encoding='utf-8')
    print(f'README.md written from nbs/index.ipynb, with {len(images)} picture(s) in {IMAGES}/')
