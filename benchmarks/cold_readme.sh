#!/bin/bash
# usage: bash benchmarks/cold_readme.sh NAME [COMMIT]   (on a quiet machine: it is a timing)
# The README's first command as a new user would run it: a fresh clone of this repository (at COMMIT, default HEAD) in
# /tmp/NAME, a fresh virtual environment (so numba's caches, which live beside the installed packages, are empty), an
# empty MUSIC_CLUST_CACHE; then `pip install -e ".[tf]"` and `music-clust run --tier easy --out results`, each timed.
repo=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
d=/tmp/$1; rm -rf $d && mkdir -p $d && cd $d && git clone -q $repo repo && cd repo && { [ -n "$2" ] && git checkout -q $2; true; }
git log --oneline -1 | cut -c1-60
python3 -m venv .venv && . .venv/bin/activate && export MUSIC_CLUST_CACHE=$d/cache
/usr/bin/time -f "install: wall %e s" pip install -q -e ".[tf]" > $d/install.log 2>&1; tail -1 $d/install.log; uptime
# every process's CPU on the machine while the run ran (the seed workers' server is not a child the run waits for)
cpu0=$(awk '/^cpu /{print $2+$3+$4}' /proc/stat)
/usr/bin/time -f "run: wall %e s, user %U s, sys %S s, peak RSS of the largest process %M kB" \
  music-clust run --tier easy --out results > $d/run.log 2>&1
echo "machine CPU during the run: $(( ($(awk '/^cpu /{print $2+$3+$4}' /proc/stat) - cpu0) / $(getconf CLK_TCK) )) s" >> $d/run.log
grep -E "done in|run: wall|machine CPU" $d/run.log; uptime
