"""What else was tried on GTZAN's feature table, and what it scored: the numbers quoted in `nbs/09_bench.ipynb`.

    python benchmarks/gtzan_alternatives.py [path/to/features_30_sec.csv]

Each variant changes one step of the Easy tier's best pipeline (quantile normalisation, UMAP to 10
dimensions with 15 neighbours, K-Means) and is scored over seeds 0-4 against the genre labels, which
no variant sees. A line per variant: NMI mean ± std, ARI, seconds.
"""
import sys
import time
import warnings

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.cluster import SpectralClustering
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score
from sklearn.mixture import GaussianMixture

from music_clust.bench import default_shared
from music_clust.cluster import agglomerative, kmeans
from music_clust.represent import quantile_normalise, standardise, umap_reduce
from music_clust.tables import load_feature_table

warnings.filterwarnings('ignore')


def consensus(Q, k, seed, runs=10):
    "Co-association of `runs` UMAP + K-Means partitions, cut by average linkage into `k` clusters."
    parts = [kmeans(umap_reduce(Q, seed=100*seed + j), k, 100*seed + j) for j in range(runs)]
    apart = 1 - np.mean([p[:, None] == p[None, :] for p in parts], axis=0)
    np.fill_diagonal(apart, 0)
    return fcluster(linkage(squareform(apart, checks=False), 'average'), k, 'maxclust')


def variants(table, k):
    X = table.X.to_numpy('float32')
    Q, S = quantile_normalise(X), standardise(X)
    no_length = quantile_normalise(table.X.drop(columns=['length'], errors='ignore').to_numpy('float32'))
    whitened = PCA(n_components=0.95, whiten=True, random_state=0).fit_transform(Q)
    return {
        'default: quantile, UMAP, K-Means': lambda s: kmeans(umap_reduce(Q, seed=s), k, s),
        'UMAP, then Ward': lambda s: agglomerative(umap_reduce(Q, seed=s), k, s),
        'UMAP, then a Gaussian mixture': lambda s: GaussianMixture(k, n_init=3, random_state=s).fit_predict(umap_reduce(Q, seed=s)),
        'standardised, not quantile': lambda s: kmeans(umap_reduce(S, seed=s), k, s),
        'UMAP with 30 neighbours': lambda s: kmeans(umap_reduce(Q, n_neighbors=30, seed=s), k, s),
        'UMAP with 50 neighbours': lambda s: kmeans(umap_reduce(Q, n_neighbors=50, seed=s), k, s),
        'UMAP to 5 dimensions': lambda s: kmeans(umap_reduce(Q, n_components=5, seed=s), k, s),
        'PCA-whitened (95% variance) before UMAP': lambda s: kmeans(umap_reduce(whitened, seed=s), k, s),
        'spectral clustering, 15-NN graph': lambda s: SpectralClustering(k, affinity='nearest_neighbors', n_neighbors=15,
                                                                         random_state=s).fit_predict(Q),
        'consensus of 10 UMAP + K-Means runs': lambda s: consensus(Q, k, s),
        'without the `length` column': lambda s: kmeans(umap_reduce(no_length, seed=s), k, s),
    }


def main(path):
    table = load_feature_table(path)
    y = np.asarray(table.labels); k = len(set(y))
    print(f'{path}: {len(y)} tracks, {table.X.shape[1]} features, k = {k}')
    if 'length' in table.X:
        print(f'NMI of the `length` column alone with the genres: {normalized_mutual_info_score(y, table.X["length"]):.3f}')
    for name, fit_predict in variants(table, k).items():
        t0 = time.perf_counter(); preds = [fit_predict(s) for s in range(5)]
        nmi = [normalized_mutual_info_score(y, p) for p in preds]; ari = [adjusted_rand_score(y, p) for p in preds]
        print(f'{name:<42} NMI {np.mean(nmi):.3f} ± {np.std(nmi):.3f}  ARI {np.mean(ari):.3f}  {time.perf_counter() - t0:.0f} s', flush=True)


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else default_shared()/'gtzan'/'features_30_sec.csv')
