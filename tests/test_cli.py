"End-to-end runs of the `music-clust` command, as a user types it."
import time
from configparser import ConfigParser

import numpy as np
import pandas as pd
import pytest

from music_clust.config import TIER_NAMES
from music_clust.metrics import METRIC_COLUMNS

from conftest import REPO, chance_nmi, music_clust, music_clust_here, python


EASY = ['raw', 'pca', 'ae', 'vae', 'umap', 'idec', 'idec_umap']  # the Easy tier's representations


def check_results(out, representations, n_seeds, labelled=True):
    "A complete results folder: the files, the metric columns, one row per method and seed."
    for name in ('metrics.csv', 'summary.csv', 'report.md', 'tracks.csv', 'config.json', 'metric_bars.png',
                 'training_curves.png', 'map_vae.png'):
        assert (out/name).stat().st_size > 0, name
    m = pd.read_csv(out/'metrics.csv')
    assert list(m.columns) == METRIC_COLUMNS
    assert sorted(set(m.representation)) == sorted(representations)
    assert len(m) == len(representations)*n_seeds
    assert m[['silhouette_common', 'calinski_harabasz_common', 'davies_bouldin_common']].notna().all().all()
    assert m['nmi'].notna().all() == labelled
    for rep in ('ae', 'vae'):
        assert (out/'models'/f'{rep}_seed0.keras').exists()
    n = len(pd.read_csv(out/'tracks.csv'))
    assert np.load(out/'clusters'/'vae_kmeans_seed0.npy').shape == (n,)
    s = pd.read_csv(out/'summary.csv')
    assert s.recommended.sum() == 1 and s[s.recommended].clusterer.iloc[0] == 'kmeans'   # one method, chosen without labels
    assert len(pd.read_csv(out/'recommended.csv')) == n
    report = (out/'report.md').read_text()
    assert '## Recommended partition' in report.split('## Scores')[0]   # shown before the ranked table
    tracks = pd.read_csv(out/'tracks.csv', dtype={'id': str, 'label': str})   # every track: its cluster under each method, seed 0
    methods = [f'{r} + kmeans' for r in representations]
    assert list(tracks.columns) == ['id'] + ['label']*labelled + ['recommended'] + methods, list(tracks.columns)
    rec = s[s.recommended].iloc[0]
    assert tracks[methods].notna().all().all() and (tracks.recommended == tracks[f'{rec.representation} + kmeans']).all()
    clusters = pd.read_csv(out/'clusters.csv')
    assert clusters.tracks.sum() == n and ('top_genres' in clusters) == labelled and clusters.nearest_tracks.notna().all()
    page = (out/'map.html').read_text()   # the interactive map, its track ids shown on hover
    assert f'"{tracks.id[0]}"' in page and 'hovertemplate' in page and '<script src="http' not in page
    assert all(f'- **{r}**' in report for r in representations) and '| raw (baseline)' in report   # the glossary; baselines marked
    return m


@pytest.mark.long
def test_synthetic_default(tmp_path):
    "The README's run, shortened: the embedded dataset clusters well above chance, and every file is written."
    out = tmp_path/'results'
    p = music_clust_here('run', '--tier', 'easy', '--seeds', 2, '--epochs', 10, '--n-per-genre', 4,  # 4 of the default set's 30 clips a style, of its length (10 s)
                         '--jobs', 2, '--out', out)  # two worker processes, as on CI's two cores by default (the tests run one: conftest.py)
    assert p.returncode == 0, p.stderr
    m = check_results(out, EASY, 2)
    assert (out/'heatmap_vae.png').exists()
    nmi = m.groupby('representation').nmi.mean()
    tracks = pd.read_csv(out/'tracks.csv', dtype={'label': str})
    chance, luckiest = chance_nmi(tracks.label, tracks['raw + kmeans'])   # 40 tracks in 10 clusters: about 0.44 by chance
    assert luckiest < nmi['raw'] < 0.95, (nmi, chance, luckiest)   # clusterable, above the best of 20 random partitions, not trivially
    # The VAE, 10 epochs on 40 clips, is near chance: measured 7 Dec 2026, NMI 0.471 (seeds 0.436, 0.506) against 0.436 for random
    # partitions of the same sizes (the best of 20: 0.499). It must beat their mean; it does not beat their best (issue 35's note).
    assert nmi['vae'] > chance, (nmi, chance, luckiest)
    assert 'k = 10' in (out/'report.md').read_text()
    assert '--front-end musicnn' not in (out/'report.md').read_text()   # synthetic clips: no pointer to a pretrained model
    check_rerendered(out)


