import unittest

import numpy as np
import torch

from latentmap_training.frame_codec import FrameCodec
from latentmap_training.models.networks import LayeredCodec, RgbTaskNetwork
from latentmap_training.train import cumulative_bpp, rate_loss, weighted_mean_over_counts

from .helpers import fit_entropy_model, small_config, spread_latent


class ShapesTest(unittest.TestCase):
    def test_outputs_for_every_layer_count_and_kind(self):
        for kind in ("latent", "feature"):
            cfg = small_config(kind=kind)
            model = LayeredCodec(cfg.model)
            image = torch.rand(2, 3, 64, 128)
            for n in (1, 2, 3):
                out = model(image, n, training=True)
                self.assertEqual(tuple(out["y_hat"].shape), (2, 10, 8, 16))
                self.assertEqual(float(out["y_hat"][:, model.channel_end(n):].abs().sum()), 0.0)
                self.assertEqual(len(out["layer_bits"]), n)
                self.assertEqual(tuple(out["tasks"]["seg_logits"].shape), (2, 19, 8, 16))
                self.assertEqual(tuple(out["tasks"]["heatmap"].shape), (2, 7, 8, 16))
                self.assertEqual(tuple(out["x_hat"].shape), (2, 3, 64, 128))
        rgb = RgbTaskNetwork(small_config().model)
        self.assertEqual(tuple(rgb(torch.rand(1, 3, 64, 128))["size"].shape), (1, 2, 8, 16))

    def test_base_head_takes_only_base_layer_channels(self):
        model = LayeredCodec(small_config().model)
        self.assertEqual(model.heads[0].stem[0].in_channels, 2)
        self.assertEqual(model.heads[1].stem[0].in_channels, 10)

    def test_rate_gradient_reaches_the_encoder(self):
        cfg = small_config()
        model = LayeredCodec(cfg.model)
        image = torch.rand(1, 3, 64, 128)
        out = model(image, 3, training=True)
        rate_loss(cfg, cumulative_bpp(out["layer_bits"], 64 * 128)).backward()
        self.assertGreater(float(model.analysis[0].weight.grad.abs().sum()), 0.0)


class RateTermTest(unittest.TestCase):
    """The plain rate term: the mean of every prefix's rate by default, the whole stream's on request."""

    def test_mean_over_layer_counts_charges_top_layer_bits_less(self):
        cfg = small_config()
        cfg.loss.rate_hinge_weight, cfg.loss.rate_weight = 0.0, 1.0
        bpp = [torch.tensor(0.1), torch.tensor(0.3), torch.tensor(0.6)]
        self.assertAlmostEqual(float(rate_loss(cfg, bpp)), (0.1 + 0.3 + 0.6) / 3, places=6)
        cfg.loss.rate_term = "full_stream"
        self.assertAlmostEqual(float(rate_loss(cfg, bpp)), 0.6, places=6)

    def test_both_terms_agree_for_a_single_rate_bundle(self):
        cfg = small_config()
        cfg.loss.target_bpp = [0.05]
        bpp = [torch.tensor(0.2)]
        mean = float(rate_loss(cfg, bpp))
        cfg.loss.rate_term = "full_stream"
        self.assertAlmostEqual(mean, float(rate_loss(cfg, bpp)), places=6)
        self.assertGreater(mean, cfg.loss.rate_weight * 0.2)  # the hinge above the 0.05 target counts too


class LayerCountWeightsTest(unittest.TestCase):
    def test_task_losses_average_with_the_configured_weights(self):
        cfg = small_config()
        per_count = [{"seg": torch.tensor(float(v))} for v in (1.0, 2.0, 4.0)]
        self.assertAlmostEqual(float(weighted_mean_over_counts(cfg, [1, 2, 3], per_count)["seg"]), 7 / 3, places=6)
        cfg.loss.layer_count_weights = [2.0, 1.0, 1.0]
        self.assertAlmostEqual(float(weighted_mean_over_counts(cfg, [1, 2, 3], per_count)["seg"]), 8 / 4, places=6)
        # a step that trains one random layer count's head takes that head's loss whatever its weight
        self.assertAlmostEqual(float(weighted_mean_over_counts(cfg, [3], per_count[2:])["seg"]), 4.0, places=6)


