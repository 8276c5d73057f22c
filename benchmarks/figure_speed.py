"""What a run's figures cost, before and after two changes in `plots` (median processor time, one thread):

1. Saving a laid-out figure as PNG: `savefig` (a layout drawing, a second drawing, a PNG written and read back for the crop)
   against `plots.png_bytes` (one drawing straight into pixels), 12 saves each, and whether the pictures are the same pixel
   for pixel. Three figures made from GTZAN's feature table: the map of its 1,000 standardised tracks, the cluster x genre
   heatmap, and score bars over two views and three seeds.
2. Building the score bars: a `sns.barplot` per panel (the previous `metric_bars`, kept below as `seaborn_bars`) against
   `plots.metric_bars` (pandas' mean and std, matplotlib's `barh`), 5 builds each: on a small `--tier all` run's table (34
   methods in all, one seed; 4 synthetic clips a style, 2 epochs) and on the GTZAN table's 2 views over 3 seeds.

    python benchmarks/figure_speed.py > benchmarks/figure_speed.txt
"""
import io
import os
import tempfile
import time

os.environ.setdefault('MPLBACKEND', 'Agg')
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.ticker import MaxNLocator
from PIL import Image
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score, silhouette_score
from threadpoolctl import threadpool_limits

from music_clust import maps, plots
from music_clust.inputs import RunConfig
from music_clust.represent import standardise
from music_clust.run import run
from music_clust.tables import load_feature_table
from real_data import REAL_DATASETS


def savefig_png(fig, dpi=120) -> tuple[bytes, Image.Image]:
    "The previous `png_bytes` of a laid-out figure: `savefig`, read back, cropped, quantised; and the picture before quantising."
    buf = io.BytesIO(); fig.savefig(buf, format='png', dpi=dpi)
    image = Image.open(buf).convert('RGB')
    out = io.BytesIO(); plots._crop_margins(image, round(0.1*dpi)).quantize(256, method=Image.Quantize.MEDIANCUT).save(out, 'PNG')
    return out.getvalue(), image


def seaborn_bars(metrics, scores=('nmi', 'ari', 'accuracy', 'silhouette_common')):
    "The previous `plots.metric_bars`: a `sns.barplot` per panel, a hue level per method."
    values = metrics[[s for s in scores if s in metrics.columns]].apply(pd.to_numeric, errors='coerce').dropna(axis=1, how='all')
    labels = plots.method_labels(metrics)
    runs = labels.value_counts(sort=False)
    if runs.nunique() > 1: labels = labels + labels.map(runs).map(' (n={})'.format)
    long = values.assign(method=labels.to_numpy()).melt('method', var_name='score')
    fig = plots._Figure(figsize=(2.4 + 2.9 * values.shape[1], 1.3 + 0.3 * len(runs)), layout='constrained')
    axes, palette = fig.subplots(1, values.shape[1], sharey=True, squeeze=False)[0], plots._bar_palette(metrics, labels)
    for ax, (s, rows) in zip(axes, long.groupby('score', sort=False)):
        sns.barplot(rows, x='value', y='method', hue='method', palette=palette, legend=False,
                    saturation=1, errorbar=plots._sd, capsize=0.15, err_kws=dict(linewidth=0.9, color='0.25'), ax=ax)
        ax.axvline(0, color='0.3', lw=0.8)
        ax.set(title=plots.metric_schema.title(s), xlabel='', ylabel='')
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.grid(axis='x', alpha=0.3)
    return fig


def gtzan():
    "GTZAN's standardised table, its genres, K-Means on it (seed 0), and a metrics table of 2 views x 3 seeds."
    cfg = REAL_DATASETS['gtzan table (1000, 10 genres)']
    table = load_feature_table(cfg.features, label_col=cfg.label_col)
    X, genres = standardise(table.X), np.asarray(table.labels).astype(str)
    rows = []
    for name, Z in {'raw': X, 'pca': PCA(0.9, random_state=0).fit_transform(X)}.items():
        for seed in range(3):
            pred = KMeans(10, n_init=10, random_state=seed).fit_predict(Z)
            rows.append({'representation': name, 'clusterer': 'kmeans', 'seed': seed, 'nmi': normalized_mutual_info_score(genres, pred),
                         'ari': adjusted_rand_score(genres, pred), 'silhouette_common': silhouette_score(X, pred)})
    return X, genres, KMeans(10, n_init=10, random_state=0).fit_predict(X), pd.DataFrame(rows)


def median_seconds(make, act, repeats):
    "Median processor time of `act(make())` (the making not timed)."
    times = []
    for _ in range(repeats):
        thing = make(); t0 = time.process_time(); act(thing); times.append(time.process_time() - t0)
    return np.median(times)


def main():
    with threadpool_limits(1):
        X, genres, pred, metrics = gtzan()
        maps.tsne_embed(X)  # the t-SNE map computed once, before the timing: saving is timed, not the embedding
        figures = {'map (1,000 tracks)': lambda: maps.latent_map(X, pred, list(genres), title='raw (seed 0)'),
                   'heatmap': lambda: plots.cluster_genre_heatmap(list(genres), pred, title='raw + k-means'),
                   'score bars': lambda: plots.metric_bars(metrics)}
        print('1. Saving as PNG (s)')
        print(f'{"figure":28} {"savefig":>8} {"png_bytes":>10}  same pixels')
        for name, make in figures.items():
            same = np.array_equal(np.asarray(savefig_png(make())[1]), np.asarray(plots._drawn(make(), 120)))
            before, after = (median_seconds(make, save, 12) for save in (lambda f: savefig_png(f)[0], plots.png_bytes))
            print(f'{name:28} {before:8.3f} {after:10.3f}  {same}')

        with tempfile.TemporaryDirectory() as d:
            cfg = RunConfig(tier='all', n_per_genre=4, duration=3.0, seeds=1, epochs=2, betas=(1.0, 4.0), out=f'{d}/all', progress=False)
            every_tier = run(cfg).metrics
        print('\n2. Building the score bars (s)')
        print(f'{"table":34} {"seaborn":>8} {"metric_bars":>12}')
        for name, table in ((f'--tier all ({plots.method_labels(every_tier).nunique()} methods, 1 seed)', every_tier),
                            ('GTZAN (2 views, 3 seeds)', metrics)):
            before, after = (median_seconds(lambda: table, bars, 5) for bars in (seaborn_bars, plots.metric_bars))
            print(f"{name:34} {before:8.3f} {after:12.3f}")


if __name__ == '__main__':
    main()
