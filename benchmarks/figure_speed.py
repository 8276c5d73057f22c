"""What a run's figures cost, before and after two changes in `plots` (median processor time, one thread):

1. Saving a laid-out figure as PNG: `savefig` (a layout drawing, a second drawing, a PNG written and read back for the crop)
   against `plots.png_bytes` (one drawing straight into pixels), 12 saves each. Three figures made from GTZAN's feature table:
   the map of its 1,000 standardised tracks, the cluster x genre heatmap, and score bars over two views and three seeds.
   Then, on every real dataset in ../shared/data, whether the two give the same picture, pixel for pixel, for those figures.
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
from threadpoolctl import threadpool_limits

from music_clust import maps, plots
from music_clust.cluster import kmeans
from music_clust.inputs import RunConfig, choose_k, load_inputs
from music_clust.metrics import score_partition
from music_clust.represent import pca_reduce, standardise
from music_clust.run import run
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


def figures(cfg:RunConfig) -> tuple[dict, pd.DataFrame]:
    """Makers of three figures of a run on a real dataset (a fresh figure per call): the map and heatmap of K-Means on its
    standardised inputs, and score bars of K-Means on those and on their PCA, over 3 seeds; and the table of those bars."""
    inputs = load_inputs(cfg)
    X, genres, k = standardise(inputs.X), np.asarray(inputs.labels).astype(str), choose_k(cfg, inputs)[0]
    rows = [{'representation': name, 'clusterer': 'kmeans', 'seed': seed, **score_partition(kmeans(Z, k, seed), Z, X, genres)}
            for name, Z in {'raw': X, 'pca': pca_reduce(X, seed=0)}.items() for seed in range(3)]
    metrics, pred = pd.DataFrame(rows), kmeans(X, k, 0)
    makers = {'map': lambda: maps.latent_map(X, pred, list(genres), title='raw (seed 0)'),
              'heatmap': lambda: plots.cluster_genre_heatmap(list(genres), pred, title='raw + k-means'),
              'score bars': lambda: plots.metric_bars(metrics)}
    makers['map']()  # its t-SNE map computed now, once (`maps.tsne_embed` keeps it): saving is timed, not the embedding
    return makers, metrics


def median_seconds(make, act, repeats):
    "Median processor time of `act(make())` (the making not timed)."
    times = []
    for _ in range(repeats):
        thing = make(); t0 = time.process_time(); act(thing); times.append(time.process_time() - t0)
    return np.median(times)


def main():
    with threadpool_limits(1):
        every = {name: figures(cfg) for name, cfg in REAL_DATASETS.items()}
        gtzan, gtzan_scores = every['gtzan table (1000, 10 genres)']
        print("1. Saving as PNG (s), GTZAN's table")
        print(f'{"figure":28} {"savefig":>8} {"png_bytes":>10}')
        for name, make in gtzan.items():
            before, after = (median_seconds(make, save, 12) for save in (lambda f: savefig_png(f)[0], plots.png_bytes))
            print(f'{name:28} {before:8.3f} {after:10.3f}')
        print('\nThe same picture, pixel for pixel (savefig against png_bytes)')
        for dataset, (makers, _) in every.items():
            same = {name: np.array_equal(np.asarray(savefig_png(make())[1]), np.asarray(plots._drawn(make(), 120))) for name, make in makers.items()}
            print(f'{dataset:36} ' + ', '.join(f'{name}: {v}' for name, v in same.items()))

        with tempfile.TemporaryDirectory() as d:
            cfg = RunConfig(tier='all', n_per_genre=4, duration=3.0, seeds=1, epochs=2, betas=(1.0, 4.0), out=f'{d}/all', progress=False)
            every_tier = run(cfg).metrics
        print('\n2. Building the score bars (s)')
        print(f'{"table":34} {"seaborn":>8} {"metric_bars":>12}')
        for name, table in ((f'--tier all ({plots.method_labels(every_tier).nunique()} methods, 1 seed)', every_tier),
                            ('GTZAN (2 views, 3 seeds)', gtzan_scores)):
            before, after = (median_seconds(lambda: table, bars, 5) for bars in (seaborn_bars, plots.metric_bars))
            print(f"{name:34} {before:8.3f} {after:12.3f}")


if __name__ == '__main__':
    main()