def check_rerendered(out):
    "`music-clust report` renders a finished folder again from the folder alone: the same report.md, byte for byte."
    kept, drawn = (out/'report.md').read_bytes(), sorted(p.name for p in out.glob('*.png')) + ['map.html']
    for name in ['report.md', *drawn]: (out/name).unlink()
    p = music_clust_here('report', out)
    assert p.returncode == 0, p.stderr
    assert (out/'report.md').read_bytes() == kept and all((out/name).stat().st_size > 0 for name in drawn)


@pytest.mark.long
def test_gtzan_feature_table(shared, tmp_path):
    "GTZAN's own feature table: NMI lands near the published K-Means figure, not above what is plausible; the recommended partition is UMAP's."
    out = tmp_path/'gtzan'
    p = music_clust_here('run', '--features', shared/'gtzan'/'features_30_sec.csv', '--seeds', 2, '--epochs', 3, '--out', out)  # the checks are on the untrained views
    assert p.returncode == 0, p.stderr
    m = check_results(out, EASY, 2).groupby('representation').mean(numeric_only=True)
    assert (m.n_samples == 1000).all() and (m.k == 10).all()
    assert 0.25 < m.loc['raw', 'nmi'] < 0.40, m.nmi   # reference: 0.324 (5 seeds)
    assert (m.nmi < 0.6).all(), m.nmi                  # far above the field's frozen-embedding figures means a leak
    s = pd.read_csv(out/'summary.csv')
    rec = s[s.recommended].iloc[0]                     # chosen without labels: UMAP's partitions agree most across seeds here
    assert rec.representation == 'umap' and rec.nmi_mean >= 0.38, rec
    assert (s.front_end == 'table').all()              # where the features came from, beside every score


@pytest.mark.long
def test_gtzan_audio_sample(shared, tmp_path):
    "24 readable real clips are analysed by the default front-end for recordings; the corrupt one is named as skipped and the run succeeds."
    from music_clust.config import RECORDINGS_FRONT_END
    out = tmp_path/'audio'
    p = music_clust_here('run', '--data', shared/'gtzan'/'audio_sample', '--seeds', 1, '--epochs', 20, '--out', out)
    assert p.returncode == 0, p.stderr
    m = check_results(out, EASY, 1)
    assert (m.n_samples == 24).all() and (m.k == 3).all()
    report = (out/'report.md').read_text()
    assert 'jazz.00054.wav' in report and 'not a readable audio file' in report
    assert 'jazz.00054' not in pd.read_csv(out/'tracks.csv').id.tolist()
    assert 0 <= p.stderr.find(f'front-end: {RECORDINGS_FRONT_END}: ') < p.stderr.find(' audio files in '), p.stderr[:500]  # named first
    assert f'embedded by {RECORDINGS_FRONT_END}' in report and 'tags that include genre words' in report   # and in the report's header
    assert f'"front_end": "{RECORDINGS_FRONT_END}"' in (out/'config.json').read_text()
    assert (pd.read_csv(out/'summary.csv').front_end == RECORDINGS_FRONT_END).all()       # and beside every score


