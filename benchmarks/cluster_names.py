"""How often a cluster's label-free name (its top tag from the pretrained model's own taggram) names the cluster's majority genre.

    MUSIC_CLUST_SHARED=../shared/data PYTHONPATH=. python benchmarks/cluster_names.py > benchmarks/cluster_names.txt

On the 90 real GTZAN clips of audio_3x30 (classical, jazz, rock): each front-end's embedding (`pretrained.FRONT_ENDS`),
standardised, K-Means with k=3 (the number of genres, as a labelled run takes it), seeds 0-4; each cluster named by
`listen.tag_words` from the model's taggram. Labels are used only to find each cluster's majority genre and to score.
A top tag "names" the genre when the genre is one of its words ("rock", "hard rock", "classic rock" name rock;
"classic" does not name classical). The MSD vocabulary has no "classical" and the MTT vocabulary no "jazz":
the share below counts those clusters as misses, and says how many could not have matched.
"""
import os
import platform
from datetime import datetime, timezone

import numpy as np

from music_clust.bench import default_shared
from music_clust.cluster import kmeans
from music_clust.data import load_audio_folder
from music_clust.store import default_cache_dir
from music_clust.listen import tag_words
from music_clust.pretrained import FRONT_ENDS, embed_clips, tag_names
from music_clust.represent import standardise

SEEDS = range(5)


def names_genre(tag:str, genre:str) -> bool: return genre.lower() in tag.lower().replace('-', ' ').split()


def main():
    print(f'# output of: MUSIC_CLUST_SHARED=../shared/data PYTHONPATH=. python benchmarks/cluster_names.py  '
          f'({datetime.now(timezone.utc):%Y-%m-%d %H:%M} UTC, {platform.node()}, {os.cpu_count()} cores, CPU)')
    audio = load_audio_folder(default_shared()/'gtzan'/'audio_3x30')
    cache = default_cache_dir()/'embeddings'
    for front_end in ('musicnn', 'musicnn-mtt'):
        model, layer = FRONT_ENDS[front_end]
        emb = embed_clips(audio.paths, model, layer, cache_dir=cache, n_jobs=1, progress=False)
        tags = embed_clips(audio.paths, model, 'taggram', cache_dir=cache, n_jobs=1, progress=False)
        assert emb.kept == tags.kept == list(range(len(audio)))
        y, vocab, hits, top3, n, impossible = np.asarray(audio.labels), tag_names(model), 0, 0, 0, 0
        for seed in SEEDS:
            pred = kmeans(standardise(emb.embedding), 3, seed)
            names = tag_words(tags.embedding, pred, vocab, top=3)
            for c, name in sorted(names.items()):
                genres, counts = np.unique(y[pred == c], return_counts=True)
                major, words = genres[np.argmax(counts)], name.split(', ')
                hit, in3 = names_genre(words[0], major), any(names_genre(w, major) for w in words)
                can = any(names_genre(t, major) for t in vocab)
                hits, top3, n, impossible = hits + hit, top3 + in3, n + 1, impossible + (not can)
                print(f'{front_end:<12} seed {seed} cluster {c}: {(pred == c).sum():>2} clips, majority {major} '
                      f'{counts.max() / counts.sum():.0%}; name "{name}"; top tag names it: {hit}')
        print(f'{front_end}: top tag names the majority genre in {hits} of {n} clusters ({hits / n:.0%}); one of the 3 tags in '
              f'{top3} of {n} ({top3 / n:.0%}); {impossible} of the {n} clusters have a majority genre absent from {model}\'s vocabulary')


if __name__ == '__main__':
    main()
