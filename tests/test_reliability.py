"""Reliability (issue 5): every bad input ends in one clear line or a reported skip, interrupted work resumes
without loss, saved models and whole runs reproduce exactly. Tiny inputs throughout: the file runs in about
two minutes on two cores."""
import ctypes
import gzip
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

from music_clust.data import AUDIO_EXTENSIONS, load_audio_folder
from music_clust.tables import load_feature_table, load_lyrics
from music_clust.features import FeatureParams, extract_features, load_audio
from music_clust.synth import make_synthetic
from music_clust.config import TIER_NAMES
from music_clust.tiers import TIERS, Representation

from conftest import COMMAND, SHARED, music_clust, music_clust_here

CORRUPT = SHARED/'gtzan'/'audio_sample'/'jazz'/'jazz.00054.wav'  # GTZAN's own broken clip: raw samples, no RIFF header
SR = 22050


def in_process(*args) -> tuple[int, str]:
    "`music-clust ARGS` in this process (`conftest.music_clust_here`: no start-up); its status and stderr."
    p = music_clust_here(*args)
    return p.returncode, p.stderr


def assert_one_line_error(status, err, message):
    "The contract for input the run cannot use: status 2, one line, the message, no traceback."
    assert status == 2, err
    assert err.startswith('music-clust: error: ') and err.strip().count('\n') == 0, err
    assert message in err, err


def tone(seconds, sr=SR, channels=1):
    "A 440 Hz tone with a little noise, so that it has a timbre."
    t = np.arange(int(seconds*sr))/sr
    y = (0.3*np.sin(2*np.pi*440*t) + 0.02*np.random.default_rng(0).standard_normal(t.size)).astype('float32')
    return np.stack([y]*channels, axis=1) if channels > 1 else y


@pytest.fixture(scope='module')
def synth(tmp_path_factory):
    "The synthetic GTZAN-shaped set, tiny: 2 clips of 3 s per style."
    return make_synthetic(tmp_path_factory.mktemp('synth')/'s', n_per_genre=2, duration=3.0, progress=False)


# --- audio ------------------------------------------------------------------------------------------------

SKIPPED = {'blues/empty.wav': 'not a readable audio file (empty file, 0 bytes)',
           'blues/notes.wav': 'not a readable audio file (a text file, not audio)',
           'blues/silent.wav': 'silent (peak below -60 dBFS in the analysed 3 s)',
           'jazz/tiny.wav': '10 ms long, shorter than one analysis frame (93 ms)',
           'jazz/blip.wav': '0.2 s long, under half of the 3 s analysed, so mostly padding; --duration 0.4 or less would keep it',
           'rock/clip.mp3': 'not a readable audio file (no audio libsndfile can decode: corrupt, or not the format its extension says)',
           'pop/song.m4a': ".m4a audio needs a decoder libsndfile lacks: convert it to WAV, FLAC or MP3 with ffmpeg (ffmpeg -i 'song.m4a' "
                           "'song.wav'; install: apt install ffmpeg, brew install ffmpeg or conda install ffmpeg)"}
KEPT = ['two_seconds', 'stereo44k', 'café', 'ñandú', 'caf\\xe9']  # the last: a Latin-1 byte in the name, shown escaped


def write_mixed_folder(synth:Path, dest:Path) -> dict:
    "The synthetic clips plus every audio case of the issue; returns the skips expected, by file."
    shutil.copytree(synth, dest, ignore=shutil.ignore_patterns('*.csv', '*.json'))
    (dest/'blues'/'empty.wav').write_bytes(b'')
    (dest/'blues'/'notes.wav').write_text('these are notes, not audio\n')
    sf.write(dest/'blues'/'silent.wav', np.zeros(3*SR, 'float32'), SR)
    sf.write(dest/'jazz'/'tiny.wav', tone(0.01), SR)
    sf.write(dest/'jazz'/'blip.wav', tone(0.2), SR)
    (dest/'pop'/'song.m4a').write_bytes(b'\0\0\0\x20ftypM4A ' + bytes(32))
    sf.write(dest/'jazz'/'two_seconds.wav', tone(2), SR)
    sf.write(dest/'rock'/'stereo44k.wav', tone(3, 44100, channels=2), 44100)
    (dest/'rock'/'clip.mp3').write_bytes(b'ID3' + bytes(64))
    sf.write(dest/'pop'/'café.wav', tone(3), SR)
    sf.write(dest/'pop'/'ñandú.wav', tone(3.1), SR)  # lengths that differ: identical files would be analysed once
    sf.write(os.fsencode(dest/'pop') + b'/caf\xe9.wav', tone(3.2), SR)  # a name that is not UTF-8 (an old archive)
    expected = dict(SKIPPED)
    if CORRUPT.exists():
        shutil.copy(CORRUPT, dest/'jazz'/'jazz.00054.wav')
        expected['jazz/jazz.00054.wav'] = 'not a readable audio file (no RIFF header)'
    return expected


@pytest.fixture
def mixed_runs(synth, tmp_path_factory):
    """The same command run twice on the mixed folder, each with an empty feature cache of its own: first as a user types it,
    then in this process (after other runs here: no state carried from one run to the next may change a result)."""
    d = tmp_path_factory.mktemp('mixed')
    expected = write_mixed_folder(synth, d/'data')
    runs = [command('run', '--tier', 'easy', '--data', d/'data', '--front-end', 'mfcc', '--seeds', 1, '--epochs', 2, '--duration', 3,
                    '--cache-dir', d/f'cache{i}', '--out', d/f'out{i}') for i, command in ((1, music_clust), (2, music_clust_here))]
    return expected, runs, [d/'out1', d/'out2']


@pytest.mark.long
def test_mixed_audio_folder(mixed_runs):
    """Every bad file is skipped and named with its reason, on the command line and in the report; the good ones run; exit 0.
    And the second run of the same command gives the same results (`same_results`)."""
    expected, (p, _), (out, _) = mixed_runs
    assert p.returncode == 0, p.stderr
    assert 'Traceback' not in p.stderr
    report = (out/'report.md').read_text(encoding='utf-8')
    for f, why in expected.items():
        assert f'skipped {f}: {why}' in p.stderr, (f, p.stderr)
        assert f'- `{f}`: {why}' in report, (f, report)
    assert 'kept jazz/two_seconds.wav: 2.0 s long: padded with silence to 3 s' in p.stderr
    ids = pd.read_csv(out/'tracks.csv', keep_default_na=False).id.tolist()
    assert len(ids) == 20 + len(KEPT) and set(KEPT) <= set(ids)
    assert not {Path(f).stem for f in expected} & set(ids)
    same_results(mixed_runs)


@pytest.mark.parametrize('case, message', [
    ('missing', 'missing: no such folder'),
    ('a_file.wav', 'a_file.wav: a file, not a folder'),
    ('no_audio', f"no readable audio files ({', '.join(AUDIO_EXTENSIONS)}) in it or any folder below it; 2 other files passed over, "
                 "e.g. blues/cover.jpg: unsupported extension '.jpg'"),
    ('all_silent', 'none of the 2 audio files could be analysed (e.g. a/0.wav: silent (peak below -60 dBFS in the analysed 3 s))'),
    ('one_genre', 'every track has the same genre (blues), so there are no genres to recover; give --k N (2 or more)'),
])
def test_audio_folder_errors(tmp_path, case, message):
    "A folder the run cannot use: one line naming it and what to do, status 2."
    (tmp_path/'a_file.wav').write_bytes(b'')
    (tmp_path/'no_audio'/'blues').mkdir(parents=True)
    (tmp_path/'no_audio'/'blues'/'song.m4a').write_bytes(b'\0'); (tmp_path/'no_audio'/'blues'/'cover.jpg').write_bytes(b'\0')
    for i, g in enumerate('ab'):
        (tmp_path/'all_silent'/g).mkdir(parents=True); sf.write(tmp_path/'all_silent'/g/f'{i}.wav', np.zeros(3*SR + i, "float32"), SR)  # not the same bytes
    (tmp_path/'one_genre'/'blues').mkdir(parents=True)
    for i in range(3): sf.write(tmp_path/'one_genre'/'blues'/f'blues.0000{i}.wav', tone(3 - i*0.5), SR)
    message = message.format(', '.join(AUDIO_EXTENSIONS))
    status, err = in_process('run', '--data', tmp_path/case, '--front-end', 'mfcc', '--duration', 3, '--quiet', '--cache-dir', tmp_path/'cache',
                             '--seeds', 1, '--epochs', 1, '--out', tmp_path/'out')
    assert_one_line_error(status, err, message)