@pytest.mark.parametrize('args, message', [
    (['--features', 'no/such.csv'], 'no/such.csv: no such file'),
    (['--data', 'no/such/folder'], 'no such folder'),
    (['--seeds', '0'], '--seeds 0: give 1 or more'),
    (['--tier', 'hard', '--betas', '0'], 'give one or more positive numbers'),
    (['--tier', 'hard', '--condition', 'colour'], '--condition colour: no such covariate (choose from tempo, loudness'),
    (['--front-end', 'openl3'], '--front-end openl3: unknown (choose from mfcc, musicnn'),
])
def test_bad_input_is_one_line(tmp_path, args, message):
    "A user's mistake ends with one clear line and exit status 2, never a traceback (`main`, here; the command's own exit is `test_existing_results_are_kept`)."
    p = music_clust_here('run', *args, '--out', tmp_path/'x')
    assert p.returncode == 2
    assert message in p.stderr and 'Traceback' not in p.stderr
    assert p.stderr.strip().count('\n') == 0, p.stderr


def test_report_refuses_other_folders(tmp_path):
    "`music-clust report` renders only a finished run's folder; anything else: one line, and the folder untouched."
    (tmp_path/'mine').mkdir(); (tmp_path/'mine'/'report.md').write_text('mine')
    for folder, message in ((tmp_path/'mine', 'not a music-clust results folder'), (tmp_path/'none', 'no such folder')):
        p = music_clust_here('report', folder)
        assert p.returncode == 2 and message in p.stderr and p.stderr.strip().count('\n') == 0, p.stderr
    assert (tmp_path/'mine'/'report.md').read_text() == 'mine'


def test_existing_results_are_kept(tmp_path):
    "An existing results folder is not overwritten without --overwrite."
    out = tmp_path/'old'; out.mkdir(); (out/'metrics.csv').write_text('precious')
    p = music_clust('run', '--out', out)
    assert p.returncode == 2 and 'results folder exists' in p.stderr          # the real command: status 2, one line, no traceback
    assert p.stderr.strip().count('\n') == 0 and 'Traceback' not in p.stderr, p.stderr
    assert (out/'metrics.csv').read_text() == 'precious'


HEAVY = ('keras', 'tensorflow', 'torch', 'librosa', 'sklearn', 'pandas', 'numba')  # what the help must not wait for


def test_help_and_version_are_quick():
    "`--help` (with examples) and `--version` load no model code, so they answer in a fraction of a second."
    p = python('-c', f'import sys, music_clust.cli; print([m for m in {HEAVY} if m in sys.modules])')
    assert p.returncode == 0 and p.stdout.strip() == '[]', p.stdout + p.stderr   # the robust check: nothing heavy imported
    t0 = time.perf_counter(); p = music_clust('--help'); seconds = time.perf_counter() - t0
    assert p.returncode == 0 and 'examples:' in p.stdout and 'music-clust run --tier easy' in p.stdout
    assert seconds < 1.5, f'music-clust --help took {seconds:.2f} s'   # about 0.1 s; slack for a loaded machine
    settings = ConfigParser(); settings.read(REPO/'settings.ini')
    p = music_clust('--version')
    assert p.returncode == 0 and p.stdout.strip() == f"music-clust {settings['DEFAULT']['version']}", p.stdout


def test_synth_command(tmp_path):
    "`music-clust synth` writes the GTZAN layout with lyrics and metadata tables."
    p = music_clust('synth', tmp_path/'s', '--n-per-genre', 2, '--duration', 2)
    assert p.returncode == 0, p.stderr
    wavs = sorted((tmp_path/'s').glob('*/*.wav'))
    assert len(wavs) == 20 and wavs[0].name == 'blues.00000.wav'
    assert (tmp_path/'s'/'lyrics.csv').exists() and (tmp_path/'s'/'metadata.csv').exists()


