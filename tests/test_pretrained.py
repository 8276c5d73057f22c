"""musicnn in Keras 3: its weights from the one install (the package, or pip's download of its wheel), every weight from the
checkpoint, strict matching, cached and deterministic clip embeddings."""
import subprocess
import sys
import zipfile

import numpy as np
import pytest
from fastcore.xtras import modified_env

from music_clust import pretrained as P
from music_clust.patches import load_16k, musicnn_input
from music_clust.data import MusicClustError, exclusive

WHEEL_NAME = 'musicnn-0.1.0-py3-none-any.whl'


def small_wheel(path, source, tamper=None):
    """A wheel-shaped zip built from the real files in `source` (the package's or the cache's): configuration.py and the licence
    as they are, each checkpoint file cut to its first 64 bytes (a small stand-in); a RECORD of their hashes."""
    real = lambda n: source/P._kept_as(n) if (source/P._kept_as(n)).exists() else source.parent/n  # the package's licence: in dist-info
    files = {n: real(n).read_bytes()[:None if n.endswith(('.py', '.md')) else 64] for n in P.KEPT}
    with zipfile.ZipFile(path, 'w') as z:
        for n, b in files.items(): z.writestr(n, b + (b'!' if n == tamper else b''))
        z.writestr('musicnn-0.1.0.dist-info/RECORD', ''.join(f'{n},sha256={P._digest(b)},{len(b)}\n' for n, b in files.items()))
    return path


@pytest.fixture
def no_package(monkeypatch, tmp_path):
    "No musicnn package importable (`sys.modules['musicnn'] = None`, as `find_spec` honours it) and an empty cache."
    source = P.musicnn_files()  # the real files, found before the package is hidden
    monkeypatch.setitem(sys.modules, 'musicnn', None)
    monkeypatch.setenv('MUSIC_CLUST_CACHE', str(tmp_path/'cache'))
    return source


def test_without_the_package_a_wheel_in_the_cache_is_used(no_package, tmp_path):
    "The files come out of the wheel into the cache, laid out as the package; the tags are read from its configuration.py."
    dest = P.weights_folder()
    dest.mkdir(parents=True); small_wheel(dest/WHEEL_NAME, no_package)
    with modified_env(PIP_NO_INDEX='1'): folder = P.checkpoint_prefix('MTT_vgg')   # no download: the wheel is there
    assert folder == dest/'MTT_vgg' and (folder/'.index').read_bytes() == (no_package/'MTT_vgg'/'.index').read_bytes()[:64]
    assert 'Permission to use, copy, modify' in (dest/'LICENSE.md').read_text()   # the ISC licence beside the weights
    assert P.tag_names('MTT_musicnn')[:3] == ['guitar', 'classical', 'slow'] and len(P.tag_names('MSD_vgg')) == 50


def test_a_wheel_that_differs_from_its_record_is_refused(no_package, tmp_path):
    bad = small_wheel(tmp_path/WHEEL_NAME, no_package, tamper='musicnn/MSD_vgg/.data-00000-of-00001')
    with pytest.raises(MusicClustError, match=r"MSD_vgg/\.data-00000-of-00001 differs from the wheel's RECORD"): P.extract_wheel(bad, tmp_path/'w')


def test_offline_with_nothing_cached_is_one_line_saying_what_to_do(no_package):
    "pip cannot download (no package index at all): one line with the exact command and the folder it fills."
    with modified_env(PIP_NO_INDEX='1', PIP_FIND_LINKS=''), pytest.raises(MusicClustError) as e: P.checkpoint_prefix('MSD_musicnn')
    msg = str(e.value)
    assert f'python -m pip download --no-deps --only-binary=:all: musicnn==0.1.0 -d {P.weights_folder()}' in msg, msg
    assert 'could not download' in msg and 'MUSIC_CLUST_CACHE' in msg and '\n' not in msg


def test_the_wheel_is_downloaded_for_real_once(tmp_path):
    """pip's real download (CI has PyPI) into a fresh folder, by a process that first waits on the lock another holds; a
    second caller then finds the files and downloads nothing (a download would fail: no index)."""
    dest = tmp_path/'weights'/'musicnn-0.1.0'
    code = f'from music_clust.pretrained import fetch_weights; fetch_weights({str(dest)!r})'
    with exclusive(dest.parent/'musicnn-0.1.0.lock'):
        p = subprocess.Popen([sys.executable, '-c', code], stderr=subprocess.PIPE, text=True)
        seen = ''
        while 'waiting for another process' not in seen and (line := p.stderr.readline()): seen += line
    assert 'waiting for another process fetching musicnn==0.1.0' in seen, seen
    err = p.communicate(timeout=600)[1]
    assert p.returncode == 0, err
    with modified_env(PIP_NO_INDEX='1'): assert P.fetch_weights(dest) == dest
    for model in P.MODELS: assert (dest/model/'.data-00000-of-00001').stat().st_size > 7_000_000
    assert not list(dest.glob('*.whl'))   # the 29 MB wheel itself is not kept


@pytest.fixture(scope='module')
def clips(shared):
    "Three real GTZAN clips, one per genre."
    return [shared/'gtzan'/'audio_sample'/g/f'{g}.00000.wav' for g in ('classical', 'jazz', 'rock')]


