"Column roles on real tables, and the leak checks: labels never choose a feature except by taking a label-like column away."
import numpy as np
import pandas as pd
import pytest

from music_clust.columns import column_roles
from music_clust.tables import load_feature_table

SPOTIFY_AUDIO = ['danceability', 'energy', 'loudness', 'speechiness', 'acousticness', 'instrumentalness', 'liveness',
                 'valence', 'tempo', 'duration_ms']


def real(shared, *parts):
    p = shared.joinpath(*parts)
    if not p.exists(): pytest.skip(f'{p} absent')
    return p


def with_labels(src, dest, label, labels, encoding='utf-8'):
    "A copy of table `src` whose label column holds `labels` instead."
    df = pd.read_csv(src, encoding=encoding)
    df[label] = labels(df[label])
    df.to_csv(dest, index=False)
    return dest


def same_table(a, b, moved=()):
    "Everything a later stage reads from a feature table but the labels, bit for bit (the reasons of `moved` columns aside)."
    pd.testing.assert_frame_equal(a.X, b.X, check_exact=True)
    pd.testing.assert_frame_equal(a.categorical, b.categorical, check_exact=True)
    assert a.ids == b.ids and a.filled == b.filled
    assert [d for d in a.dropped if d[0] not in moved] == [d for d in b.dropped if d[0] not in moved]


def test_spotify_roles(shared):
    t = load_feature_table(real(shared, 'spotify', 'spotify_songs_sample5130.csv'))
    role = t.roles.set_index('column').role
    assert t.label_col == 'playlist_genre'
    assert list(t.X.columns) == SPOTIFY_AUDIO
    assert list(t.categorical.columns) == ['key', 'mode']
    assert role[['track_popularity', 'playlist_subgenre', 'playlist_name']].tolist() == ['metadata', 'label-like', 'label-like']
    assert t.notes[0].startswith('spotify_songs_sample5130.csv: not UTF-8 text') and 'read as cp1252' in t.notes[0]
    assert any(n.startswith('label-like columns kept out of the features: playlist_name') for n in t.notes)
    assert (t.repeats.rows, t.repeats.groups, t.repeats.conflicting) == (1639, 910, 497)


def test_gtzan_and_lyrics_roles(shared):
    g = load_feature_table(real(shared, 'gtzan', 'features_30_sec.csv'))
    assert g.X.shape == (1000, 58) and g.categorical.shape[1] == 0 and g.dropped == []
    assert g.roles.role.value_counts().to_dict() == {'feature': 58, 'identifier': 1, 'label': 1}
    assert (g.repeats.rows, g.repeats.conflicting) == (14, 1)  # GTZAN's own repeated clips; metal.00058 = rock.00016 across genres
    ly = load_feature_table(real(shared, 'lyrics', 'tcc_ceds_music_sample1000.csv'))
    role = ly.roles.set_index('column').role
    assert role[['Unnamed: 0', 'release_date', 'age', 'lyrics', 'topic', 'danceability']].tolist() == \
        ['identifier', 'metadata', 'metadata', 'text', 'text', 'feature']


def leaky(df, label):
    "`df` with the label copied under other names: an integer code, a text subgenre, a flag."
    codes = {g: i for i, g in enumerate(sorted(df[label].unique()))}
    rng = np.random.default_rng(0)
    return df.assign(genre_code=df[label].map(codes), subgenre=df[label] + '/' + rng.choice(['a', 'b', 'c'], len(df)),
                     is_first=(df[label] == sorted(codes)[0]).astype(int))


LEAKS = ['genre_code', 'subgenre', 'is_first']


def assert_leaks_caught(t, clean):
    role = t.roles.set_index('column').role
    assert role[LEAKS].tolist() == ['label-like'] * 3
    assert not set(LEAKS) & (set(t.X.columns) | set(t.categorical.columns))
    assert any(n.startswith('label-like columns kept out of the features: genre_code') for n in t.notes)
    pd.testing.assert_frame_equal(t.X, clean.X, check_exact=True)


def test_label_like_columns_caught_on_a_small_table(tmp_path):
    "Runs everywhere: a made-up table with the label under three other names."
    rng = np.random.default_rng(1)
    df = pd.DataFrame({'track_id': [f't{i}' for i in range(60)], 'genre': np.repeat(['rock', 'jazz', 'pop'], 20),
                       'energy': rng.random(60), 'tempo': rng.normal(120, 10, 60)})
    df.to_csv(tmp_path/'clean.csv', index=False); leaky(df, 'genre').to_csv(tmp_path/'leaky.csv', index=False)
    assert_leaks_caught(load_feature_table(tmp_path/'leaky.csv'), load_feature_table(tmp_path/'clean.csv'))
    t = load_feature_table(tmp_path/'leaky.csv', feature_cols=['energy', 'genre_code'])  # named as a feature: still kept out
    assert list(t.X.columns) == ['energy']


def test_label_like_columns_caught_on_gtzan(shared, tmp_path):
    src = real(shared, 'gtzan', 'features_30_sec.csv')
    leaky(pd.read_csv(src), 'label').to_csv(tmp_path/'leaky.csv', index=False)
    assert_leaks_caught(load_feature_table(tmp_path/'leaky.csv'), load_feature_table(src))


@pytest.mark.parametrize('parts, label', [(('gtzan', 'features_30_sec.csv'), 'label'),
                                          (('lyrics', 'tcc_ceds_music_sample1000.csv'), 'genre')])
def test_shuffled_labels_change_nothing_but_labels(shared, tmp_path, parts, label):
    "Tables without a label-like column: roles, features and codes are bit for bit those of the shuffled table."
    src = real(shared, *parts)
    a = load_feature_table(src)
    b = load_feature_table(with_labels(src, tmp_path/'shuffled.csv', label, lambda y: np.random.default_rng(0).permutation(y)))
    assert a.labels != b.labels
    same_table(a, b)
    pd.testing.assert_frame_equal(a.roles, b.roles, check_exact=True)


def test_spotify_shuffled_and_renamed_labels(shared, tmp_path):
    """Shuffled genres: features and codes unchanged, and only the label-like columns' roles move (to text, never used).
    Renamed genres (a bijection): the roles too are unchanged, label-like ones included."""
    src = real(shared, 'spotify', 'spotify_songs_sample5130.csv')
    a = load_feature_table(src)
    b = load_feature_table(with_labels(src, tmp_path/'shuffled.csv', 'playlist_genre',
                                       lambda y: np.random.default_rng(0).permutation(y), 'cp1252'))
    moved = a.roles.role != b.roles.role
    assert set(a.roles.column[moved]) == {'playlist_name', 'playlist_subgenre'} and set(b.roles.role[moved]) == {'text'}
    same_table(a, b, moved=set(a.roles.column[moved]))
    c = load_feature_table(with_labels(src, tmp_path/'renamed.csv', 'playlist_genre', lambda y: 'genre ' + y.str.upper(), 'cp1252'))
    same_table(a, c)
    pd.testing.assert_frame_equal(a.roles, c.roles, check_exact=True)


def test_roles_without_labels_skip_only_the_label_like_check(shared):
    df = pd.read_csv(real(shared, 'spotify', 'spotify_songs_sample5130.csv'), encoding='cp1252')
    blind = column_roles(df, label_col='playlist_genre').set_index('column').role
    assert blind[['playlist_subgenre', 'key', 'track_popularity']].tolist() == ['text', 'categorical', 'metadata']
