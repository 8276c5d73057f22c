"""Embedding 90 clips as `music-clust run --front-end musicnn` does on a cold cache: MFCC extraction first (its joblib workers
stay for reuse), then `embed_clips`, which decodes audio in the same workers. Prints the embedding time and how many
loky "worker stopped" warnings it raised. Before commit c92237a the workers imported `pretrained` (and so TensorFlow)
to decode, loky took the growth for a memory leak and restarted them: 77.3 and 82.1 s, 2 warnings each run, on this
2-core machine (the same script run against commit 41eb402).

    python benchmarks/embed_in_a_run.py > benchmarks/embed_in_a_run.txt
"""
import time, warnings
from music_clust.data import shared_data
from music_clust.features import extract_features, FeatureParams
from music_clust.pretrained import embed_clips, _loaded
paths = sorted((shared_data()/'gtzan'/'audio_3x30').glob('*/*.wav'))
extract_features(paths, FeatureParams(duration=30.0), cache_dir=False, progress=False)  # as a run does first: its workers stay for reuse
_loaded('MSD_musicnn', 'penultimate')
with warnings.catch_warnings(record=True) as w:
    warnings.simplefilter('always')
    t = time.perf_counter(); e = embed_clips(paths, cache_dir=False, progress=False); dt = time.perf_counter() - t
print(f'{len(e.kept)} clips embedded in {dt:.1f} s ({dt/len(paths):.2f} s/clip); loky warnings: {sum("worker stopped" in str(x.message) for x in w)}')