@pytest.mark.long
def test_pretrained_front_end(tmp_path):
    "`--front-end musicnn`: the clips' musicnn embeddings are every method's features, and the report says where they come from."
    data, out = tmp_path/'s', tmp_path/'emb'
    assert music_clust_here('synth', data, '--n-per-genre', 2, '--duration', 3).returncode == 0
    p = music_clust_here('run', '--data', data, '--duration', 3, '--front-end', 'musicnn', '--seeds', 1, '--epochs', 2, '--out', out)
    assert p.returncode == 0, p.stderr
    m = pd.read_csv(out/'metrics.csv')
    assert set(m.representation) == set(EASY) and (m.n_samples == 20).all()
    assert np.load(out/'latents'/'raw_seed0.npy').shape == (20, 200)           # the penultimate layer: 200 numbers per clip
    report = (out/'report.md').read_text()
    assert 'embedded by musicnn' in report and 'tags that include genre words' in report
    assert '"front_end": "musicnn"' in (out/'config.json').read_text()


AUDIO_DESCRIPTORS = 'danceability,loudness,acousticness,instrumentalness,valence,energy'


@pytest.mark.long
def test_medium_real_lyrics(shared, tmp_path):
    "Audio descriptors + real lyrics (7 genres): all run, and no score is implausibly high (a leak would show)."
    table = shared/'lyrics'/'tcc_ceds_music_sample1000.csv'
    out = tmp_path/'songs'
    p = music_clust_here('run', '--tier', 'medium', '--features', table, '--label-col', 'genre', '--feature-cols', AUDIO_DESCRIPTORS,
                    '--lyrics', table, '--text-col', 'lyrics', '--seeds', 1, '--epochs', 3, '--out', out)
    assert p.returncode == 0, p.stderr
    m = pd.read_csv(out/'metrics.csv')
    assert set(m.representation) == {'pca', 'vae', 'lyrics', 'concat', 'hybrid'} and (m.k == 7).all()
    km = m[m.clusterer == 'kmeans'].set_index('representation').nmi
    assert (km < 0.2).all(), km                  # references: audio 0.081, lyrics 0.039, both 0.091
    tracks = pd.read_csv(out/'tracks.csv', dtype={'label': str})
    chance = {r: chance_nmi(tracks.label, tracks[f'{r} + kmeans'])[0] for r in ('pca', 'lyrics')}   # about 0.01 for 1,000 songs, 7 clusters
    assert km['pca'] > chance['pca'] and km['lyrics'] > chance['lyrics'], (km, chance)


def test_medium_gtzan_has_no_lyrics(shared, tmp_path):
    "GTZAN has no lyrics: the tier runs audio-only and the report says why."
    out = tmp_path/'gtzan_medium'
    p = music_clust_here('run', '--tier', 'medium', '--data', shared/'gtzan'/'audio_sample', '--front-end', 'mfcc', '--seeds', 1, '--epochs', 1, '--out', out)
    assert p.returncode == 0, p.stderr
    assert set(pd.read_csv(out/'metrics.csv').representation) == {'pca', 'conv_vae'}
    assert 'skipped: no lyrics table' in (out/'report.md').read_text()


@pytest.mark.parametrize('condition', ['label', 'genre_code'])
def test_hard_feature_table_label_condition(shared, tmp_path, condition):
    """Conditioning on the label column, or on a column that stands in for it (`genre_code`), is an experiment: its rows are
    marked, kept out of the ranking; a table has no MIG. On GTZAN's own table, 20 rows a genre: these checks are on the
    report's shape, not on a score."""
    out, table = tmp_path/'label', tmp_path/'gtzan_200.csv'
    t = pd.read_csv(shared/'gtzan'/'features_30_sec.csv').groupby('label').head(20)
    t.assign(genre_code=pd.factorize(t.label)[0]).to_csv(table, index=False)
    p = music_clust_here('run', '--tier', 'hard', '--features', table, '--condition', condition,
                    '--seeds', 1, '--epochs', 2, '--betas', '1', '--out', out)
    assert p.returncode == 0, p.stderr
    m = pd.read_csv(out/'metrics.csv', keep_default_na=False, na_values=[''])
    assert m.set_index('representation').label_conditioned.to_dict() == {'pca': False, 'ae': False, 'beta_vae': False, 'cvae': True}
    assert set(m.architecture.dropna()) <= {'dense', ''}                           # a table has no MFCC images: no Conv2D
    assert m.mig.isna().all()
    report = (out/'report.md').read_text()
    ranked, experiment = report.split('## Label-conditioned experiment (not ranked)')
    assert not any(line.startswith('| cvae') for line in ranked.split('## Scores')[1].splitlines())   # not in the ranked table
    assert f'| cvae (dense, given {condition}) | kmeans |' in experiment
    assert condition == 'label' or 'stands in for the label' in report
    assert 'MIG is empty' in report


