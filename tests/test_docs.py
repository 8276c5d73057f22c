"The docs site: its configuration, the local preview of every page, the workflows, and the tutorials' Colab cells."
import contextlib
import io
import json
import re
import sys
from configparser import ConfigParser
from pathlib import Path
from unittest.mock import patch

import nbformat
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
NBS = REPO/'nbs'
sys.path.insert(0, str(REPO/'tools'))
import preview  # noqa: E402

TUTORIALS = ['tutorials/10_easy.ipynb', 'tutorials/11_medium.ipynb', 'tutorials/12_hard.ipynb']
README_TEST_COMMAND = 'pip install -e ".[tf,dev]" && pytest'


def settings():
    c = ConfigParser(delimiters=['=']); c.read(REPO/'settings.ini', encoding='utf-8')
    return c['DEFAULT']


def notebook(page): return json.loads((NBS/page).read_text(encoding='utf-8'))


def src(cell): return ''.join(cell['source'])


# --- configuration -------------------------------------------------------------------------------

def test_sidebar_lists_every_notebook_once():
    "Tutorials then API, in numbered order; every listed notebook exists and every notebook is listed."
    sections = dict(preview.sidebar())
    assert list(sections) == [None, 'Tutorials', 'API']
    assert sections[None] == ['index.ipynb'] and sections['Tutorials'] == TUTORIALS
    api = sections['API']
    assert api == sorted(api) and all('/' not in p for p in api)
    listed = preview.pages()
    assert len(listed) == len(set(listed))
    missing = [p for p in listed if not (NBS/p).is_file()]
    assert not missing, f'sidebar.yml lists notebooks that do not exist: {missing}'
    on_disk = {str(p.relative_to(NBS)) for p in NBS.rglob('*.ipynb')
               if not any(part.startswith(('_', '.')) for part in p.relative_to(NBS).parts)}
    assert on_disk == set(listed), f'not in sidebar.yml: {sorted(on_disk - set(listed))}'


def test_nbdev_yml_is_what_nbdev_writes_from_settings():
    "nbdev_docs rewrites nbdev.yml from settings.ini: the committed one must be the same, or it drifts."
    from nbdev.quarto import _nbdev_yml
    cfg = settings()
    expected = _nbdev_yml.format(doc_path=Path(cfg['doc_path']).name,
                                 **{k: cfg[k] for k in ('title', 'description', 'branch', 'git_url', 'doc_host', 'doc_baseurl')})
    assert (NBS/'nbdev.yml').read_text() == expected
    site = yaml.safe_load(expected)['website']
    assert site['site-url'] == 'https://music-clust.github.io/music_clust'
    assert site['repo-url'] == 'https://github.com/music-clust/music_clust'


def test_quarto_yml_has_nbdevs_shape():
    q = yaml.safe_load((NBS/'_quarto.yml').read_text())
    assert q['project']['type'] == 'website'
    html = q['format']['html']
    assert html['theme'] == 'cosmo' and (NBS/html['css']).is_file()
    assert q['website']['sidebar']['style'] == 'floating' and q['website']['repo-actions']
    assert q['metadata-files'] == ['nbdev.yml', 'sidebar.yml']
    assert [i['href'] for i in q['website']['navbar']['right']] == [settings()['git_url']]
    left = [i['href'] for i in q['website']['navbar']['left']]
    assert all(h in preview.pages() for h in left), left
    assert settings()['custom_sidebar'] == 'True'  # so nbdev_docs keeps the hand-written sidebar


# --- the local preview ---------------------------------------------------------------------------

def test_local_preview(tmp_path):
    """Every page rendered once, from the stored outputs (nothing executed), and checked four ways. One test, not four sharing
    a module fixture: pytest-xdist built such a fixture once on each worker that ran one of them (about 20 s each)."""
    out = tmp_path/'preview'; out.mkdir()
    files = preview.build(out)
    site = out, {p: (out/preview._html_name(p)).read_text(encoding='utf-8') for p in preview.pages()}, files
    every_page_renders(site)
    images_exist(site)
    hidden_cells_are_not_shown(site)
    easy_page_has_its_results_table_and_plots(site)


