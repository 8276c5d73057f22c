"`python -m music_clust`: the `music-clust` command, for environments whose scripts are not on the PATH."
# Written by hand, not exported: nbdev writes only the modules its notebooks name, and leaves this file alone.
import sys

from music_clust.cli import main

if __name__ == '__main__': sys.exit(main())