def test_mp3_is_read_and_aac_is_skipped_with_how_to_convert(tmp_path):
    "MP3 is audio like WAV (libsndfile >= 1.1 decodes it); .m4a, .aac and .wma are skipped with the ffmpeg line that converts them."
    if 'MP3' not in sf.available_formats(): pytest.skip(f'this libsndfile ({sf.__libsndfile_version__}) has no MP3 codec')
    (tmp_path/'rock').mkdir()
    sf.write(tmp_path/'rock'/'song.mp3', tone(2), SR, format='MP3')
    for ext in ('.m4a', '.aac', '.wma'): (tmp_path/'rock'/f'other{ext}').write_bytes(bytes(64))
    audio = load_audio_folder(tmp_path)
    assert (audio.ids, audio.labels) == (['song'], ['rock'])
    y = load_audio(audio.paths[0], FeatureParams(duration=2.0))
    assert np.sqrt(np.mean(y**2)) == pytest.approx(0.3/np.sqrt(2), rel=0.1)   # the tone came through the MP3 codec
    for ext in ('.m4a', '.aac', '.wma'):
        assert dict(audio.skipped)[f'rock/other{ext}'] == (f"{ext} audio needs a decoder libsndfile lacks: convert it to WAV, FLAC or MP3 "
                                                          f"with ffmpeg (ffmpeg -i 'other{ext}' 'other.wav'; install: apt install ffmpeg, "
                                                          "brew install ffmpeg or conda install ffmpeg)")


def test_clip_that_would_be_mostly_padding_is_skipped(tmp_path):
    "A 0.2 s clip analysed as 3 s would be 93 % silence: skipped with the reason, even where an older version cached it; half a clip is kept."
    from music_clust.store import cache_key, write_cached
    sf.write(tmp_path/'blip.wav', tone(0.2), SR); sf.write(tmp_path/'half.wav', tone(1.5), SR)
    params, paths = FeatureParams(duration=3.0), [tmp_path/'blip.wav', tmp_path/'half.wav']
    n = params.n_frames
    write_cached(tmp_path/'cache', cache_key(paths[0], params), {'mfcc': np.zeros((20, n), 'float32'), 'summary': np.zeros(92, 'float32'),
                                                                 'tempo': np.float32(120)})   # what an older version kept
    f = extract_features(paths, params, cache_dir=tmp_path/'cache', n_jobs=1, progress=False, root=tmp_path)
    assert f.failed == [('blip.wav', '0.2 s long, under half of the 3 s analysed, so mostly padding; --duration 0.4 or less would keep it')]
    assert f.kept == [1] and f.padded == [('half.wav', '1.5 s long: padded with silence to 3 s')]


# --- tables -----------------------------------------------------------------------------------------------

@pytest.fixture
def tables(tmp_path):
    "Small feature and lyrics tables, good and bad."
    rng = np.random.default_rng(0)
    good = pd.DataFrame({'track_id': [f't{i:02d}' for i in range(40)], 'genre': np.repeat(['a', 'b', 'c', 'd'], 10)})
    for j in range(4): good[f'f{j}'] = rng.normal(size=40) + np.repeat([0, 3, 6, 9], 10)*(j % 2)
    good.to_csv(tmp_path/'good.csv', index=False)
    messy = good.assign(word='x', constant=1.0, empty=np.nan)
    messy.loc[3, 'f0'], messy.loc[5, 'f1'] = np.nan, np.inf
    messy.to_csv(tmp_path/'messy.csv', index=False)
    good.assign(track_id=['t00', 't00'] + good.track_id[2:].tolist()).to_csv(tmp_path/'dup.csv', index=False)
    good[['track_id', 'genre']].assign(note='x').to_csv(tmp_path/'no_numbers.csv', index=False)
    good.assign(genre='rock').to_csv(tmp_path/'one_genre.csv', index=False)
    (tmp_path/'latin1.csv').write_bytes(good.assign(track_id=['café'] + good.track_id[1:].tolist()).to_csv(index=False).encode('latin-1'))
    lyrics = pd.DataFrame({'track_id': good.track_id, 'text': ['love fire night heart road'] * 40})
    lyrics.to_csv(tmp_path/'lyrics.csv', index=False)
    (tmp_path/'lyrics_latin1.csv').write_bytes(lyrics.assign(text='niño corazón').to_csv(index=False).encode('latin-1'))
    lyrics.assign(track_id=[f'x{i}' for i in range(40)]).to_csv(tmp_path/'lyrics_none.csv', index=False)
    lyrics.iloc[:5].to_csv(tmp_path/'lyrics_some.csv', index=False)
    lyrics.assign(text=['', ' '] * 20).to_csv(tmp_path/'lyrics_empty.csv', index=False)
    (tmp_path/'old_results').mkdir(); (tmp_path/'old_results'/'metrics.csv').write_text('precious')
    return tmp_path


@pytest.mark.parametrize('args, message', [
    (['--features', 'good.csv', '--label-col', 'style'], "good.csv: no label column 'style' (columns: track_id, genre, f0"),
    (['--features', 'good.csv', '--id-col', 'key'], "good.csv: no id column 'key'"),
    (['--features', 'dup.csv'], "dup.csv: id column 'track_id' has duplicate values (1 repeated, e.g. 't00'); keep one row per track"),
    (['--features', 'no_numbers.csv'], 'no_numbers.csv: no usable numeric feature column (dropped: note (not numeric))'),
    (['--features', 'good.csv', '--tier', 'medium', '--lyrics', 'lyrics.csv', '--text-col', 'words'], "lyrics.csv: no text column 'words'"),
    (['--features', 'one_genre.csv'], 'every track has the same genre (rock), so there are no genres to recover'),
    (['--features', 'good.csv', '--k', '41'], 'k=41 is larger than the number of tracks (40): use a smaller --k'),
    (['--features', 'good.csv', '--k', '1'], 'k=1: clustering needs at least 2 clusters (use --k 2 or more)'),
    (['--features', 'good.csv', '--out', 'good.csv'], 'good.csv: a file, not a folder; choose another --out'),
    (['--features', 'good.csv', '--out', 'old_results'], 'old_results: results folder exists and is not empty; choose another --out or pass --overwrite'),
])
def test_table_and_clustering_errors(tables, monkeypatch, args, message):
    "A table, a k or a results folder the run cannot use: one line naming it and what to do, status 2, nothing overwritten."
    monkeypatch.chdir(tables)
    args = args if '--out' in args else args + ['--out', 'out']
    assert_one_line_error(*in_process('run', '--quiet', '--seeds', 1, '--epochs', 1, *args), message)  # short, should it run
    assert (tables/'old_results'/'metrics.csv').read_text() == 'precious'


