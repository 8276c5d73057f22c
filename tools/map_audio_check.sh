#!/usr/bin/env bash
# Does map.html's player load a track's audio from its relative link? Headless Chromium opens map.html#play=<track id>
# (the page then does what a click on that point does) and prints the player's text and the audio element as the page left it:
# data-state="loaded N s" once the browser has read the file's header, "error" where the link does not resolve.
#   tools/map_audio_check.sh RESULTS_FOLDER TRACK_ID [TRACK_ID ...]      (apt-get install chromium)
set -euo pipefail
results=$(cd "$1" && pwd); shift
for track in "$@"; do
  enc=$(python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$track")
  chromium --headless=new --no-sandbox --disable-gpu --autoplay-policy=no-user-gesture-required --virtual-time-budget=8000 \
           --dump-dom "file://$results/map.html#play=$enc" 2>/dev/null | grep -o '<div id="now">[^<]*</div><audio[^>]*>' | head -1  # the live element (the second match is the script's own text)
done
