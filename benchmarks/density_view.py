"""The density methods' default (DBSCAN and HDBSCAN on a 5-D UMAP view) on every real dataset in ../shared/data, side by side.

For each dataset: the Medium tier's PCA baseline of the standardised inputs (as many components as the tier's
codes, 32, capped by the columns), clustered by K-Means (k = number of genres), plain DBSCAN (the old default),
and DBSCAN and HDBSCAN on `cluster.density_view`; NMI against the labels (scores only), clusters and noise.

    python benchmarks/density_view.py > benchmarks/density_view.txt
"""
import sys

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score as nmi

from music_clust.cluster import dbscan, dbscan_on_view, hdbscan, kmeans
from music_clust.inputs import load_inputs
from music_clust.represent import pca_reduce, standardise

from real_data import DATA, REAL_DATASETS as DATASETS
METHODS = {'kmeans': lambda Z, k, s: kmeans(Z, k, s), 'dbscan (plain)': lambda Z, k, s: dbscan(Z),
           'dbscan on view': dbscan_on_view, 'hdbscan on view': hdbscan}

def row(name, preds, y):
    n = [nmi(y, p) for p in preds]; a = [adjusted_rand_score(y, p) for p in preds]
    c = [len(set(p) - {-1}) for p in preds]; z = [np.mean(p == -1) for p in preds]
    return f'  {name:<16} NMI {np.mean(n):.3f} ± {np.std(n):.3f}  ARI {np.mean(a):.3f}  clusters {np.mean(c):5.1f}  noise {np.mean(z):.2f}'

for title, cfg in DATASETS.items():
    if not DATA.exists(): sys.exit(f'{DATA} absent')
    cfg.progress = False
    inputs = load_inputs(cfg)
    y, k = np.asarray(inputs.labels), len(inputs.genres)
    print(f'{title}: {inputs.X.shape[1]} feature columns', flush=True)
    Xs = standardise(inputs.X)
    for method, fn in METHODS.items():
        preds = [fn(pca_reduce(Xs, 32, s), k, s) for s in range(3)]
        print(row(method, preds, y), flush=True)
