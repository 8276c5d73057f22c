"Stored outputs and the code behind them: tools/provenance.py's record, checked (see that file's docstring)"
import json, sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT/'tools'))
import provenance as pv  # noqa: E402

TUTORIAL = 'nbs/tutorials/10_easy.ipynb'


def test_every_output_has_a_record():
    missing = [o for o in pv.outputs() if o not in pv.load()]
    assert not missing, f'no provenance for {missing}: produce them, then `python tools/provenance.py record ...`'


def test_no_output_is_stale_unknowingly():
    "An output whose code changed since it was produced fails, unless listed, with why, in tests/stale_outputs.json"
    found, known = pv.stale(pv.load()), json.loads(pv.ACKNOWLEDGED.read_text())
    unknown = {o: list(mods) for o, mods in found.items() if known.get(o, {}).get('changed') != dict(sorted(mods.items()))}
    assert not unknown, (f'stale since produced (modules changed): {unknown}. Re-execute: `python tools/provenance.py rerun '
                         f'OUTPUT`; or keep it knowingly: `python tools/provenance.py acknowledge OUTPUT --why "..."`')
    fresh = [o for o in known if o not in found]
    assert not fresh, f'{fresh} are current again: remove them from tests/stale_outputs.json (acknowledge rewrites it)'


def test_a_changed_default_makes_the_tutorial_stale():
    sources = pv.package_sources()
    record = {TUTORIAL: pv.stamp(TUTORIAL, sources, 'now')}
    assert pv.stale(record, sources) == {}
    edited = sources['config'].replace('seeds: int = 3 ', 'seeds: int = 4 ')
    assert edited != sources['config']
    assert list(pv.stale(record, dict(sources, config=edited))[TUTORIAL]) == ['config']


def test_a_comment_or_docstring_does_not():
    sources = pv.package_sources()
    record = {TUTORIAL: pv.stamp(TUTORIAL, sources, 'now')}
    edited = sources['config'].replace('# repetitions with seeds', '# runs with seeds')
    assert edited != sources['config'] and pv.stale(record, dict(sources, config=edited)) == {}


def test_a_definition_the_output_does_not_reach_does_not():
    sources = pv.package_sources()
    record = {'benchmarks/eager_fits.txt': pv.stamp('benchmarks/eager_fits.txt', sources, 'now')}
    assert 'train' in record['benchmarks/eager_fits.txt']['modules']
    assert pv.stale(record, dict(sources, lyrics=sources['lyrics'] + '\nUNUSED = 1\n')) == {}
