#!/bin/bash
# The Easy tier on the 90 shared real clips with the default front-end (musicnn-meanstd), timed with a fresh MUSIC_CLUST_CACHE
# (the network weights copied in) and numba warm; CODE_DIR a checkout or `git archive` of the commit to time.
# usage: bash benchmarks/musicnn_run_cost.sh NAME CODE_DIR : Easy tier on the 90 shared clips, default front-end, fresh cache (weights copied), timed
n=$1; code=$2; c=/tmp/mn/cache_$n; rm -rf $c; mkdir -p $c; cp -r ~/.cache/music_clust/pretrained $c/
cd $code && . /work/main/.venv/bin/activate && export PYTHONPATH=$code MUSIC_CLUST_CACHE=$c MUSIC_CLUST_SHARED=/work/shared/data
/usr/bin/time -f "$n: wall %e s, user %U s, sys %S s" python -m music_clust run --tier easy --data /work/shared/data/gtzan/audio_3x30 --out /tmp/mn/out_$n > /tmp/mn/$n.log 2>&1
tail -1 /tmp/mn/$n.log; grep "done in" /tmp/mn/$n.log
