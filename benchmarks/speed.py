"""Start-up and throughput, in one run: cold vs warm start of the numba kernels a run compiles, seconds per clip for
the MFCC features (a plain librosa loop, both cores, the cache) and for the pretrained front-end, rows per second for
the table path.

    nice -n 10 python benchmarks/speed.py > benchmarks/speed.txt

- cold vs warm start: a fresh process compiles librosa's kernels (`features.compile_kernels`) and UMAP's
  (`represent.compile_umap`) into an empty numba cache (cold), then a second fresh process finds them cached (warm).
- MFCC: `bench.extraction_speed` on ../shared's 24-clip GTZAN sample (30-s clips): a plain sequential
  `clip_features` loop (librosa, one clip after another), `extract_features` on both cores, and its cached rerun.
- pretrained: `pretrained.embed_clips` (musicnn MSD, penultimate layer) on the same clips, no cache: the first call
  (model built and traced) and a second one. The original musicnn extractor is not rerun here: it needs its own
  TensorFlow 2.15 environment (benchmarks/musicnn_equivalence.py).
- table path: the Easy tier with its defaults on a 5,130-row table (`music-clust run --features ... --seeds 1`,
  a child process), rows per second of the whole run.
"""
import os, platform, subprocess, sys, tempfile, time
from datetime import date
from pathlib import Path

from real_data import DATA

from music_clust.bench import extraction_speed
from music_clust.data import load_audio_folder
from music_clust.features import FeatureParams

START = {'librosa': 'from music_clust.features import compile_kernels; compile_kernels()',
         'umap': 'from music_clust.represent import compile_umap; compile_umap()'}


def start_seconds(code: str, numba_cache: str) -> float:
    "Wall seconds of a fresh Python process that imports the package and runs `code` with this numba cache folder."
    t0 = time.perf_counter()
    subprocess.run([sys.executable, '-c', code], check=True, env={**os.environ, 'NUMBA_CACHE_DIR': numba_cache},
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return round(time.perf_counter() - t0, 1)


def starts() -> list[str]:
    "Cold (empty numba cache) then warm (the cache the cold one wrote) start of each kernel set."
    lines = []
    for name, code in START.items():
        with tempfile.TemporaryDirectory() as cache:
            cold, warm = start_seconds(code, cache), start_seconds(code, cache)
        lines.append(f'start, {name} kernels: cold {cold} s, warm {warm} s (a fresh process each, import included)')
    return lines


def pretrained_per_clip(paths) -> str:
    "Seconds per clip of the musicnn front-end, first call (model built) and second call, no embedding cache."
    from music_clust.pretrained import embed_clips
    t0 = time.perf_counter(); embed_clips(paths, cache_dir=False, progress=False)
    t1 = time.perf_counter(); e = embed_clips(paths, cache_dir=False, progress=False)
    t2 = time.perf_counter()
    n = len(e.kept)
    return (f'pretrained (MSD_musicnn penultimate, {n} clips of 30 s): first call {(t1 - t0) / n:.3f} s/clip '
            f'(model built and traced), second {(t2 - t1) / n:.3f} s/clip')


def table_rows_per_s() -> str:
    "The Easy tier's whole run on the 5,130-row Spotify table, one seed: rows per second."
    table = DATA/'spotify'/'spotify_songs_sample5130.csv'
    with tempfile.TemporaryDirectory() as d:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, '-m', 'music_clust', 'run', '--features', str(table), '--label-col', 'playlist_genre',
                        '--tier', 'easy', '--seeds', '1', '--out', f'{d}/out', '--quiet'], check=True,
                       env={**os.environ, 'MPLBACKEND': 'Agg'}, stdout=subprocess.DEVNULL)
        s = time.perf_counter() - t0
    return f'table path (Easy tier, defaults, 1 seed, 5,130 rows): {s:.0f} s, {5130 / s:.0f} rows/s (the whole run)'


if __name__ == '__main__':
    print(f'# output of: nice -n 10 python benchmarks/speed.py  ({date.today()}, {platform.machine()}, {os.cpu_count()} CPU cores'
          f', load average {os.getloadavg()[0]:.1f} at the start, Python {platform.python_version()})', flush=True)
    for line in starts(): print(line, flush=True)
    paths = load_audio_folder(DATA/'gtzan'/'audio_sample').paths
    x = extraction_speed(paths, FeatureParams(duration=30.0))
    print(f"MFCC ({x['analysed']} clips of 30 s): plain librosa loop {x['plain_s'] / x['analysed']:.3f} s/clip, "
          f"extract_features on both cores {x['cold_s'] / x['analysed']:.3f} s/clip ({x['cold_speedup']}x), "
          f"cached {x['cached_s'] / x['analysed']:.4f} s/clip ({x['cached_speedup']}x)", flush=True)
    print(pretrained_per_clip(paths), flush=True)
    print(table_rows_per_s(), flush=True)
    print(f'load average at the end {os.getloadavg()[0]:.1f}')