def test_tables_not_in_utf8_are_read_with_a_note(tables):
    "A Latin-1 / cp1252 export (a Spotify table saved by Excel) is read as cp1252, and the note says so: no error, no silent change."
    t = load_feature_table(tables/'latin1.csv')
    assert t.ids[0] == 'café'
    assert t.notes == ['latin1.csv: not UTF-8 text (byte 0xe9 on line 2); read as cp1252 (Windows-1252): check names with accents']
    lyrics = load_lyrics(tables/'lyrics_latin1.csv')
    assert set(lyrics) == {'niño corazón'}
    assert lyrics.attrs['notes'] == ['lyrics_latin1.csv: not UTF-8 text (byte 0xf1 on line 2); read as cp1252 (Windows-1252): check names with accents']


def test_messy_table_runs_with_notes(tables):
    "NaN, inf, text, constant and empty columns: the run goes on, and the report lists what was dropped or filled."
    status, err = in_process('run', '--features', tables/'messy.csv', '--seeds', 1, '--epochs', 1, '--quiet', '--out', tables/'out')
    assert status == 0, err
    report = (tables/'out'/'report.md').read_text()
    for line in ('- `column word`: not numeric', '- `column empty`: all values missing', '- `column constant`: constant',
                 '- `missing or infinite values`: 2 filled with the column median'):
        assert line in report, report
    assert pd.read_csv(tables/'out'/'metrics.csv').nmi.notna().all()


@pytest.mark.parametrize('table, reason', [
    ('lyrics_none.csv', 'the lyrics table matches none of the 40 track ids (check --id-col)'),
    ('lyrics_some.csv', 'only 5 of 40 tracks have lyrics: too few to cluster into 4'),
    ('lyrics_empty.csv', 'every text in the lyrics table is empty (check --text-col)'),
])
def test_unusable_lyrics_are_reported(tables, table, reason):
    "Lyrics that match no track, too few, or are all empty: the lyrics models are skipped with the reason; audio goes on."
    from music_clust.inputs import RunConfig, load_inputs
    from music_clust.run import lyrics_notes
    cfg = RunConfig(tier='medium', features=str(tables/'good.csv'), lyrics=str(tables/table), progress=False)
    inputs = load_inputs(cfg)
    audio, notes = lyrics_notes(cfg, inputs, k=4)
    assert notes == [f'Audio only: `lyrics`, `concat` and `hybrid` were skipped: {reason}.']
    assert audio.lyrics is None and inputs.lyrics is not None   # a new Inputs: the one given is left as it was


@pytest.fixture
def cheap_tier(monkeypatch):
    "The Easy tier cut down to its raw baseline + K-Means: a run's inputs, notes and report in seconds instead of minutes of training."
    def raw_only(inputs, Xs, cfg, seed, k=10): yield Representation('raw', Xs, 0.0)
    monkeypatch.setitem(TIERS, 'easy', (raw_only, ('kmeans',)))


def test_tracks_without_a_label_are_clustered_not_scored(tables, cheap_tier):
    "Empty label cells: those tracks are clustered, left out of ARI/NMI/purity/accuracy (computed on the labelled rows), and counted in the report."
    from sklearn.metrics import normalized_mutual_info_score
    table = pd.read_csv(tables/'good.csv')
    table.loc[[1, 15, 30], 'genre'] = np.nan   # written as empty cells
    table.to_csv(tables/'gaps.csv', index=False)
    status, err = in_process('run', '--features', tables/'gaps.csv', '--seeds', 1, '--out', tables/'out')
    assert status == 0, err
    note = ('3 of 40 tracks have no `genre` label: clustered with the others, left out of ARI, NMI, purity and accuracy '
            '(scored on the labelled tracks only)')
    report = (tables/'out'/'report.md').read_text()
    assert note in err and f'- {note}' in report and '4 genres (labels used for scoring only)' in report
    tracks = pd.read_csv(tables/'out'/'tracks.csv')
    labelled = tracks.label.notna().to_numpy()
    assert len(tracks) == 40 and (~labelled).sum() == 3
    pred, m = np.load(tables/'out'/'clusters'/'raw_kmeans_seed0.npy'), pd.read_csv(tables/'out'/'metrics.csv').iloc[0]
    assert m.n_samples == 40 and m.nmi == pytest.approx(normalized_mutual_info_score(tracks.label[labelled], pred[labelled]))


def test_semicolon_table_with_decimal_commas_runs(tables, cheap_tier):
    "A European Excel export (';' between columns, 3,14): the separator and the decimal commas are read, said in the report, and the run works."
    good = pd.read_csv(tables/'good.csv')
    good.to_csv(tables/'excel_fr.csv', sep=';', decimal=',', index=False)
    good.to_csv(tables/'tabs.csv', sep='\t', index=False)
    for name in ('excel_fr.csv', 'tabs.csv'):
        pd.testing.assert_frame_equal(load_feature_table(tables/name).X, load_feature_table(tables/'good.csv').X)
    status, err = in_process('run', '--features', tables/'excel_fr.csv', '--seeds', 1, '--quiet', '--out', tables/'out')
    assert status == 0, err
    assert "- excel_fr.csv: columns separated by ';', decimal commas in 4 columns (3,14 read as 3.14)" in (tables/'out'/'report.md').read_text()
    assert pd.read_csv(tables/'out'/'metrics.csv').nmi.notna().all()


@pytest.mark.parametrize('name, head', [('songs.xlsx', b'PK\x03\x04'), ('songs.xls', b'\xd0\xcf\x11\xe0'), ('renamed.csv', b'PK\x03\x04')])
def test_excel_file_says_how_to_save_it_as_csv(tables, name, head):
    "A spreadsheet given as --features, by its extension or its first bytes (an .xlsx is a zip archive): one line saying how to save it as CSV."
    (tables/name).write_bytes(head + bytes(200))
    status, err = in_process('run', '--features', tables/name, '--quiet', '--out', tables/'out')
    assert_one_line_error(status, err, f'{name}: an Excel file: save it as CSV (File > Save As > CSV UTF-8)')


def test_k_close_to_the_number_of_tracks_is_said(tables, cheap_tier):
    "Three tracks, three genres: the run still runs, and its log and report say that its perfect scores mean little."
    pd.read_csv(tables/'good.csv').iloc[[0, 10, 20]].to_csv(tables/'three.csv', index=False)
    status, err = in_process('run', '--features', tables/'three.csv', '--seeds', 1, '--out', tables/'out')
    assert status == 0, err
    note = ('Only 3 tracks for k=3 clusters (fewer than 5 per cluster): the scores mean little here, since with k close to the number '
            'of tracks any partition scores near its best (at one track per cluster, NMI, ARI and accuracy are 1 whatever the method); '
            'use more tracks or a smaller --k.')
    assert note in err.splitlines() and f'- {note}' in (tables/'out'/'report.md').read_text()


def test_utf16_and_compressed_tables_are_read_and_binary_is_named(tables):
    "A UTF-16 or gzip table once showed NUL or binary bytes as its 'column names': read, with a note; other binary refused in one line."
    text = (tables/'good.csv').read_text()
    (tables/'wide.csv').write_bytes(text.encode('utf-16'))
    (tables/'packed.csv.gz').write_bytes(gzip.compress(text.encode()))
    for name, note in (('wide.csv', 'wide.csv: UTF-16 text, read as such'), ('packed.csv.gz', 'packed.csv.gz: gzip-compressed, read decompressed')):
        t = load_feature_table(tables/name)
        assert t.X.equals(load_feature_table(tables/'good.csv').X) and note in t.notes
    (tables/'blob.csv').write_bytes(b'\x00\x01\x02binary' * 50)
    assert_one_line_error(*in_process('run', '--features', tables/'blob.csv', '--quiet', '--out', tables/'out'),
                          'blob.csv: not text (it holds NUL bytes): give a CSV file')


