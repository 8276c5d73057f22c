"""The real datasets in ../shared/data, as the run configurations the benchmarks load them with (`from real_data import ...`:
the scripts run as `python benchmarks/<name>.py`, so this folder is on their path)."""

from music_clust.data import shared_data
from music_clust.inputs import RunConfig

DATA = shared_data()
REAL_DATASETS = {
    'gtzan table (1000, 10 genres)': RunConfig(features=str(DATA/'gtzan'/'features_30_sec.csv')),
    'spotify table (5130, 6 genres)': RunConfig(features=str(DATA/'spotify'/'spotify_songs_sample5130.csv'), label_col='playlist_genre'),
    'lyrics table audio (1000, 7 genres)': RunConfig(features=str(DATA/'lyrics'/'tcc_ceds_music_sample1000.csv'), label_col='genre',
                                                     feature_cols='danceability,loudness,acousticness,instrumentalness,valence,energy'),
    'gtzan audio_3x30 (90, 3 genres)': RunConfig(data=str(DATA/'gtzan'/'audio_3x30')),
}
