"""Render the docs site to plain HTML without Quarto, to open and look at locally.

Quarto (which `nbdev_docs` needs) cannot be installed on every machine; nbconvert can. Each page of
`nbs/sidebar.yml` (the home page, the tutorials, the API) is filtered the way nbdev's docs are and
rendered from its stored outputs (nothing is executed) with nbconvert's `HTMLExporter`, images
embedded, so that every page is one file. Every page carries the site's navigation, in sidebar order.

- `#| hide`, `#| include: false`, `#| default_exp` and nbdev's other directive-only cells are dropped;
  `#| echo: false` keeps only the output, `#| output: false` only the input; directive lines are removed.
- Exported cells show what `show_doc` shows (the signature with its documented arguments, a class's
  constructor arguments, the docstring), not their code; `show_doc`'s stored `[source](...){target=...}`
  links lose the Quarto attributes that nbconvert would show as text.

nbdev's own processors (`nbdev_proc_nbs`) are not used: to call `show_doc` they execute every cell
that imports anything, which here re-runs feature extraction and takes minutes; this takes seconds.

Usage: python tools/preview.py [--out _preview]    then open _preview/index.html
"""
from __future__ import annotations

import argparse
import ast
import html
import re
import time
from pathlib import Path

import nbformat
import yaml
from nbconvert import HTMLExporter
from traitlets.config import Config

REPO = Path(__file__).resolve().parents[1]
NBS = REPO/'nbs'
_DIRECTIVE = re.compile(r'^\s*#\s*\|\s*(.*?)\s*$')
_DROP = {'hide', 'default_exp', 'exporti', 'include: false'}  # cells nbdev leaves out of the docs
_EXPORT = {'export', 'exports'}


def sidebar(path=NBS/'sidebar.yml') -> list[tuple[str|None, list[str]]]:
    "The sidebar's pages as (section, notebooks) in order; pages outside any section have section None."
    out = []
    for item in yaml.safe_load(Path(path).read_text())['website']['sidebar']['contents']:
        if isinstance(item, str): out.append((None, [item]))
        else: out.append((item['section'], list(item['contents'])))
    return out


def pages(path=NBS/'sidebar.yml') -> list[str]:
    "Every notebook of the sidebar, in order, as paths relative to nbs/."
    return [p for _, ps in sidebar(path) for p in ps]


def _directive(text:str) -> str:
    "A directive as compared here: lower case, 'key: value', no trailing comment; `export`-like ones by name only."
    d = re.sub(r'\s*:\s*', ': ', text.lower()).split(' #')[0].strip()
    head = d.split()[0] if d else ''
    return head if head in ('default_exp', 'export', 'exports', 'exporti') else d


def directives(source:str) -> tuple[set[str], str]:
    "The cell's `#|` directives and its source without them."
    found, keep = set(), []
    for line in source.splitlines():
        if m := _DIRECTIVE.match(line): found.add(_directive(m.group(1)))
        else: keep.append(line)
    return found, '\n'.join(keep).strip()


def _api_markdown(source:str) -> str:
    "What `show_doc` would show for the public functions and classes an exported cell defines."
    try: tree = ast.parse(source)
    except SyntaxError: return ''
    lines, parts = source.splitlines(), []
    for node in tree.body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) or node.name.startswith('_'): continue
        start = min([d.lineno for d in node.decorator_list] + [node.lineno]) - 1
        end = node.body[0].lineno - 1  # the header with its docments, up to the body
        if isinstance(node.body[0], ast.Expr) and end == start + 1 and ':' in lines[start] and not lines[start].rstrip().endswith(':'):
            end = start + 1  # a one-line def
        header = '\n'.join(lines[start:max(end, start + 1)]).rstrip()
        if isinstance(node, ast.ClassDef): header = '\n'.join(lines[start:node.lineno] + _constructor(node, lines))
        doc = ast.get_docstring(node) or ''
        parts.append(f'### {node.name}\n\n```python\n{header}\n```\n\n' + (f'> {doc}\n' if doc else ''))
    return '\n'.join(parts)


def _constructor(node:ast.ClassDef, lines:list[str]) -> list[str]:
    "A class's constructor arguments as `show_doc` lists them: the `__init__` header with its docments, else the fields of a dataclass."
    init = next((n for n in node.body if isinstance(n, ast.FunctionDef) and n.name == '__init__'), None)
    if init: return lines[init.lineno - 1:max(init.body[0].lineno - 1, init.lineno)]
    fields = [n for n in node.body if isinstance(n, ast.AnnAssign)]
    return lines[fields[0].lineno - 1:fields[-1].end_lineno] if fields else []


_PANDOC_ATTRS = re.compile(r'(\]\([^)\s]*\))\{[^}\n]*\}')  # `[source](url){target="_blank" ...}`: Quarto reads it, nbconvert shows it


