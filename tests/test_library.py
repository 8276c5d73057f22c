"A music library as people keep one: Artist/Album/track at three levels, mixed formats, no genre folders, labels optional."
import json
import re
from pathlib import Path
from urllib.parse import unquote

import numpy as np
import pandas as pd
import pytest
import soundfile as sf

from conftest import music_clust_here

SECONDS = 3.0   # of each real clip kept: the 3 s analysed, small enough to convert and analyse in a blink
FORMATS = ('WAV', 'FLAC', 'MP3') if 'MP3' in sf.available_formats() else ('WAV', 'FLAC', 'OGG')  # MP3: libsndfile >= 1.1


def genre_tag(path:Path, genre:str):
    "Write a genre tag into an audio file: ID3 in MP3 and WAV, a Vorbis comment in FLAC and OGG."
    import mutagen
    from mutagen.id3 import TCON
    f = mutagen.File(path, easy=True)
    if f.tags is None: f.add_tags()
    if path.suffix == '.wav': f.tags.add(TCON(encoding=3, text=[genre]))
    else: f['genre'] = [genre]
    f.save()


@pytest.fixture(scope='module')
def library(shared, tmp_path_factory):
    "12 real clips of audio_sample (4 per genre), cut to 3 s, as Music/Artist k/Album j/NN Track.(wav|flac|mp3), and their true genres by file."
    music, genres = tmp_path_factory.mktemp('lib')/'Music', {}
    clips = sorted((shared/'gtzan'/'audio_sample').glob('*/*.wav'))
    for i, clip in enumerate(c for c in clips if int(c.stem[-5:]) < 4):  # 00000-00003 of each genre (never the corrupt jazz.00054)
        y, sr = sf.read(clip, frames=int(SECONDS*22050))
        fmt = FORMATS[i % 3]
        dest = music/f'Artist {i % 5}'/f'Album {i % 2}'/f'{i:02d} Track.{fmt.lower()}'  # folder names say nothing of the genre
        dest.parent.mkdir(parents=True, exist_ok=True)
        sf.write(dest, y, sr, format=fmt)
        genres[dest] = clip.parent.name
    return music, genres


def run_library(music, out, *extra):
    return music_clust_here('run', '--data', music, '--out', out, '--duration', 3, '--seeds', 1, '--epochs', 2, '--jobs', 1, *extra)


def playlist_entries(out:Path) -> list[Path]:
    "Every track entry of every playlist, resolved against the playlist's folder."
    return [(f.parent/line).resolve() for f in sorted((out/'playlists').glob('*.m3u8'))
            for line in f.read_text(encoding='utf-8').splitlines() if line and not line.startswith('#')]


def test_library_without_labels(library, tmp_path):
    "Three levels deep, no genre folders: the run says it has no labels, picks k from the k curves, writes a playlist per cluster."
    music, genres = library
    p = run_library(music, tmp_path/'out')
    assert p.returncode == 0, p.stderr
    assert 'labels: none (no <genre>/<clip> folders' in '\n'.join(p.stderr.splitlines()[:3]), p.stderr[:2000]  # among the first lines
    k = int(re.search(r'^k = (\d+) \(no labels, so the elbow of the K-Means inertia', p.stderr, re.M)[1])
    report = (tmp_path/'out'/'report.md').read_text(encoding='utf-8')
    assert f'k = {k} (no labels, so the elbow' in report and 'no labels (internal scores only)' in report
    clusters = pd.read_csv(tmp_path/'out'/'recommended.csv').cluster
    files = sorted((tmp_path/'out'/'playlists').glob('*.m3u8'))
    assert [f.name for f in files] == [f'cluster_{c:02d}.m3u8' for c in sorted(clusters.unique())] and len(files) == k
    first = files[0].read_text(encoding='utf-8').splitlines()
    assert first[0] == '#EXTM3U' and first[1].startswith('#PLAYLIST:cluster 0: ')  # named by tempo, brightness or loudness
    entries = playlist_entries(tmp_path/'out')
    assert sorted(entries) == sorted(p.resolve() for p in genres) and all(e.is_file() for e in entries)
    assert not [f for f in music.rglob('*') if f.is_file() and f not in genres]  # nothing written among the music
    html = (tmp_path/'out'/'map.html').read_text(encoding='utf-8')
    links = {unquote(json.loads(s)) for s in re.findall(r'"[^"]*Track\.[a-z0-9]+"', html)}  # the map's relative, URL-encoded links
    assert 'plotly_click' in html and {(tmp_path/'out'/link).resolve() for link in links} == {p.resolve() for p in genres}


def test_library_with_genre_tags(library, tmp_path):
    "The same files with genre tags written into them: --labels tags scores against the tags."
    music, genres = library
    tagged = tmp_path/'Tagged'
    for f, genre in genres.items():
        dest = tagged/f.relative_to(music)
        dest.parent.mkdir(parents=True, exist_ok=True); dest.write_bytes(f.read_bytes())
        genre_tag(dest, genre)
    p = run_library(tagged, tmp_path/'out', '--labels', 'tags', '--k', 3)
    assert p.returncode == 0, p.stderr
    assert "labels: from the files' genre tags, 3 genres (classical, jazz, rock), for scoring only" in p.stderr, p.stderr[:2000]
    tracks = pd.read_csv(tmp_path/'out'/'tracks.csv')
    assert dict(zip(tracks.id, tracks.label)) == {f.stem: g for f, g in genres.items()}
    assert pd.read_csv(tmp_path/'out'/'summary.csv').nmi_mean.notna().all()


def test_results_never_inside_the_music(library, tmp_path):
    "A results folder inside the music folder is refused, and nothing is left there."
    music, genres = library
    p = run_library(music, music/'results')
    assert p.returncode == 2 and 'inside the music folder' in p.stderr and not (music/'results').exists(), p.stderr


def test_clusters_named_by_the_models_tags(library, tmp_path):
    "With a pretrained front-end, each cluster is named by 3 of the model's own tags, computed from the audio (no label used)."
    from music_clust.listen import cluster_names
    from music_clust.pretrained import tag_names
    music, genres = library
    paths = sorted(genres)[:6]
    names, how = cluster_names(np.array([0, 0, 0, 1, 1, 1]), 'musicnn', paths, cache_dir=tmp_path/'emb')
    vocabulary = set(tag_names('MSD_musicnn'))
    assert set(names) == {0, 1} and all(len(n.split(', ')) == 3 and set(n.split(', ')) <= vocabulary for n in names.values()), names
    assert names[0] != names[1] and "MSD_musicnn's own tag outputs" in how
