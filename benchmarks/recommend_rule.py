"""Which partition to recommend without labels: every candidate rule on every real dataset at hand, side by side.

    PYTHONPATH=. python benchmarks/recommend_rule.py [out.csv]   # after benchmarks/cache_summaries.py

Datasets (labels only for scoring): GTZAN's feature table (k=10), the Spotify sample with the column roles of
`music_clust.columns` (k=6), the lyrics table's 6 audio descriptors (k=7), the 90 real GTZAN clips' MFCC summaries
(k=3) and the synthetic default's summaries (k=10), the last two from benchmarks/cache/.
Base methods run over seeds 0-8; each consensus / selection rule c in 0-2 sees only the base partitions of seeds
3c, 3c+1, 3c+2 (its ensemble), so every rule is scored over 3 independent repetitions.
Writes one row per (dataset, method, seed) to the CSV and prints NMI mean ± std per dataset and method.
"""
import sys
import time
import warnings
from itertools import combinations
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import SpectralClustering
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score
from sklearn.mixture import GaussianMixture

from music_clust.bench import default_shared
from music_clust.cluster import kmeans
from music_clust.represent import pca_reduce, quantile_normalise, standardise, umap_reduce
from music_clust.columns import column_roles, one_hot
from music_clust.recommend import recommend

warnings.filterwarnings('ignore')
HERE = Path(__file__).parent
BASE_SEEDS, REPEATS, MEMBERS = 9, 3, 3


def table(path, label, k, encoding='utf-8', feature_cols=None):
    "A table's continuous features, categorical codes and labels, the columns decided by `column_roles`."
    df = pd.read_csv(path, encoding=encoding)
    roles = column_roles(df, labels=df[label], label_col=label, feature_cols=feature_cols).set_index('column').role
    cont = df[roles.index[roles == 'feature']].astype('float64')
    codes = df[roles.index[roles == 'categorical']]
    all_numeric = None if feature_cols else df.drop(columns=[label]).select_dtypes('number').to_numpy('float64')
    return dict(X=cont.fillna(cont.median()).to_numpy(), codes=codes, y=df[label].astype(str).to_numpy(), k=k,
                all_numeric=all_numeric)


def datasets():
    s = default_shared()
    out = {}
    if (p := s/'gtzan'/'features_30_sec.csv').exists(): out['gtzan_table'] = table(p, 'label', 10)
    if (p := s/'spotify'/'spotify_songs_sample5130.csv').exists(): out['spotify'] = table(p, 'playlist_genre', 6, 'cp1252')
    if (p := s/'lyrics'/'tcc_ceds_music_sample1000.csv').exists():
        out['lyrics_audio'] = table(p, 'genre', 7, feature_cols=['danceability', 'loudness', 'acousticness',
                                                                'instrumentalness', 'valence', 'energy'])
    for name, k in (('gtzan90', 3), ('synth', 10)):
        if (HERE/'cache'/f'{name}_X.npy').exists():
            out[name + '_mfcc'] = dict(X=np.load(HERE/'cache'/f'{name}_X.npy').astype('float64'), codes=pd.DataFrame(),
                                       y=np.load(HERE/'cache'/f'{name}_y.npy'), k=k, all_numeric=None)
    return out


def coassociation(parts):
    "Share of partitions that put each pair of rows together."
    n = len(parts[0]); C = np.zeros((n, n), dtype='float32')
    for p in parts: C += (p[:, None] == p[None, :])
    return C / len(parts)


def cut_average(C, k):
    D = 1 - C; np.fill_diagonal(D, 0)
    return fcluster(linkage(squareform(D, checks=False), 'average'), k, 'maxclust') - 1


def cut_spectral(C, k, seed):
    return SpectralClustering(k, affinity='precomputed', random_state=seed).fit_predict(C)


def stability(parts):
    return np.mean([adjusted_rand_score(a, b) for a, b in combinations(parts, 2)])