@pytest.mark.parametrize('model', P.MODELS)
def test_every_variable_holds_its_checkpoint_tensor(model):
    net = P.pretrained_model(model)
    with np.load(P.convert_checkpoint(model)) as z:
        assert sorted(v.path for v in net.weights) == sorted(z.files)  # every tensor used, every variable matched
        for v in net.weights: np.testing.assert_array_equal(np.asarray(v), z[v.path])


def test_a_missing_tensor_raises():
    net = P.musicnn_model()
    arrays = {v.path: np.asarray(v) for v in net.weights}
    del arrays['batch_normalization_9/moving_variance']
    with pytest.raises(MusicClustError, match=r"missing: \['batch_normalization_9/moving_variance'\]"): P.assign_weights(net, arrays)


def test_a_checkpoint_without_one_tensor_raises():
    with np.load(P.convert_checkpoint('MTT_vgg')) as z: arrays = {k: z[k] for k in z.files if k != '4CNN/kernel'}
    with pytest.raises(MusicClustError, match='4CNN/kernel'): P.assign_weights(P.vgg_model(), arrays)


def test_the_weights_are_trained(clips):
    "A classical clip is tagged 'classical' by the MagnaTagATune model: random weights would not do that."
    taggram = P.pretrained_model('MTT_musicnn').predict(musicnn_input(load_16k(clips[0])), verbose=0)['taggram']
    top = [P.tag_names('MTT_musicnn')[i] for i in np.argsort(-taggram.mean(0))[:3]]
    assert 'classical' in top, top


@pytest.fixture(scope='module')
def cached(clips, tmp_path_factory):
    "The three clips embedded into a fresh cache, then read back from it."
    folder = tmp_path_factory.mktemp('embeddings')
    return [P.embed_clips(clips, cache_dir=folder, progress=False) for _ in range(2)]


def test_embeddings_are_cached(cached):
    first, second = cached
    assert (first.n_cached, second.n_cached, first.embedding.shape) == (0, 3, (3, 200))
    np.testing.assert_array_equal(first.embedding, second.embedding)


def test_bad_audio_is_reported_not_fatal(clips, shared, tmp_path):
    junk = tmp_path/'junk.wav'
    junk.write_bytes(b'\x00\x01garbage' * 100)
    corrupt = shared/'gtzan'/'audio_sample'/'jazz'/'jazz.00054.wav'
    emb = P.embed_clips([clips[0], corrupt, junk, clips[1]], 'MTT_vgg', cache_dir=False, progress=False)
    assert emb.kept == [0, 3] and emb.embedding.shape == (2, 128)
    assert [f for f, _ in emb.failed] == ['jazz.00054.wav', 'junk.wav'], emb.failed


def test_embed_clips_is_deterministic(clips, cached):
    again = P.embed_clips(clips, 'MSD_musicnn', cache_dir=False, progress=False)
    np.testing.assert_array_equal(again.embedding, cached[0].embedding)
    assert np.isfinite(again.embedding).all() and again.embedding.std(0).max() > 0  # three clips, three vectors


def front_end_table(text:str, dataset:str) -> dict:
    "One section of benchmarks/front_ends.txt: (model, layer, pooling) -> its 'NMI mean ± std' text."
    section = text.split(f'## {dataset}:')[1].split('\n## ')[0]
    rows = [r.split() for r in section.splitlines()[2:] if r.strip()]
    return {tuple(r[:3]): ' '.join(r[4:7]) for r in rows}


def test_the_default_for_recordings_is_the_benchmark_winner_and_the_readme_says_so():
    "The config's default is the best row of the stored benchmark on audio_3x30; the README quotes that file's figures; no second install."
    from music_clust.config import RECORDINGS_FRONT_END
    repo = P.Path(__file__).resolve().parents[1]
    bench, readme = (repo/'benchmarks'/'front_ends.txt').read_text(), (repo/'README.md').read_text()
    table = front_end_table(bench, 'audio_3x30')
    best = max(table, key=lambda row: float(table[row].split()[0]))
    model, layer = P.FRONT_ENDS[RECORDINGS_FRONT_END]
    assert best == (model, layer, P.POOLING.get(RECORDINGS_FRONT_END, 'mean')), (best, RECORDINGS_FRONT_END)
    sample = front_end_table(bench, 'audio_sample')
    for figure in (table[best], table[('mfcc', 'summary', '-')], sample[best], sample[('mfcc', 'summary', '-')]):
        assert figure in readme.replace('\n  ', ' '), figure
    assert f'`{RECORDINGS_FRONT_END}` by default' in readme
    assert 'pip install --no-deps' not in readme and 'musicnn==0.1.0' not in (repo/'.ci'/'run').read_text()


def test_a_run_offline_without_weights_is_one_line_before_any_work(no_package, shared, tmp_path, capsys):
    "The default front-end on recordings, no weights and no index: status 2, one error line naming the command and the way out."
    from music_clust.cli import main
    with modified_env(PIP_NO_INDEX='1', PIP_FIND_LINKS=''):
        status = main(['run', '--data', str(shared/'gtzan'/'audio_sample'), '--out', str(tmp_path/'out'), '--quiet'])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith('music-clust: error:')]
    assert status == 2 and len(errors) == 1, errors
    assert 'pip download --no-deps' in errors[0] and errors[0].endswith('or --front-end mfcc, which needs no weights')
    assert not (tmp_path/'out').exists()   # refused before any work