def test_labels_as_a_person_writes_them_and_footer_rows(tables):
    "'Rock', 'rock ' and ' ROCK' are one genre (said in the notes); a total row and a row of bare separators are not tracks."
    good = pd.read_csv(tables/'good.csv')
    good['genre'] = good.genre.map({'a': 'Rock', 'b': 'Pop', 'c': 'Jazz', 'd': 'Folk'})
    good.loc[[1, 2], 'genre'], good.loc[3, 'genre'] = 'rock ', ' ROCK'
    (tables/'spelled.csv').write_text(good.to_csv(index=False) + ',,,,,\nTotal,,,,,\n')
    t = load_feature_table(tables/'spelled.csv')
    assert len(t) == 40 and sorted(set(t.labels)) == ['Folk', 'Jazz', 'Pop', 'Rock']
    assert "labels: spaces around 3 removed; case-only variants merged: 'ROCK' as 'Rock', 'rock' as 'Rock'" in t.notes
    assert "spelled.csv: 2 blank or footer rows left out (at most one cell filled, e.g. 'Total')" in t.notes


def test_huge_finite_values_are_named_not_a_crash(tables, cheap_tier):
    "A finite 1e308 in a table once crashed `standardise`: beyond float32's range (the models' precision) it counts as infinite."
    good = pd.read_csv(tables/'good.csv'); good.loc[0, 'f0'] = 1e308; good['f2'] = good.f2 * 1e306
    good.to_csv(tables/'huge.csv', index=False)
    status, err = in_process('run', '--features', tables/'huge.csv', '--seeds', 1, '--quiet', '--out', tables/'out')
    assert status == 0, err
    report = (tables/'out'/'report.md').read_text()
    assert "- `column f2`: values beyond float32's range (±3.4e+38): rescale the column" in report, report
    assert '- `missing or infinite values`: 1 filled with the column median' in report, report
    assert pd.read_csv(tables/'out'/'metrics.csv').silhouette_common.notna().all()


def test_unwritable_feature_cache_names_the_setting(synth, tmp_path):
    "A cache that cannot be written (here: a file where its folder should be; a full disk the same) names the path and MUSIC_CLUST_CACHE."
    (tmp_path/'cache').write_text('a file, not a folder')
    status, err = in_process('run', '--data', synth, '--duration', 3, '--quiet', '--cache-dir', tmp_path/'cache', '--out', tmp_path/'out')
    assert_one_line_error(status, err, f"cannot write the feature cache in {tmp_path/'cache'}")
    assert 'MUSIC_CLUST_CACHE (or --cache-dir)' in err and not (tmp_path/'out').exists()


# --- settings checked before any work ---------------------------------------------------------------------

@pytest.mark.parametrize('args, message', [
    (['--latent-dim', 0], "--latent-dim 0: give 1 or more (the size of the codes), or leave it out for the default"),
    (['--duration', 0], '--duration 0: give the seconds of each clip to analyse, e.g. --duration 30'),
    (['--duration', -5], '--duration -5: give the seconds of each clip to analyse'),
    (['--k', 0], 'k=0: clustering needs at least 2 clusters (use --k 2 or more)'),
    (['--seeds', 0], '--seeds 0: give 1 or more'),
    (['--jobs', 0], '--jobs 0: give 1 or more workers, or -1 for one per core'),
    (['--n-per-genre', 0], '--n-per-genre 0: give 1 or more clips per style'),
    (['--image-frames', -1], '--image-frames -1: give 0 (every frame) or more'),
    (['--label-col', 'genre'], '--label-col applies to a feature table (--features); audio takes its labels from its folders'),
    (['--features', 'good.csv', '--data', 'songs'], '--data songs and --features good.csv: give one input'),
    (['--features', 'good.csv', '--front-end', 'musicnn'], '--front-end applies to audio; a feature table (--features) is used as it is'),
    (['--features', 'good.csv', '--duration', 3], '--duration applies to audio'),
    (['--data', 'songs', '--n-per-genre', 5], '--n-per-genre sizes the synthetic set'),
    (['--betas', '1,2'], '--betas is used by the hard tier only: add --tier hard (or all)'),
    (['--lyrics', 'lyrics.csv'], '--lyrics is used by the medium and hard tiers, not the easy one'),
    (['--front-end', 'bogus'], '--front-end bogus: unknown (choose from mfcc, musicnn-meanstd, musicnn, musicnn-mtt, vgg-msd, vgg-mtt)'),
])
def test_flags_are_taken_as_meant(tables, monkeypatch, args, message):
    "A zero or a negative where it means nothing, and a flag that does not apply to the input or tier: one line, nothing made (a zero was once 'unset')."
    monkeypatch.chdir(tables)
    assert_one_line_error(*in_process('run', '--quiet', *args, '--out', 'out'), message)
    assert not (tables/'out').exists()


CHEAP_FIRST = """
import sys
from music_clust.cli import main
status = main(['run', '--front-end', 'bogus', '--out', 'x'])
print(status, sorted(m for m in ('pandas', 'sklearn', 'keras', 'tensorflow', 'librosa') if m in sys.modules))
"""


def test_unknown_front_end_is_refused_before_the_libraries_load():
    "--front-end bogus once failed after 7 s of imports: now the name is checked first, with no pandas, Keras or librosa loaded."
    p = subprocess.run([sys.executable, '-c', CHEAP_FIRST], capture_output=True, text=True, timeout=120)
    assert p.stdout.strip() == '2 []', p.stdout + p.stderr
    assert p.stderr.strip().startswith('music-clust: error: --front-end bogus: unknown'), p.stderr


@pytest.mark.parametrize('epochs', [0, -1])
def test_epochs_below_one_refused_before_any_work(tables, epochs):
    "--epochs 0 (once: up to 300 epochs, silently) and -1 (once: a KeyError traceback and a partial folder): one line, nothing made."
    status, err = in_process('run', '--features', tables/'good.csv', '--seeds', 1, '--epochs', epochs, '--quiet', '--out', tables/'out')
    assert_one_line_error(status, err, f'--epochs {epochs}: give 1 or more (the most epochs a model trains; early stopping ends sooner)')
    assert not (tables/'out').exists()


def test_k_is_checked_before_the_data_is_read(tables):
    "--k 1 is refused before the table is looked for (it is missing here): the k line, no results folder."
    status, err = in_process('run', '--features', tables/'missing.csv', '--k', 1, '--quiet', '--out', tables/'out')
    assert_one_line_error(status, err, 'k=1: clustering needs at least 2 clusters (use --k 2 or more)')
    assert not (tables/'out').exists()


def as_a_user():
    "In the child: without root's power to write through permission bits (CAP_DAC_OVERRIDE), so that a read-only folder is one for it too."
    if os.geteuid() != 0: return
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, dropped from the bounding set (prctl PR_CAPBSET_DROP = 24)
        if libc.prctl(24, cap, 0, 0, 0): raise OSError(ctypes.get_errno(), 'prctl(PR_CAPBSET_DROP)')


@pytest.mark.skipif(not sys.platform.startswith('linux'), reason='drops a Linux capability when run as root')
def test_unwritable_results_folder_is_refused_before_the_data_is_read(tmp_path):
    "An existing --out this user cannot write into: one line before the table is even looked for (it once came after loading)."
    (tmp_path/'ro').mkdir(); os.chmod(tmp_path/'ro', 0o555)
    try: p = subprocess.run(COMMAND + ['run', '--features', str(tmp_path/'missing.csv'), '--quiet', '--out', str(tmp_path/'ro')],
                            capture_output=True, text=True, timeout=300, preexec_fn=as_a_user)
    except subprocess.SubprocessError as e: pytest.skip(f'cannot run without root\'s permission override here ({e})')
    finally: os.chmod(tmp_path/'ro', 0o755)
    assert p.returncode == 2, p.stderr
    assert p.stderr.strip() == f"music-clust: error: {tmp_path/'ro'}: cannot write the results there (Permission denied); choose another --out"