def _plain_links(markdown:str) -> str: return _PANDOC_ATTRS.sub(r'\1', markdown)


def filter_cells(nb):
    "The notebook as the docs show it: hidden cells out, directives off, exported code as its API."
    cells = []
    for c in nb.cells:
        if c.cell_type == 'raw': continue
        if c.cell_type == 'markdown':
            if c.source.strip(): c.source = _plain_links(c.source); cells.append(c)
            continue
        ds, src = directives(c.source)
        if ds & _DROP: continue
        if ds & _EXPORT:
            if api := _api_markdown(src): cells.append(nbformat.v4.new_markdown_cell(api))
            continue
        c.source = src
        tags = set(c.metadata.get('tags', []))
        if 'echo: false' in ds: tags.add('remove_input')
        if 'output: false' in ds: c.outputs = []
        if not c.source and not c.outputs: continue
        if not c.outputs: tags.add('remove_output')
        c.metadata['tags'] = sorted(tags)
        c.execution_count = None
        for o in c.outputs:
            if 'execution_count' in o: o['execution_count'] = None
            if 'text/markdown' in o.get('data', {}): o['data']['text/markdown'] = _plain_links(o['data']['text/markdown'])
        cells.append(c)
    nb.cells = cells
    return nb


def page_title(nb, default:str) -> str:
    "The page's title: its first `# heading`."
    for c in nb.cells:
        if c.cell_type == 'markdown' and (m := re.match(r'^#\s+(.+)$', c.source.strip(), re.MULTILINE)): return m.group(1).strip()
    return default


def _html_name(page:str) -> str: return re.sub(r'\.ipynb$', '.html', page)


def _nav(page:str, titles:dict[str, str]) -> str:
    "The site's navigation for one page: every page in sidebar order, the current one in bold."
    up = '../' * page.count('/')
    groups = []
    for section, ps in sidebar():
        links = ' · '.join(f'<b>{html.escape(titles[p])}</b>' if p == page else
                           f'<a href="{up}{_html_name(p)}">{html.escape(titles[p])}</a>' for p in ps)
        groups.append(f'<span class="mc-section">{html.escape(section)}:</span> {links}' if section else links)
    return ('<nav class="mc-nav" style="font:14px/1.6 sans-serif;padding:8px 16px;border-bottom:1px solid #ddd;background:#f7f7f9">'
            + '<br>'.join(groups) + '</nav>')


def _exporter() -> HTMLExporter:
    "nbconvert's HTML exporter, markdown images embedded as data URIs too (one file per page), tagged inputs/outputs removed."
    cfg = Config()
    cfg.TagRemovePreprocessor.enabled = True
    cfg.TagRemovePreprocessor.remove_input_tags = {'remove_input'}
    cfg.TagRemovePreprocessor.remove_all_outputs_tags = {'remove_output'}
    return HTMLExporter(config=cfg, embed_images=True, exclude_input_prompt=True, exclude_output_prompt=True)


def render_page(src:Path, page:str, titles:dict[str, str], exporter:HTMLExporter|None=None) -> str:
    "One page as a self-contained HTML document, with the site's navigation."
    nb = filter_cells(nbformat.read(src, as_version=4))
    body, _ = (exporter or _exporter()).from_notebook_node(
        nb, resources={'metadata': {'name': titles.get(page, Path(page).stem), 'path': str(src.parent)}})
    body = re.sub(r'href="(?!https?:|#|/)([^"#]+)\.ipynb(#[^"]*)?"', lambda m: f'href="{m.group(1)}.html{m.group(2) or ""}"', body)
    return re.sub(r'(<body[^>]*>)', lambda m: m.group(1) + _nav(page, titles), body, count=1)


def build(out=REPO/'_preview') -> list[Path]:
    "Render every page of the sidebar into `out`; the written files, index first."
    ps = pages()
    titles = {p: page_title(nbformat.read(NBS/p, as_version=4), Path(p).stem) for p in ps}
    titles = {p: ('Home' if p == 'index.ipynb' else t) for p, t in titles.items()}
    exporter, written = _exporter(), []
    for p in ps:
        dest = Path(out)/_html_name(p)
        dest.parent.mkdir(parents=True, exist_ok=True)
        dest.write_text(render_page(NBS/p, p, titles, exporter), encoding='utf-8')
        written.append(dest)
    return written


if __name__ == '__main__':
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--out', default=str(REPO/'_preview'), help='where the HTML goes (default: _preview/)')
    a = ap.parse_args()
    t = time.perf_counter()
    files = build(a.out)
    print(f'{len(files)} pages in {time.perf_counter() - t:.1f} s; open {files[0]}')
