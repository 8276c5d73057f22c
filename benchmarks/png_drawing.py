"""Saving a laid-out figure as PNG: `savefig` (a layout drawing, a second drawing, a PNG written and read back for the crop)
against `plots.png_bytes` (one drawing straight into pixels). Three figures of a run, made from GTZAN's feature table:
the map of its 1,000 standardised tracks, the cluster x genre heatmap, and score bars over two views and three seeds.
Median processor time of 12 saves each, and whether the two pictures are the same pixel for pixel.

    python benchmarks/png_drawing.py > benchmarks/png_drawing.txt
"""
import io
import os
import time

os.environ.setdefault('MPLBACKEND', 'Agg')
import numpy as np
import pandas as pd
from PIL import Image
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score
from threadpoolctl import threadpool_limits

from music_clust import maps, plots
from music_clust.represent import standardise
from music_clust.tables import load_feature_table
from real_data import REAL_DATASETS

REPEATS = 12


def savefig_png(fig, dpi=120) -> tuple[bytes, Image.Image]:
    "The previous `png_bytes` of a laid-out figure: `savefig`, read back, cropped, quantised; and the picture before quantising."
    buf = io.BytesIO(); fig.savefig(buf, format='png', dpi=dpi)
    image = Image.open(buf).convert('RGB')
    out = io.BytesIO(); plots._crop_margins(image, round(0.1*dpi)).quantize(256, method=Image.Quantize.MEDIANCUT).save(out, 'PNG')
    return out.getvalue(), image


def figures():
    "Makers of three figures of a run on GTZAN's table (a fresh figure per call)."
    cfg = REAL_DATASETS['gtzan table (1000, 10 genres)']
    table = load_feature_table(cfg.features, label_col=cfg.label_col)
    X, genres = standardise(table.X), np.asarray(table.labels).astype(str)
    views = {'raw': X, 'pca': PCA(0.9, random_state=0).fit_transform(X)}
    rows = []
    for name, Z in views.items():
        for seed in range(3):
            pred = KMeans(10, n_init=10, random_state=seed).fit_predict(Z)
            rows.append({'representation': name, 'clusterer': 'kmeans', 'seed': seed, 'nmi': normalized_mutual_info_score(genres, pred),
                         'ari': adjusted_rand_score(genres, pred), 'silhouette_common': silhouette_score(X, pred)})
    metrics, pred = pd.DataFrame(rows), KMeans(10, n_init=10, random_state=0).fit_predict(X)
    maps.tsne_embed(X)  # the t-SNE map is computed once, before the timing: saving is timed, not the embedding
    return {'map (1,000 tracks)': lambda: maps.latent_map(X, pred, list(genres), title='raw (seed 0)'),
            'heatmap': lambda: plots.cluster_genre_heatmap(list(genres), pred, title='raw + k-means'),
            'score bars': lambda: plots.metric_bars(metrics)}


def main():
    with threadpool_limits(1):
        makers = figures()
        print(f'{"figure":20} {"savefig (s)":>12} {"png_bytes (s)":>14}  same pixels')
        for name, make in makers.items():
            same = np.array_equal(np.asarray(savefig_png(make())[1]), np.asarray(plots._drawn(make(), 120)))
            times = {'savefig': [], 'png_bytes': []}
            for _ in range(REPEATS):
                for how, save in (('savefig', lambda f: savefig_png(f)[0]), ('png_bytes', plots.png_bytes)):
                    fig = make(); t0 = time.process_time(); save(fig); times[how].append(time.process_time() - t0)
            print(f'{name:20} {np.median(times["savefig"]):12.3f} {np.median(times["png_bytes"]):14.3f}  {same}')


if __name__ == '__main__':
    main()