@pytest.mark.parametrize('credentials, message', [
    ({}, "the GTZAN download needs kagglehub: pip install 'music_clust[kaggle]', and Kaggle credentials: set KAGGLE_USERNAME and KAGGLE_KEY "
         "(in Colab: as secrets) or put kaggle.json in ~/.kaggle/; or pass a local copy with --data DIR / --features CSV"),
    ({'KAGGLE_USERNAME': 'someone', 'KAGGLE_KEY': 'junk'},
     "the GTZAN download needs kagglehub: pip install 'music_clust[kaggle]'; or pass a local copy with --data DIR / --features CSV"),
])
def test_gtzan_without_kagglehub_says_what_to_install_and_to_set(monkeypatch, tmp_path, credentials, message):
    "--data gtzan without the kaggle extra: the install line, and the credentials to set where none are; before any work (no network needed)."
    monkeypatch.setitem(sys.modules, 'kagglehub', None)   # as if the extra were not installed
    for k in ('KAGGLE_USERNAME', 'KAGGLE_KEY', 'KAGGLE_API_TOKEN'): monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv('KAGGLE_CONFIG_DIR', str(tmp_path))   # no kaggle.json there
    for k, v in credentials.items(): monkeypatch.setenv(k, v)
    status, err = in_process('run', '--data', 'gtzan', '--quiet', '--out', tmp_path/'out')
    assert_one_line_error(status, err, message)
    assert not (tmp_path/'out').exists()


def test_sentence_lyrics_without_the_extra_are_refused_before_any_work(tables, monkeypatch):
    "--lyrics-model sentence without sentence-transformers: the install line at once (it once came after training, leaving a folder behind)."
    monkeypatch.setitem(sys.modules, 'sentence_transformers', None)   # as if the extra were not installed
    status, err = in_process('run', '--tier', 'medium', '--features', tables/'good.csv', '--lyrics', tables/'lyrics.csv',
                             '--lyrics-model', 'sentence', '--seeds', 1, '--epochs', 1, '--quiet', '--out', tables/'out')
    assert_one_line_error(status, err, "--lyrics-model sentence: sentence embeddings need sentence-transformers and torch: "
                                       "pip install 'music_clust[sentence]' (or use --lyrics-model tfidf)")
    assert not (tables/'out').exists()


# --- clustering -------------------------------------------------------------------------------------------

def test_undefined_scores_say_why(tmp_path):
    "One genre, DBSCAN finding one cluster and noise, K-Means on a collapsed representation: empty cells, each explained."
    X = np.ones((40, 5)); X[36:] = np.random.default_rng(0).normal(size=(4, 5))*10  # 36 identical tracks and 4 outliers
    table = pd.DataFrame(X, columns=[f'f{i}' for i in range(5)]).assign(track_id=[f't{i:02d}' for i in range(40)], genre='rock')
    table.to_csv(tmp_path/'blob.csv', index=False)
    out = tmp_path/'out'
    p = music_clust_here('run', '--tier', 'medium', '--features', tmp_path/'blob.csv', '--k', 6, '--seeds', 1, '--epochs', 1, '--out', out)
    assert p.returncode == 0 and 'Traceback' not in p.stderr, p.stderr
    report = (out/'report.md').read_text()
    gaps = [line[2:] for line in report.split('Empty cells and short partitions')[1].split('\n\n')[1].splitlines()]
    assert 'every method and seed: ARI, NMI, purity and accuracy empty: the scored tracks have one genre only' in gaps
    assert '`vae` + kmeans, seed 0: 5 distinct clusters of the 6 asked: fewer than 6 distinct points (a collapsed representation)' in gaps
    m = pd.read_csv(out/'metrics.csv')
    for _, r in m[m.silhouette.isna()].iterrows():   # every empty internal score has its reason
        assert any(g.startswith(f'`{r.representation}` + {r.clusterer}, seed 0: silhouette, Calinski-Harabasz and Davies-Bouldin empty: ')
                   for g in gaps), (r.representation, r.clusterer, gaps)
    assert m[m.clusterer == 'dbscan'].silhouette.isna().all()   # one cluster and noise: nothing to separate
    assert f'empty or short: {gaps[0]}' in p.stderr


def test_label_conditioned_model_is_marked_in_every_figure(tmp_path, monkeypatch):
    "--condition label: the CVAE is named '(label-conditioned)' wherever a figure shows it (bars, condition effect, map, heatmap, curves)."
    import matplotlib.text
    from music_clust import plots
    from music_clust.figures import write_plots
    from music_clust.seeds import Artefacts
    rng, pred = np.random.default_rng(0), np.repeat([0, 1, 2], 4)
    cvae = Representation('cvae', rng.normal(size=(12, 3)), 0.0, history={'loss': [2.0, 1.5]}, variant='dense, given genre',
                          columns={'condition': 'genre', 'label_conditioned': True})
    arte = Artefacts(tmp_path)
    for rep in (Representation('pca', rng.normal(size=(12, 3)), 0.0), cvae): arte(rep, 'kmeans', 0, pred)
    metrics = pd.DataFrame({'representation': ['pca', 'cvae'], 'variant': ['', 'dense, given genre'], 'clusterer': 'kmeans', 'seed': 0,
                            'nmi': [0.3, 0.9], 'condition_nmi': [np.nan, 0.9], 'label_conditioned': [False, True]})
    figures = {}
    monkeypatch.setattr(plots, 'save_figure', lambda fig, path: figures.update({Path(path).name: fig}))
    write_plots(tmp_path, arte, metrics, list('abc')*4)
    naming = {name: [t.get_text() for t in fig.findobj(matplotlib.text.Text) if 'cvae' in t.get_text()] for name, fig in figures.items()}
    assert {n for n, texts in naming.items() if texts} == {'metric_bars.png', 'condition_effect.png', 'map_cvae_dense_given_genre.png',
                                                          'heatmap_cvae_dense_given_genre.png', 'training_curves.png'}
    assert all('(label-conditioned)' in t for texts in naming.values() for t in texts), naming


# --- work: interruption, results folders ------------------------------------------------------------------

EXTRACT = """
import sys
from music_clust.data import load_audio_folder
from music_clust.tables import load_feature_table, load_lyrics
from music_clust.features import FeatureParams, extract_features
audio = load_audio_folder(sys.argv[1])
extract_features(audio.paths, FeatureParams(duration=3.0), cache_dir=sys.argv[2], n_jobs=2, progress=False)
"""


