"A product-of-experts hybrid VAE (MVAE-style), for experiments."
import numpy as np
from music_clust.models import keras, layers, ops, ProductOfExperts, Sampling, conv_trunk, conv_head, dense_trunk, _squared_error, _kl, VAE

def lyrics_only(mu_l, lv_l):
    pl = ops.exp(-lv_l); precision = 1.0 + pl
    return mu_l*pl/precision, -ops.log(precision)

@keras.saving.register_keras_serializable(package='music_clust')
class PoEHybridVAE(VAE):
    loss_names = ('loss', 'reconstruction_loss', 'lyrics_loss', 'kl_loss')
    def __init__(self, encoder, decoder, beta=1.0, lyrics_weight=1.0, subsets=True, dropout=0.0, **kwargs):
        super().__init__(encoder, decoder, beta=beta, **kwargs)
        self.dropout = float(dropout); self.drop_seed = keras.random.SeedGenerator(1)
        self.lyrics_weight, self.subsets = float(lyrics_weight), bool(subsets)
        self.audio_expert, self.lyrics_expert = encoder.get_layer('audio_expert'), encoder.get_layer('lyrics_expert')
        self.poe = encoder.get_layer('poe')
        self.sampler = Sampling(name='subset_z')

    def call(self, inputs, training=False):
        audio, lyrics, has = inputs
        if training and self.dropout > 0: has = has * ops.cast(keras.random.uniform(ops.shape(has), seed=self.drop_seed) >= self.dropout, has.dtype)
        mu_a, lv_a = self.audio_expert(audio, training=training)
        mu_l, lv_l = self.lyrics_expert(lyrics, training=training)
        out = {'joint': self.poe(mu_a, lv_a, mu_l, lv_l, has)}
        if self.subsets:
            out['audio'] = self.poe(mu_a, lv_a, mu_l, lv_l, ops.zeros_like(has))
            out['lyrics'] = lyrics_only(mu_l, lv_l)
        return out

    def _elbo(self, audio, lyrics, w, mu, lv):
        z = self.sampler([mu, lv])
        a_hat, l_hat = self.decoder(z)
        rec = ops.sum(ops.reshape(ops.square(audio - a_hat), (ops.shape(audio)[0], -1)), axis=-1)
        lyr = ops.sum(ops.square(lyrics - l_hat), axis=-1)
        kl = ops.sum(-0.5*(1 + lv - ops.square(mu) - ops.exp(lv)), axis=-1)
        return rec, lyr, kl

    def compute_loss(self, x=None, y=None, y_pred=None, sample_weight=None, training=True):
        audio, lyrics, has = x
        h = ops.reshape(has, (-1,))
        tot = 0.; R = L = K = 0.
        parts = [('joint', 1.0 + 0*h)] + ([('audio', 1.0 + 0*h), ('lyrics', h)] if self.subsets else [])
        for name, rowmask in parts:
            mu, lv = y_pred[name]
            rec, lyr, kl = self._elbo(audio, lyrics, h, mu, lv)
            rec = rowmask*rec; lyr = rowmask*h*lyr; kl = rowmask*kl
            term = ops.mean(rec + self.lyrics_weight*lyr + self.beta*kl)
            tot = tot + term
            if name == 'joint': R, L, K = ops.mean(rec), ops.mean(lyr), ops.mean(kl)
        return self._track(loss=tot, reconstruction_loss=R, lyrics_loss=L, kl_loss=K)

def expert(inputs, h, latent, name):
    mu = layers.Dense(latent, dtype='float32')(h)
    lv = layers.Dense(latent, kernel_initializer='zeros', dtype='float32')(h)
    return keras.Model(inputs, [mu, lv], name=name)

def poe_hybrid(audio_shape, lyrics_dim, latent=32, beta=1.0, lyrics_weight=None, subsets=True, dropout=0.0, seed=None):
    image = len(audio_shape) == 2
    a_in = keras.Input(audio_shape); l_in = keras.Input((lyrics_dim,))
    a_exp = expert(a_in, conv_trunk(a_in) if image else dense_trunk(a_in, (64, 32)), latent, 'audio_expert')
    l_exp = expert(l_in, dense_trunk(l_in, (128, 64)), latent, 'lyrics_expert')
    audio, lyrics, has = keras.Input(audio_shape, name='audio'), keras.Input((lyrics_dim,), name='lyrics'), keras.Input((1,), name='has_lyrics')
    mu_a, lv_a = a_exp(audio); mu_l, lv_l = l_exp(lyrics)
    mu, lv = ProductOfExperts(name='poe')(mu_a, lv_a, mu_l, lv_l, has)
    encoder = keras.Model([audio, lyrics, has], [mu, lv, Sampling(seed, name='z')([mu, lv])], name='encoder')
    z = keras.Input((latent,), name='z')
    audio_out = conv_head(z, audio_shape) if image else layers.Dense(audio_shape[0], dtype='float32')(dense_trunk(z, (32, 64)))
    lyrics_out = layers.Dense(lyrics_dim, dtype='float32')(layers.Dense(64, activation='relu')(z))
    w = 1.0 if lyrics_weight is None else lyrics_weight
    return PoEHybridVAE(encoder, keras.Model(z, [audio_out, lyrics_out], name='decoder'), beta=beta, lyrics_weight=w, subsets=subsets, dropout=dropout, name='hybrid')