class RateEstimateTest(unittest.TestCase):
    """The rate the loss optimises must be the rate the coder achieves (formats.md 4.4 bytes)."""

    def check(self, entropy_model):
        torch.manual_seed(4)
        image = torch.rand(1, 3, 128, 256)
        model = fit_entropy_model(spread_latent(LayeredCodec(small_config(entropy_model).model)), image)
        codec = FrameCodec(model, lanes=2)
        with torch.no_grad():
            out = model(image, 3, training=False)
        estimated = [float(b) for b in out["layer_bits"]]
        encoded = codec.encode(image)
        actual = [8 * len(m) for m in encoded.messages]
        header_bits = [8 * (28 + 4 + 8 * (2 if (entropy_model == "hyperprior" and k == 0) else 1) + 8 * 2)
                       for k in range(3)]  # header, CRC, descriptors, and each stream's 8-byte-per-lane flush
        self.assertGreater(min(estimated), 200.0)  # the latent really carries information
        for k in range(3):
            self.assertAlmostEqual(actual[k] - header_bits[k], estimated[k], delta=0.03 * estimated[k] + 64,
                                   msg=f"layer {k}: coded {actual[k]} bits, estimated {estimated[k]:.0f}")

    def test_hyperprior(self):
        self.check("hyperprior")

    def test_factorized(self):
        self.check("factorized")


class FrameCodecRoundTripTest(unittest.TestCase):
    def test_decoding_any_prefix_of_layers_gives_back_the_symbols(self):
        for entropy_model in ("hyperprior", "factorized"):
            torch.manual_seed(2)
            model = spread_latent(LayeredCodec(small_config(entropy_model).model))
            codec = FrameCodec(model, lanes=4)
            encoded = codec.encode(torch.rand(1, 3, 64, 128))
            self.assertGreater(np.abs(encoded.q).max(), 2)
            for n in (1, 3):
                decoded = codec.decode(encoded.messages[:n])
                end = model.channel_end(n)
                np.testing.assert_array_equal(decoded["q"][:end], encoded.q[:end])
                self.assertFalse(decoded["q"][end:].any())
            if entropy_model == "hyperprior":
                np.testing.assert_array_equal(codec.decode(encoded.messages[:1])["z_q"], encoded.z_q)

    def test_messages_decode_only_in_layer_order(self):
        model = LayeredCodec(small_config().model)
        codec = FrameCodec(model, lanes=1)
        encoded = codec.encode(torch.rand(1, 3, 64, 128))
        with self.assertRaises(ValueError):
            codec.decode(encoded.messages[1:])


if __name__ == "__main__":
    unittest.main()


class EntropyTablesTest(unittest.TestCase):
    def test_factorized_tables_stay_within_the_format_bounds_even_for_wide_quantiles(self):
        from latentmap_training.models.entropy import EntropyBottleneck
        bottleneck = EntropyBottleneck(2)
        with torch.no_grad():
            bottleneck.quantiles[1, 0] = torch.tensor([-9000.0, 0.0, 9000.0])
        tables = bottleneck.build_tables()
        self.assertLessEqual(max(tables.lengths), 8192)
        self.assertTrue(all(c[0] == 0 and c[-1] == 65536 for c in tables.cdfs))


class ReproducibilityTest(unittest.TestCase):
    def test_same_seed_trains_the_same_weights(self):
        from latentmap_training.train import train_codec
        from .helpers import fixture_root
        cfg = small_config()
        cfg.train.steps, cfg.train.batch_size, cfg.train.log_every = 2, 2, 100
        first, _ = train_codec(cfg, fixture_root(), torch.device("cpu"))
        second, _ = train_codec(cfg, fixture_root(), torch.device("cpu"))
        for (name, a), b in zip(first.state_dict().items(), second.state_dict().values()):
            self.assertTrue(torch.equal(a, b), name)
        cfg.train.seed += 1
        third, _ = train_codec(cfg, fixture_root(), torch.device("cpu"))
        self.assertFalse(torch.equal(first.analysis[0].weight, third.analysis[0].weight))
