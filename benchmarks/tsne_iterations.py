"""The maps' t-SNE iterations (`maps.TSNE_ITERATIONS`): 1,000 (scikit-learn's default) against 500, on every real dataset in ../shared/data.

For each dataset, the views a run maps that need no training (the standardised inputs, their 8 principal components, and the
UMAP view of the quantile-normalised inputs), as many tracks as a map shows (`maps.MAP_POINTS`, a seeded sample of a larger
set), t-SNE as `maps.tsne_embed` runs it (perplexity 30, PCA start, one thread, seed 0). Per setting: seconds, the final KL
divergence, trustworthiness (10 neighbours: how many of a point's map neighbours are its neighbours in the view; label-free),
and the five-fold accuracy of a 10-nearest-neighbour genre classifier on the 2-D points (labels for scoring only).

    python benchmarks/tsne_iterations.py > benchmarks/tsne_iterations.txt
"""
import time

import numpy as np
import pandas as pd
from sklearn.manifold import TSNE, trustworthiness
from sklearn.model_selection import cross_val_score
from sklearn.neighbors import KNeighborsClassifier
from threadpoolctl import threadpool_limits

from music_clust.inputs import RunConfig, load_inputs
from music_clust.maps import map_sample
from music_clust.represent import pca_reduce, quantile_normalise, standardise, umap_reduce

from real_data import REAL_DATASETS as DATASETS
ITERATIONS = (1000, 500)

def views(X):
    Xs = standardise(X)
    return {'standardised': Xs, 'pca 8': pca_reduce(Xs, min(8, Xs.shape[1]), 0), 'umap': umap_reduce(quantile_normalise(X), seed=0)}

def measure(Z, labels, iterations):
    perplexity = min(30.0, (len(Z) - 1)/3)
    t0 = time.perf_counter()
    with threadpool_limits(1, user_api='openmp'):
        tsne = TSNE(2, perplexity=perplexity, init='pca', max_iter=iterations, random_state=0)
        xy = tsne.fit_transform(Z.astype(float))
    seconds = time.perf_counter() - t0
    knn = cross_val_score(KNeighborsClassifier(10), xy, labels, cv=5).mean()
    return {'seconds': seconds, 'kl': tsne.kl_divergence_, 'trustworthiness': trustworthiness(Z, xy, n_neighbors=10), 'knn_genre': knn}

rows = []
for name, cfg in DATASETS.items():
    inputs = load_inputs(RunConfig(**{**vars(cfg), 'progress': False}))
    rows_shown = map_sample(len(inputs))
    labels = np.asarray(inputs.labels, dtype=str)
    for view, Z in views(inputs.X).items():
        Z, y = (Z, labels) if rows_shown is None else (Z[rows_shown], labels[rows_shown])
        for it in ITERATIONS:
            rows.append({'dataset': name, 'shown': len(Z), 'view': view, 'iterations': it, **measure(Z, y, it)})
table = pd.DataFrame(rows)
pd.set_option('display.width', 200)
print(table.round({'seconds': 2, 'kl': 3, 'trustworthiness': 4, 'knn_genre': 3}).to_string(index=False))
print('\nMean over the datasets and views:')
print(table.groupby('iterations')[['seconds', 'kl', 'trustworthiness', 'knn_genre']].mean().sort_index(ascending=False)
      .round({'seconds': 2, 'kl': 3, 'trustworthiness': 4, 'knn_genre': 3}).to_string())