def test_killed_extraction_resumes_exactly(synth, tmp_path):
    "Kill an extraction (SIGKILL, workers too) half way: the rerun reads the finished clips, never a partial file, and equals an uninterrupted run."
    cache, paths, params = tmp_path/'cache', load_audio_folder(synth).paths, FeatureParams(duration=3.0)
    entries = lambda: [p for p in cache.rglob('*.npz') if not p.name.startswith('.')]
    p = subprocess.Popen([sys.executable, '-c', EXTRACT, str(synth), str(cache)], start_new_session=True)
    deadline = time.monotonic() + 120
    while len(entries()) < 3 and p.poll() is None and time.monotonic() < deadline: time.sleep(0.01)
    os.killpg(p.pid, signal.SIGKILL); p.wait()
    done = len(entries())
    assert 3 <= done < len(paths), f'not killed half way: {done} of {len(paths)} clips done'
    dead = subprocess.run([sys.executable, '-c', 'import os; print(os.getpid())'], capture_output=True, text=True).stdout.strip()
    (cache/'00').mkdir(exist_ok=True)
    (cache/'00'/f'.00aa.{dead}.tmp.npz').write_bytes(b'PK\x03\x04 half written')  # what a write cut short leaves: never an entry
    resumed = extract_features(paths, params, cache_dir=cache, n_jobs=1, progress=False)
    assert resumed.n_cached == done                                   # finished clips are not recomputed
    assert not list(cache.rglob('.*.tmp*'))                            # partial writes of dead processes are swept away
    assert len(entries()) == len(paths)
    whole = extract_features(paths, params, cache_dir=False, n_jobs=1, progress=False)
    for name in ('mfcc', 'summary', 'tempo', 'segments', 'augmented'):
        assert np.array_equal(getattr(resumed, name), getattr(whole, name)), name   # bit for bit
    assert resumed.kept == whole.kept and resumed.failed == whole.failed == []


def children(pid:int) -> list[int]:
    "The processes whose parent is `pid` (Linux /proc)."
    found = []
    for p in filter(str.isdigit, os.listdir('/proc')):
        try:
            with open(f'/proc/{p}/stat') as f:
                if int(f.read().rsplit(')', 1)[1].split()[1]) == pid: found.append(int(p))
        except OSError: pass
    return found


def cmdline(pid:int) -> str:
    try: return Path(f'/proc/{pid}/cmdline').read_text(errors='replace')
    except OSError: return ''


def running(pid:int) -> bool:
    try: os.kill(pid, 0)
    except ProcessLookupError: return False
    return True


