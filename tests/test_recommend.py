"The recommended partition is chosen without labels: shuffling them moves the external scores and nothing else."

import numpy as np
import pandas as pd
import pytest

from music_clust.represent import standardise
from music_clust.tables import load_feature_table
from music_clust.metrics import external_scores, internal_scores
from music_clust.recommend import recommend, recommend_partition, stability

SEEDS = (0, 1)  # two seeds are enough to tell stabilities apart, and keep the test fast


def gtzan_subset(shared, dest, shuffle=False):
    "20 tracks per genre of GTZAN's table (200 rows), with the labels shuffled if asked, written to `dest`."
    src = shared/'gtzan'/'features_30_sec.csv'
    if not src.exists(): pytest.skip(f'{src} absent')
    df = pd.read_csv(src).groupby('label').head(20).reset_index(drop=True)
    if shuffle: df['label'] = np.random.default_rng(0).permutation(df['label'])
    df.to_csv(dest, index=False)
    return dest


def analyse(path):
    "Everything a run reports about a table's recommended partition: the roles, features, partition and scores."
    t = load_feature_table(path)
    name, pred, reason = recommend_partition(t.X.to_numpy('float32'), k=10, seeds=SEEDS)
    return dict(roles=t.roles, X=t.X, name=name, pred=pred, reason=reason,
                internal=internal_scores(standardise(t.X.to_numpy('float32')), pred), external=external_scores(t.labels, pred))


def test_shuffled_labels_move_only_external_scores(shared, tmp_path):
    a = analyse(gtzan_subset(shared, tmp_path/'a.csv'))
    b = analyse(gtzan_subset(shared, tmp_path/'b.csv', shuffle=True))
    pd.testing.assert_frame_equal(a['roles'], b['roles'], check_exact=True)
    pd.testing.assert_frame_equal(a['X'], b['X'], check_exact=True)
    assert (a['name'], a['reason']) == (b['name'], b['reason'])
    np.testing.assert_array_equal(a['pred'], b['pred'])
    assert a['internal'] == b['internal']
    assert a['external']['nmi'] > b['external']['nmi'] + 0.2  # the genres were there to find; shuffled, they are not


def test_label_like_column_changes_nothing(shared, tmp_path):
    "A numeric copy of the label under another name is kept out: the recommendation is the clean table's."
    clean = gtzan_subset(shared, tmp_path/'clean.csv')
    df = pd.read_csv(clean)
    df.assign(genre_code=df.label.astype('category').cat.codes).to_csv(tmp_path/'leaky.csv', index=False)
    t, u = load_feature_table(clean), load_feature_table(tmp_path/'leaky.csv')
    assert u.roles.set_index('column').role['genre_code'] == 'label-like'
    pd.testing.assert_frame_equal(t.X, u.X, check_exact=True)


def test_recommend_picks_the_most_stable():
    a, b = np.array([0, 0, 1, 1, 2, 2]), np.array([0, 1, 0, 1, 2, 2])
    assert recommend({'raw': [a, b], 'umap': [b, b]}).name == 'umap'
    assert recommend({'raw': [a, a], 'umap': [b, b]}).name == 'raw'  # a tie: the baseline, listed first
    assert stability([a, b]) < 1 == stability([a, a])