@pytest.mark.long
def test_bench_quick_runs_every_tier(tmp_path):
    """`music-clust bench --quick --datasets synthetic`: a `--tier all` run on a small synthetic set (4 clips a style, 1 seed,
    2 epochs, betas 1 and 4) in `synthetic/`, and the benchmark's table over it. One run, both checked."""
    out = tmp_path/'bench'
    p = music_clust_here('bench', '--quick', '--datasets', 'synthetic', '--out', out)
    assert p.returncode == 0, p.stderr
    check_all_tiers(out/'synthetic')
    check_bench(out)
    p = music_clust_here('bench', '--datasets', 'jazz', '--out', tmp_path/'jazz')
    assert p.returncode == 2 and 'unknown dataset jazz' in p.stderr


def check_all_tiers(out):
    """`--tier all` on a small embedded dataset: the three tiers in their folders, one comparison; the Medium tier's every
    representation and clusterer; the Hard tier's Beta-VAE per beta and architecture with its diagnostics, and the CVAE
    given the tempo band."""
    m = pd.read_csv(out/'metrics.csv', keep_default_na=False, na_values=[''])
    assert list(m.columns) == METRIC_COLUMNS and list(dict.fromkeys(m.tier)) == list(TIER_NAMES)
    assert '"tier": "all"' in (out/'config.json').read_text()
    report = (out/'report.md').read_text()
    assert report.startswith('# music_clust: every tier compared') and '| tier | representation | clusterer | NMI |' in report
    assert '## The medium tier' in report and '](hard/beta_sweep.png)' in report                  # each tier's report nested, plots under its folder
    images = [line.split('](')[1].rstrip(')') for line in report.splitlines() if line.startswith('![')]
    assert len(images) > 20 and all((out/img).exists() for img in images)
    summary = pd.read_csv(out/'summary.csv')
    assert len(summary) == m.groupby(['tier', 'representation', 'variant', 'clusterer'], dropna=False).ngroups
    assert (summary.front_end == 'mfcc').all() and "front-end: mfcc, each clip's MFCC" in report   # the --tier all header says too
    assert m.condition_nmi.between(0, 1).all()                                      # every partition of every tier, against the tempo band

    medium = out/'medium'                                                            # the Medium tier: every representation, all three clusterers
    m = pd.read_csv(medium/'metrics.csv')
    assert set(m.representation) == {'pca', 'conv_vae', 'lyrics', 'concat', 'hybrid'}
    assert set(m.clusterer) == {'kmeans', 'agglomerative', 'dbscan', 'hdbscan'}
    n = m.groupby('representation').n_samples.first()
    n_lyrics = n['lyrics']
    assert n['hybrid'] == n['conv_vae'] == 40 and 11 <= n_lyrics < 40   # instrumentals have no lyrics
    assert m.nmi_lyrics_rows.notna().all()                              # every method also scored on the tracks with lyrics
    assert m.noise_fraction.between(0, 1).all() and (m[~m.clusterer.isin(['dbscan', 'hdbscan'])].noise_fraction == 0).all()
    report = (medium/'report.md').read_text()
    assert 'DBSCAN and HDBSCAN noise' in report and 'never given made-up text' in report and f'{n_lyrics} of 40 tracks have lyrics' in report
    tracks = pd.read_csv(medium/'tracks.csv')
    assert len(tracks.columns) == 3 + 5*4                               # id, label, the recommended cluster, then each representation + clusterer
    assert tracks['lyrics + kmeans'].notna().sum() == n_lyrics          # a track without lyrics has an empty cell there
    for f in ('hybrid_vs_audio.png', 'map_hybrid.png', 'models/hybrid_seed0.keras', 'models/conv_vae_seed0.keras'):
        assert (medium/f).exists(), f

    hard = out/'hard'
    m = pd.read_csv(hard/'metrics.csv', keep_default_na=False, na_values=[''])
    assert m.variant.fillna('').tolist() == ['', '', 'dense, β=1', 'dense, β=4', 'conv, β=1', 'conv, β=4', 'dense, given tempo']
    beta = m[m.representation == 'beta_vae']
    assert sorted(zip(beta.architecture, beta.beta)) == [('conv', 1.0), ('conv', 4.0), ('dense', 1.0), ('dense', 4.0)]
    vaes = m[m.representation.isin(['beta_vae', 'cvae'])]
    assert vaes.mig.between(0, 1).all() and vaes.active_units.between(0, 10).all()   # 20 recorded factors, 10-d codes
    cvae = m[m.representation == 'cvae'].iloc[0]
    assert cvae.condition == 'tempo' and cvae.variant == 'dense, given tempo' and not m.label_conditioned.any()
    stats = pd.read_csv(hard/'latent_stats.csv')
    assert len(stats) == 5*10 and (stats.kl >= 0).all()
    for f in ('beta_sweep.png', 'kl_profile.png', 'condition_effect.png', 'traversal_beta_vae_conv_b4.png',
              'traversal_beta_vae_dense_b1.png', 'latent_stats.csv', 'models/beta_vae_conv_b4_seed0.keras', 'models/cvae_dense_given_tempo_seed0.keras'):
        assert (hard/f).exists(), f
    report = (hard/'report.md').read_text()
    assert 'CVAE condition: `tempo` from covariate `tempo`' in report and 'MIG against the 20 generating factors' in report