def _shown_images(page):
    "How many image outputs the page shows: those of cells that are not hidden."
    n = 0
    for c in notebook(page)['cells']:
        if c['cell_type'] != 'code' or preview.directives(src(c))[0] & (preview._DROP | preview._EXPORT): continue
        n += sum(any(k.startswith('image/') for k in o.get('data', {})) for o in c.get('outputs', []))
    return n


def every_page_renders(site):
    out, pages, files = site
    assert files[0] == out/'index.html' and len(files) == len(preview.pages())
    for page, html in pages.items():
        assert html.startswith('<!DOCTYPE html>') and '</html>' in html, page
        assert '#|' not in re.sub(r'<[^>]+>', '', html), f'{page}: a directive line is shown'
    for page in preview.pages():  # the index links every page (the navigation, in sidebar order)
        assert f'href="{preview._html_name(page)}"' in pages['index.ipynb'] or page == 'index.ipynb', page
    nav = re.search(r'<nav class="mc-nav".*?</nav>', pages['index.ipynb'], re.S).group(0)
    order = [nav.index(preview._html_name(p)) for p in preview.pages() if p != 'index.ipynb']
    assert order == sorted(order)


def images_exist(site):
    "Every image output of a shown cell is in its page, embedded as a data URI."
    _, pages, _ = site
    with_images = [p for p in preview.pages() if _shown_images(p)]
    assert 'tutorials/10_easy.ipynb' in with_images
    for page in with_images:
        embedded = len(re.findall(r'<img[^>]+src="data:image/(?:png|jpeg|svg\+xml)[;,]', pages[page]))
        assert embedded >= _shown_images(page), f'{page}: {embedded} embedded images for {_shown_images(page)} image outputs'


def hidden_cells_are_not_shown(site):
    _, pages, _ = site
    for page in TUTORIALS: assert 'google.colab' not in pages[page], page  # the hidden install cell
    assert 'nbdev_export' not in pages['00_data.ipynb'] and 'default_exp' not in pages['00_data.ipynb']
    assert 'colab_setup' in pages['00j_colab.ipynb']  # exported functions are shown by their signature


def easy_page_has_its_results_table_and_plots(site):
    _, pages, _ = site
    easy = pages['tutorials/10_easy.ipynb']
    table = re.search(r'<table.*?</table>', easy, re.S)
    assert table, 'the results table is missing'
    text = re.sub(r'<[^>]+>', ' ', table.group(0))
    assert all(w in text for w in ('NMI', 'ARI', 'vae', 'pca', 'ae', '±'))
    assert 'VAE codes (seed 0)' in easy and easy.count('src="data:image/png;base64,') >= 5  # the t-SNE map among them


def test_classes_show_their_constructor_and_links_no_markup():
    "A class shows its constructor's arguments (as `show_doc` does); show_doc's `[source](...){target=...}` shows no raw markup."
    api = lambda page, text: preview._api_markdown(preview.directives(src(next(c for c in notebook(page)['cells'] if text in src(c))))[1])
    assert 'n_clusters:int=10, # K-Means\' k' in api('04b_estimator.ipynb', 'class VAEClusterer')
    assert "tier: str = 'easy'" in api('07_config.ipynb', 'class RunConfig')
    page = preview.filter_cells(nbformat.read(NBS/'04b_estimator.ipynb', as_version=4))
    shown = [o['data']['text/markdown'] for c in page.cells if c.cell_type == 'code' for o in c.outputs if 'text/markdown' in o.get('data', {})]
    assert len(shown) == 3 and all('[source](https://github.com/' in md and '{target=' not in md for md in shown)


def test_directives():
    ds, body = preview.directives("#| export\n#|hide\n#| echo: false  # why\nx = 1")
    assert ds == {'export', 'hide', 'echo: false'} and body == 'x = 1'
    assert '### colab_setup' in preview._api_markdown(src(next(c for c in notebook('00j_colab.ipynb')['cells'] if 'def colab_setup' in src(c))))