def run(name, d):
    X, k, y = d['X'], d['k'], d['y']
    S, Q = standardise(X), quantile_normalise(X)
    rows, base = [], {m: [] for m in ('raw', 'pca', 'umap', 'umap_gmm')}
    extra = {}
    if len(d['codes'].columns):
        OH = one_hot(d['codes']).to_numpy('float32')
        extra['raw+onehot'] = lambda s: kmeans(np.hstack([S, OH]), k, s)
        extra['umap+onehot'] = lambda s: kmeans(umap_reduce(np.hstack([Q, OH]), seed=s), k, s)
    if d['all_numeric'] is not None and d['all_numeric'].shape[1] != X.shape[1]:
        A = standardise(d['all_numeric'])
        extra['raw_all_numeric'] = lambda s: kmeans(A, k, s)
        extra['umap_all_numeric'] = lambda s: kmeans(umap_reduce(quantile_normalise(d['all_numeric']), seed=s), k, s)
    t0 = time.perf_counter()
    for s in range(BASE_SEEDS):
        E = umap_reduce(Q, seed=s)
        base['raw'].append(kmeans(S, k, s)); base['pca'].append(kmeans(pca_reduce(S, seed=s), k, s))
        base['umap'].append(kmeans(E, k, s))
        base['umap_gmm'].append(GaussianMixture(k, random_state=s).fit_predict(E))
        print(f'  {name} seed {s} {time.perf_counter() - t0:.0f} s', flush=True)
    for m, parts in base.items(): rows += [(m, s, p) for s, p in enumerate(parts)]
    for m, f in extra.items(): rows += [(m, s, f(s)) for s in range(REPEATS)]
    for c in range(REPEATS):
        ens = {m: parts[MEMBERS*c:MEMBERS*(c + 1)] for m, parts in base.items()}
        members = ens['raw'] + ens['pca'] + ens['umap']
        C = coassociation(members)
        rows.append(('consensus_avg', c, cut_average(C, k)))
        rows.append(('consensus_spectral', c, cut_spectral(C, k, c)))
        Cu = coassociation(ens['umap'] + ens['umap_gmm'])
        rows.append(('consensus_umap_avg', c, cut_average(Cu, k)))
        first = {m: parts[0] for m, parts in ens.items()}
        stab = {m: stability(parts) for m, parts in ens.items()}
        sil = {m: silhouette_score(S, p, sample_size=min(len(S), 3000), random_state=0) for m, p in first.items()}
        agree = {m: np.mean([normalized_mutual_info_score(p, q) for mm, q in first.items() if mm != m]) for m, p in first.items()}
        for rule, score in (('select_stability', stab), ('select_silhouette', sil), ('select_agreement', agree)):
            pick = max(score, key=score.get)
            rows.append((f'{rule}', c, first[pick], pick))
        rec = recommend(ens)  # the rule as `music_clust.recommend` implements it, on the same ensemble
        rows.append(('recommended', c, rec.partition, rec.name))
        print(f'  {name} repetition {c}: ' + ', '.join(f'{m} stability {v:.3f}, silhouette {sil[m]:.3f}' for m, v in stab.items()), flush=True)
    out = []
    for r in rows:
        m, s, p = r[:3]
        out.append(dict(dataset=name, method=m, seed=s, nmi=normalized_mutual_info_score(y, p), ari=adjusted_rand_score(y, p),
                        picked=r[3] if len(r) > 3 else '', n=len(y), k=k, features=X.shape[1]))
    return pd.DataFrame(out)


def main(dest):
    frames = []
    for name, d in datasets().items():
        print(f'{name}: {len(d["y"])} rows, {d["X"].shape[1]} continuous features, {len(d["codes"].columns)} codes, k={d["k"]}', flush=True)
        frames.append(run(name, d))
        pd.concat(frames).to_csv(dest, index=False)
    res = pd.concat(frames)
    summary = res.groupby(['method', 'dataset']).nmi.agg(lambda v: f'{v.mean():.3f} ± {v.std(ddof=0):.3f}').unstack()
    print(summary.to_string())
    picks = res[res.picked.fillna('') != ''].groupby(['method', 'dataset']).picked.agg(lambda v: ','.join(v)).unstack()
    print(picks.to_string())


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else HERE/'recommend_rule.csv')