def check_bench(out):
    "`music-clust bench --quick`'s table: every tier on a small synthetic set (a smoke test of the plumbing), with the ratio to K-Means."
    q = pd.read_csv(out/'quality.csv')
    assert set(q.dataset) == {'synthetic'}
    base = q[(q.tier == 'easy') & (q.representation == 'raw') & (q.clusterer == 'kmeans')]
    assert len(base) == 1                                          # the reference, measured in the same run
    assert {'umap', 'idec', 'idec_umap', 'beta_vae', 'cvae'} <= set(q.representation)
    assert q.nmi_ratio.notna().all() and (q.nmi_mean <= 1).all()
    md = (out/'bench.md').read_text()
    assert md.count('Best: ') == 1 and 'NMI / K-Means' in md and 'Training time per epoch' in md
    assert q.recommended.sum() == 1 and 'Recommended (chosen without labels): easy: raw + kmeans' in md   # one seed: the baseline


def test_bench_yardstick(shared, tmp_path):
    "`bench --yardstick`: MTEB's protocol on a GTZAN folder, the published anchors beside it, the setting's caveat said."
    p = music_clust_here('bench', '--yardstick', shared/'gtzan'/'audio_sample', '--front-end', 'mfcc', '--k', 3, '--quiet', '--out', tmp_path)
    assert p.returncode == 0, p.stderr
    text = (tmp_path/'yardstick.md').read_text()
    assert '| music_clust mfcc, embeddings as they are (MTEB) |' in text and '| MuQ-MuLan (published) | 0.760 | 1000 | 10 |' in text
    assert 'Here 24 clips and k = 3: not the published setting' in text and text.strip() in p.stdout
