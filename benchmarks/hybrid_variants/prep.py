"Cache the Medium tier's inputs (synthetic default, lyrics table) as arrays for quick experiments."
import sys, numpy as np, pickle
from music_clust.inputs import RunConfig, load_inputs
from music_clust.represent import standardise
from music_clust.tiers import audio_model_input, lyrics_model_input
from music_clust.train import split_indices
which = sys.argv[1]
if which == 'synth': cfg = RunConfig(tier='medium', progress=False)
else:
    f = '/work/shared/data/lyrics/tcc_ceds_music_sample1000.csv'
    cfg = RunConfig(tier='medium', features=f, label_col='genre', feature_cols='danceability,loudness,acousticness,instrumentalness,valence,energy', lyrics=f, text_col='lyrics', progress=False)
inp = load_inputs(cfg)
Xs = standardise(inp.X)
out = {'Xs': Xs, 'labels': np.array(inp.labels), 'seeds': {}}
for seed in range(3):
    split = split_indices(len(Xs), 0.2, seed)
    audio = audio_model_input(inp, Xs, split[0], cfg.image_frames)
    L, has = lyrics_model_input(inp, cfg, seed, split[0])
    out['seeds'][seed] = dict(split=split, audio=audio, L=L, has=has)
pickle.dump(out, open(f'benchmarks/hybrid_variants/{which}.pkl', 'wb'))
print(which, Xs.shape, audio.shape, L.shape, has.mean())