# --- workflows -----------------------------------------------------------------------------------

def workflow(name): return yaml.safe_load((REPO/'.github'/'workflows'/name).read_text())


def test_test_workflow_runs_the_readme_command():
    "The test workflow runs .ci/run itself on a fresh Python 3.11, and .ci/run ends with the README's test command."
    wf = workflow('test.yaml')
    steps = [s for job in wf['jobs'].values() for s in job['steps']]
    uses = [s.get('uses', '') for s in steps]
    assert any(u.startswith('actions/checkout@') for u in uses)
    assert any(u.startswith('actions/setup-python@') and str(s['with']['python-version']) == '3.11' for s, u in zip(steps, uses))
    runs = '\n'.join(s.get('run', '') for s in steps)
    assert 'bash .ci/run' in runs
    ci = (REPO/'.ci'/'run').read_text().strip().splitlines()
    assert README_TEST_COMMAND in (REPO/'README.md').read_text() and README_TEST_COMMAND == ci[-1]
    assert any('upload-artifact' in u for u in uses)  # every test's duration kept
    assert 'push' in wf.get('on', wf.get(True))  # YAML 1.1 reads the key `on` as True


def test_deploy_workflow_builds_with_nbdev_docs():
    wf = workflow('deploy.yaml')
    steps = [s for job in wf['jobs'].values() for s in job['steps']]
    text = (REPO/'.github'/'workflows'/'deploy.yaml').read_text()
    assert any(s.get('uses', '').startswith('quarto-dev/quarto-actions/setup@') for s in steps)
    assert 'nbdev_docs' in '\n'.join(s.get('run', '') for s in steps)
    assert any(s.get('uses', '').startswith('peaceiris/actions-gh-pages@') and s['with']['publish_dir'] == '_docs' for s in steps)
    assert settings()['doc_path'] == '_docs' and 'contents: write' in text


# --- Colab ---------------------------------------------------------------------------------------

def colab_url(page):
    cfg = settings()
    return f"https://colab.research.google.com/github/{cfg['user']}/{cfg['repo']}/blob/{cfg['branch']}/nbs/{page}"


@pytest.mark.parametrize('page', TUTORIALS)
def test_tutorial_opens_with_badge_then_hidden_guarded_setup(page):
    cells = notebook(page)['cells']
    assert cells[0]['cell_type'] == 'markdown' and src(cells[0]).startswith('# ')
    badge = src(cells[1])
    assert re.fullmatch(r'\[!\[Open In Colab\]\(https://colab\.research\.google\.com/assets/colab-badge\.svg\)\]\(([^)]+)\)', badge.strip())
    urls = re.findall(r'\]\((https://colab\.research\.google\.com/github/[^)]+)\)', badge)
    assert urls == [colab_url(page)], urls
    assert (REPO/urls[0].split(f"/blob/{settings()['branch']}/", 1)[1]).is_file()  # the badge points at this notebook
    setup = src(cells[2])
    assert setup.startswith('#| hide\n') and "if 'google.colab' in sys.modules:" in setup
    assert f"music_clust[kaggle] @ git+{settings()['git_url']}" in setup and 'colab_setup()' in setup
    assert 'KAGGLE_KEY' not in setup  # credentials come from secrets, never from the cell


@pytest.mark.parametrize('page', TUTORIALS)
def test_setup_cell_does_nothing_outside_colab(page):
    setup = src(notebook(page)['cells'][2])
    assert 'google.colab' not in sys.modules
    out = io.StringIO()
    with patch('subprocess.run', side_effect=AssertionError('installed outside Colab')), contextlib.redirect_stdout(out):
        exec(compile(setup, page, 'exec'), {})
    assert out.getvalue() == ''


def test_readme_links_every_tutorial_in_colab():
    readme = (REPO/'README.md').read_text()
    for page in TUTORIALS: assert colab_url(page) in readme, page