@pytest.mark.skipif(not Path('/proc').is_dir(), reason='reads processes from /proc')
def test_kill_ends_a_run_like_ctrl_c(synth, tmp_path):
    "`kill` (SIGTERM) during extraction: one line, status 143, its workers gone with it, finished clips in the cache, no results folder."
    cache = tmp_path/'cache'
    p = subprocess.Popen(COMMAND + ['run', '--data', str(synth), '--duration', '3', '--jobs', '2', '--cache-dir', str(cache), '--out', str(tmp_path/'out')],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while len(list(cache.rglob('*.npz'))) < 2 and p.poll() is None and time.monotonic() < deadline: time.sleep(0.01)
    workers = [c for c in children(p.pid) if 'loky' in cmdline(c)]
    p.send_signal(signal.SIGTERM)
    try:
        _, err = p.communicate(timeout=60)  # an orphaned worker would hold stderr open: this would time out
        deadline = time.monotonic() + 15    # the workers stop at once; loky's resource tracker follows within seconds
        while any(map(running, workers)) and time.monotonic() < deadline: time.sleep(0.1)
        left = [w for w in workers if running(w)]
    finally:
        for w in filter(running, workers): os.kill(w, signal.SIGKILL)  # never leave them behind, even when the test fails
    assert p.returncode == 143, err
    assert err.strip().splitlines()[-1] == f"music-clust: interrupted; {tmp_path/'out'} is unchanged; cached features are kept"
    assert 'Traceback' not in err and 'KeyboardInterrupt' not in err
    assert workers and not left, left
    assert len(list(cache.rglob('*.npz'))) >= 2
    assert not (tmp_path/'out').exists() and not (tmp_path/'.out.partial').exists()


def as_in_a_terminal():
    "In the child: a process group of its own (so that Ctrl-C can reach it and its workers), and SIGINT at its default, as a shell gives it."
    os.setsid(); signal.signal(signal.SIGINT, signal.SIG_DFL)


@pytest.mark.skipif(not Path('/proc').is_dir(), reason='reads processes from /proc')
def test_ctrl_c_ends_a_run_like_kill(synth, tmp_path):
    "Ctrl-C (SIGINT to the whole process group, as a terminal sends it) during extraction: status 130, the one line, no traceback, cache kept."
    cache = tmp_path/'cache'
    p = subprocess.Popen(COMMAND + ['run', '--data', str(synth), '--duration', '3', '--jobs', '1', '--cache-dir', str(cache), '--out', str(tmp_path/'out')],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=as_in_a_terminal)
    deadline = time.monotonic() + 120
    while len(list(cache.rglob('*.npz'))) < 2 and p.poll() is None and time.monotonic() < deadline: time.sleep(0.01)
    os.killpg(p.pid, signal.SIGINT)
    _, err = p.communicate(timeout=60)
    assert p.returncode == 130, err
    assert err.strip().splitlines()[-1] == f"music-clust: interrupted; {tmp_path/'out'} is unchanged; cached features are kept"
    assert 'Traceback' not in err and 'KeyboardInterrupt' not in err
    assert len(list(cache.rglob('*.npz'))) >= 2


SYNTH_AT_ONCE = """
import sys, time
from pathlib import Path
from music_clust.synth import make_synthetic
Path(sys.argv[2]).touch()                                # imported: ready
while not Path(sys.argv[3]).exists(): time.sleep(0.005)  # then both start together
make_synthetic(sys.argv[1], n_per_genre=2, duration=1.0, n_jobs=1, progress=False)
"""


def test_two_runs_at_once_share_one_synthetic_set(tmp_path):
    "Two processes asking for the same synthetic set in one cache at once: the second waits for the first's lock, then reuses its set; both succeed."
    dest, go = tmp_path/'cache'/'synthetic'/'n2-d1', tmp_path/'go'   # as a run's cache names it: not there yet
    procs = [subprocess.Popen([sys.executable, '-c', SYNTH_AT_ONCE, str(dest), str(tmp_path/f'ready{i}'), str(go)], stderr=subprocess.PIPE, text=True)
             for i in range(2)]
    deadline = time.monotonic() + 60
    while not all((tmp_path/f'ready{i}').exists() for i in range(2)) and time.monotonic() < deadline: time.sleep(0.01)
    go.touch()
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    audio = load_audio_folder(dest)
    assert len(audio) == 20 and not audio.skipped
    assert sorted(p.name for p in dest.iterdir() if p.is_file()) == ['.synth.lock', 'lyrics.csv', 'metadata.csv', 'synth.json']


# --- results folders: whole or nothing ----------------------------------------------------------------------

@pytest.mark.parametrize('out', ['', '  '])
def test_empty_out_is_refused(tables, out):
    "`--out \"$UNSET\"` once wrote into the current folder: an empty or blank name is refused."
    assert_one_line_error(*in_process('run', '--features', tables/'good.csv', '--out', out), f"--out {out!r}: empty; name a results folder")


def test_overwrite_leaves_a_folder_no_run_made_alone(tables):
    "--overwrite into a project folder once replaced the user's own config.json, report.md and models: only a folder a run marked is replaced."
    project = tables/'project'
    (project/'models').mkdir(parents=True)
    mine = {'config.json': '{"mine": true}', 'report.md': '# my notes', 'models/vae_seed0.keras': 'my model'}
    for name, text in mine.items(): (project/name).write_text(text)
    status, err = in_process('run', '--features', tables/'good.csv', '--overwrite', '--quiet', '--out', project)
    assert_one_line_error(status, err, f'{project}: not a music-clust results folder (no .music_clust_results.json), so --overwrite leaves it alone')
    assert {n: (project/n).read_text() for n in mine} == mine
    assert sorted(p.name for p in tables.iterdir() if p.name.startswith('.project')) == ['.project.lock']  # no partial folder left


HOLD = """
import sys, time
from pathlib import Path
from music_clust.results import held
with held(Path(sys.argv[1])):
    Path(sys.argv[2]).touch()
    while not Path(sys.argv[3]).exists(): time.sleep(0.01)
"""


def test_second_run_on_the_same_out_is_refused_at_once(tables):
    "Two runs on one --out once both ran and mixed their files: the second stops at once with one line naming the first."
    ready, done = tables/'ready', tables/'done'
    holder = subprocess.Popen([sys.executable, '-c', HOLD, str(tables/'out'), str(ready), str(done)])
    try:
        deadline = time.monotonic() + 60
        while not ready.exists() and time.monotonic() < deadline: time.sleep(0.01)
        status, err = in_process('run', '--features', tables/'good.csv', '--quiet', '--out', tables/'out')
    finally: done.touch(); holder.wait(timeout=30)
    assert_one_line_error(status, err, f"{tables/'out'}: another music-clust run (process {holder.pid}) is writing it; wait for it to end")
    assert not (tables/'out').exists()


def test_interrupted_overwrite_keeps_the_old_folder_and_resumes(tables, monkeypatch):
    """`kill` during an --overwrite run: the earlier results stay as they were (not half old, half new); the same command then takes up
    the finished seed (not trained again) and replaces the folder whole, so a stale file of the earlier run is gone."""
    calls = []
    def raw(inputs, Xs, cfg, seed, k=10):
        calls.append(seed)
        if calls == [0, 1]: os.kill(os.getpid(), signal.SIGTERM)  # during the second seed of the interrupted run
        yield Representation('raw', Xs, 0.0)
    monkeypatch.setitem(TIERS, 'easy', (raw, ('kmeans',)))
    out, partial = tables/'out', tables/'.out.partial'
    args = ['run', '--features', tables/'good.csv', '--seeds', 3, '--overwrite', '--out', out]
    assert in_process(*args[:4], 1, *args[5:])[0] == 0
    (out/'stale.png').write_text('a plot of an earlier run'); before = (out/'report.md').read_text()
    calls.clear()
    status, err = in_process(*args)
    assert status == 143, err
    assert err.strip().splitlines()[-1] == (f'music-clust: interrupted; {out} is unchanged; finished seeds are kept in {partial}: '
                                            'the same command takes them up')
    assert 'Traceback' not in err and (out/'report.md').read_text() == before and (out/'stale.png').exists()
    status, err = in_process(*args)
    assert status == 0, err
    assert 'taking up seed 0, finished by an interrupted run' in err and calls == [0, 1, 1, 2]
    assert sorted(pd.read_csv(out/'metrics.csv').seed) == [0, 1, 2] and '3 seeds (0-2)' in (out/'report.md').read_text()
    assert not (out/'stale.png').exists() and not partial.exists() and not list(out.rglob('.seeds'))
    assert json.loads((out/'.music_clust_results.json').read_text())['settings']['seeds'] == 3


def test_a_stop_request_ends_training_at_the_next_batch():
    "Ctrl-C or `kill` while a model trains: Keras stops after the batch it is in (not after hundreds of epochs), then the run raises."
    from music_clust.interrupt import Interrupted, check, handled
    from music_clust.models import dense_vae, keras
    from music_clust.train import StopOnRequest, compile_adam, fit_data
    batches = []
    class SignalAtThird(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            batches.append(batch)
            if len(batches) == 3: os.kill(os.getpid(), signal.SIGINT)
    X = np.random.default_rng(0).normal(size=(200, 8)).astype('float32')
    with handled():
        model = compile_adam(dense_vae(8, 2))
        model.fit(**fit_data(X, batch_size=10), epochs=100, callbacks=[SignalAtThird(), StopOnRequest()], verbose=0)
        assert len(batches) == 3  # of 2,000
        with pytest.raises(Interrupted) as stop: check()
    assert stop.value.status == 130


@pytest.mark.long
def test_interrupted_tier_all_takes_up_the_finished_tiers(tables, monkeypatch):
    "`kill` in the hard tier of `--tier all`: the rerun takes up the easy and medium tiers' seeds and trains only the hard tier's."
    calls = []
    def cheap(tier):
        def raw(inputs, Xs, cfg, seed, k=10):
            calls.append((tier, seed))
            if len(calls) == 5: os.kill(os.getpid(), signal.SIGTERM)  # in the hard tier's first seed
            yield Representation('raw', Xs, 0.0)
        return raw
    for tier in TIER_NAMES: monkeypatch.setitem(TIERS, tier, (cheap(tier), ('kmeans',)))
    args = ['run', '--tier', 'all', '--features', tables/'good.csv', '--seeds', 2, '--out', tables/'out']
    assert in_process(*args)[0] == 143 and (tables/'.out.partial'/'medium'/'.seeds'/'seed1.pkl').exists()
    calls.clear()
    status, err = in_process(*args)
    assert status == 0, err
    assert err.count('taking up seeds 0, 1, finished by an interrupted run') == 2 and calls == [('hard', 0), ('hard', 1)]
    assert sorted(pd.read_csv(tables/'out'/'metrics.csv').tier.unique()) == ['easy', 'hard', 'medium']


# --- every clip's failure is its own -------------------------------------------------------------------------

def test_damaged_and_cut_short_clips_are_skipped_with_their_reason(tmp_path):
    "A NaN sample in a float WAV once stopped the whole run (librosa's ParameterError); a WAV cut short was called 'too short'."
    y = tone(3)
    sf.write(tmp_path/'good.wav', y, SR)
    bad = y.copy(); bad[100] = np.nan; bad[200] = np.inf
    sf.write(tmp_path/'nan.wav', bad, SR, subtype='FLOAT')
    sf.write(tmp_path/'whole.wav', y, SR, subtype='PCM_16')
    (tmp_path/'cut.wav').write_bytes((tmp_path/'whole.wav').read_bytes()[:44 + 2*int(0.2*SR)])
    f = extract_features([tmp_path/n for n in ('good.wav', 'nan.wav', 'cut.wav')], FeatureParams(duration=3.0), cache_dir=False, progress=False)
    assert f.kept == [0]
    assert dict(f.failed) == {'nan.wav': 'samples that are not numbers (NaN or infinity), 2 of 66,150; the file is damaged: export it again',
                              'cut.wav': 'truncated: the file holds 8,820 of the 132,300 bytes of audio its header promises (copy it again)'}


def test_a_cache_entry_of_another_clip_is_not_used(tmp_path):
    "A cache entry copied over another clip's was once used silently: each entry carries its key, checked on reading."
    from music_clust.store import cache_key, read_cached
    params = FeatureParams(duration=3.0)
    sf.write(tmp_path/'a.wav', tone(3), SR); sf.write(tmp_path/'b.wav', 0.5*tone(3)[::-1].copy(), SR)
    paths = [tmp_path/'a.wav', tmp_path/'b.wav']
    first = extract_features(paths, params, cache_dir=tmp_path/'c', progress=False)
    entry = lambda p: next((tmp_path/'c').rglob(f'{cache_key(p, params)}.npz'))
    entry(paths[0]).write_bytes(entry(paths[1]).read_bytes())
    assert read_cached(tmp_path/'c', cache_key(paths[0], params)) is None
    again = extract_features(paths, params, cache_dir=tmp_path/'c', progress=False)
    assert again.n_cached == 1 and np.array_equal(again.summary, first.summary)


# --- reproducibility --------------------------------------------------------------------------------------

def same_results(mixed_runs):
    "The same command twice (features recomputed each time): identical metrics.csv except fit time, identical labels and codes."
    _, runs, (out1, out2) = mixed_runs
    assert all(p.returncode == 0 for p in runs)
    m1, m2 = (pd.read_csv(o/'metrics.csv').drop(columns='fit_seconds') for o in (out1, out2))
    pd.testing.assert_frame_equal(m1, m2, check_exact=True)
    for sub in ('clusters', 'latents'):
        files = sorted(p.name for p in (out1/sub).glob('*.npy'))
        assert files and files == sorted(p.name for p in (out2/sub).glob('*.npy'))
        for f in files: assert np.array_equal(np.load(out1/sub/f), np.load(out2/sub/f)), f


# --- models -----------------------------------------------------------------------------------------------

def save_every_model(d:Path):
    """Every model class, compiled as `train` compiles it, its weights and batch-norm statistics moved away from their start by
    seeded noise (as training moves them, without the 1-3 s a model of tracing a training step), saved in `d` with its inputs and codes."""
    from music_clust import models as m, train as t
    m.keras.utils.set_random_seed(0)
    rng = np.random.default_rng(0)
    vec, img = rng.normal(size=(16, 12)).astype('float32'), rng.normal(size=(16, 20, 32)).astype('float32')
    lyr, has = rng.normal(size=(16, 6)).astype('float32'), (rng.uniform(size=(16, 1)) > 0.3).astype('float32')
    cond = np.eye(3, dtype='float32')[rng.integers(0, 3, 16)]
    cases = {'dense_vae': (m.dense_vae(12, 4, seed=0), vec), 'dense_ae': (m.dense_ae(12, 4), vec),
             'conv_vae': (m.conv_vae((20, 32), 4, seed=0), img),
             'beta_vae': (m.dense_vae(12, 4, beta=4.0, seed=0), vec), 'conv_beta_vae': (m.conv_vae((20, 32), 4, beta=4.0, seed=0), img),
             'hybrid_conv': (m.hybrid_vae((20, 32), 6, 4, seed=0), (img, lyr, has)), 'hybrid_dense': (m.hybrid_vae((12,), 6, 4, seed=0), (vec, lyr, has)),
             'cvae_dense': (m.cvae((12,), 3, 4, seed=0), (vec, cond)), 'cvae_conv': (m.cvae((20, 32), 3, 4, seed=0), (img, cond))}
    for name, (model, X) in cases.items():
        t.compile_adam(model); t.encode(model, X)   # built
        for v in model.variables:
            if 'float' not in str(v.dtype): continue   # a sampling layer's seed state
            noise = rng.normal(scale=0.1, size=tuple(v.shape)).astype('float32')
            v.assign(v.numpy()*np.exp(noise) if 'variance' in v.path else v.numpy() + noise)   # a moving variance stays positive
        model.save(d/f'{name}.keras')
        np.savez(d/f'{name}.npz', codes=t.encode(model, X), *(X if isinstance(X, tuple) else (X,)))

LOAD = """
import json, sys
from pathlib import Path
import numpy as np
import keras
from music_clust import models as m, train as t   # models registers the package's classes with Keras
out = {}
for f in sorted(Path(sys.argv[1]).glob('*.keras')):
    with np.load(f.with_suffix('.npz')) as z: X, codes = tuple(z[k] for k in sorted(z.files) if k != 'codes'), z['codes']
    model = keras.saving.load_model(f)
    out[f.stem] = [type(model).__name__, getattr(model, 'beta', None), bool(np.array_equal(t.encode(model, X if len(X) > 1 else X[0]), codes))]
print(json.dumps(out))
"""


@pytest.mark.long
def test_saved_models_encode_identically_in_another_process(tmp_path):
    "Every model class saved as .keras by one process (this one) and loaded by another gives bit-identical codes."
    save_every_model(tmp_path)
    load = subprocess.run([sys.executable, '-c', LOAD, str(tmp_path)], capture_output=True, text=True, timeout=600)
    assert load.returncode == 0, load.stderr[-3000:]
    loaded = json.loads(load.stdout.strip().splitlines()[-1])
    assert {k: v[0] for k, v in loaded.items()} == {'beta_vae': 'VAE', 'conv_beta_vae': 'VAE', 'conv_vae': 'VAE', 'cvae_conv': 'CVAE',
                                                    'cvae_dense': 'CVAE', 'dense_ae': 'AE', 'dense_vae': 'VAE',
                                                    'hybrid_conv': 'HybridVAE', 'hybrid_dense': 'HybridVAE'}
    assert loaded['beta_vae'][1] == loaded['conv_beta_vae'][1] == 4.0
    assert all(same for _, _, same in loaded.values()), loaded


# --- Kaggle -----------------------------------------------------------------------------------------------

@pytest.fixture
def kaggle_env(monkeypatch, tmp_path):
    "No Kaggle credentials anywhere, an empty kagglehub cache, and a network that refuses every connection."
    pytest.importorskip('kagglehub')
    for k in ('KAGGLE_USERNAME', 'KAGGLE_KEY', 'KAGGLE_API_TOKEN', 'NO_PROXY', 'no_proxy'): monkeypatch.delenv(k, raising=False)
    for k in ('HOME', 'KAGGLE_CONFIG_DIR', 'KAGGLEHUB_CACHE'): monkeypatch.setenv(k, str(tmp_path/k.lower()))
    for k in ('HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy'): monkeypatch.setenv(k, 'http://127.0.0.1:9')  # nothing listens: no network
    (tmp_path/'kaggle_config_dir').mkdir()
    return tmp_path/'kaggle_config_dir'


@pytest.mark.parametrize('setup, message', [
    ({}, 'could not reach Kaggle to download GTZAN (no network connection; no Kaggle credentials are set either): check the network, '
         'or pass a local copy with --data DIR / --features CSV'),
    ({'KAGGLE_USERNAME': 'junk', 'KAGGLE_KEY': 'junk'}, 'could not reach Kaggle to download GTZAN (no network connection): check the network'),
    ({'KAGGLE_USERNAME': 'junk'}, 'Kaggle credentials unusable: KAGGLE_USERNAME is set but KAGGLE_KEY is not; set KAGGLE_USERNAME and KAGGLE_KEY'),
    ({'kaggle.json': '{"username": "junk", "key": '}, 'kaggle.json is not valid JSON; set KAGGLE_USERNAME and KAGGLE_KEY'),
    ({'kaggle.json': '{"username": "junk"}'}, "kaggle.json has no 'key'; set KAGGLE_USERNAME and KAGGLE_KEY"),
])
def test_kaggle_failures_are_one_line(kaggle_env, monkeypatch, tmp_path, setup, message):
    "`--data gtzan` without credentials, with broken ones, without a network: one line each, saying what to do."
    for k, v in setup.items():
        if k == 'kaggle.json': (kaggle_env/k).write_text(v)
        else: monkeypatch.setenv(k, v)
    assert_one_line_error(*in_process('run', '--data', 'gtzan', '--quiet', '--out', tmp_path/'out'), message)


def test_kaggle_refusal_is_told_apart(kaggle_env, monkeypatch):
    "Kaggle's 401 (only Kaggle can tell bad credentials, so this stops at the network): refused, or asked for, by whether any are set."
    import requests
    from music_clust.colab import _kaggle_failure
    response = requests.Response(); response.status_code = 401
    refused = requests.HTTPError('401 Client Error: Unauthorized for url: https://api.kaggle.com/v1/datasets', response=response)
    assert _kaggle_failure(refused).startswith('Kaggle asks for credentials and none are set: set KAGGLE_USERNAME and KAGGLE_KEY')
    monkeypatch.setenv('KAGGLE_USERNAME', 'junk'); monkeypatch.setenv('KAGGLE_KEY', 'junk')
    assert _kaggle_failure(refused).startswith('Kaggle refused the credentials (KAGGLE_USERNAME=junk and KAGGLE_KEY): make a new API token')
