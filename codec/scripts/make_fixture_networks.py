"""Builds the tiny but real ONNX networks of the codec's fixture bundles.

The fixture bundles (io.latentmap.codec.fixture.FixtureBundles) are complete, loadable model bundles for tests,
benchmarks and the demo. Their networks are deliberately tiny (pooling plus 1x1 convolutions, a few kB each) so
they can live in the repository; real networks come from training/. The ONNX files are committed, so no test ever
needs Python; rerun this only to change them:

    /usr/bin/python3 codec/scripts/make_fixture_networks.py

Shapes (fixed channel counts, dynamic batch and spatial size):
  edge_encoder   image (N,3,H,W)            -> y (N,192,H/8,W/8)
  hyper_encoder  y (N,192,h,w)              -> z (N,32,ceil(h/4),ceil(w/4))
  hyper_decoder  z_hat (N,32,hz,wz)         -> scales (N,192,4hz,4wz), positive
  head_l{n}      y_hat (N,64n,h,w)          -> seg_logits (N,19,h,w)
"""
import os
import sys

import torch
from torch import nn

Y_CHANNELS = 192
Z_CHANNELS = 32
STRIDE = 8
Z_STRIDE = 4
LAYER_CHANNELS = 64
SEG_CLASSES = 19
OPSET = 13

OUT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "main", "resources",
                       "io", "latentmap", "codec", "fixture")


class EdgeEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.AvgPool2d(STRIDE, ceil_mode=True)
        self.proj = nn.Conv2d(3, Y_CHANNELS, 1)
        # Spread channels over a few units of scale, like a trained latent: some wide, many narrow.
        with torch.no_grad():
            gain = torch.logspace(0.7, -1.3, Y_CHANNELS).view(-1, 1, 1, 1)
            self.proj.weight.mul_(gain * 4)

    def forward(self, image):
        return self.proj(self.pool(image))


class HyperEncoder(nn.Module):
    def __init__(self):
        super().__init__()
        self.pool = nn.AvgPool2d(Z_STRIDE, ceil_mode=True)
        self.proj = nn.Conv2d(Y_CHANNELS, Z_CHANNELS, 1)

    def forward(self, y):
        return self.proj(torch.abs(self.pool(y)))


class HyperDecoder(nn.Module):
    """Scales fall with the channel index, as in a latent whose channels are ordered by importance: layer 0
    carries most of the information and the last channels are nearly silent."""

    def __init__(self):
        super().__init__()
        self.proj = nn.Conv2d(Z_CHANNELS, Y_CHANNELS, 1)
        self.up = nn.Upsample(scale_factor=Z_STRIDE, mode="nearest")
        self.register_buffer("channel_gain", torch.logspace(0.3, -1.7, Y_CHANNELS).view(1, -1, 1, 1))

    def forward(self, z_hat):
        return nn.functional.softplus(self.up(self.proj(z_hat)) - 1.0) * self.channel_gain + 0.05


class Head(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.proj = nn.Conv2d(channels, SEG_CLASSES, 1)

    def forward(self, y_hat):
        return self.proj(y_hat)


def export(module, example, input_name, output_name, file_name):
    module.eval()
    path = os.path.join(OUT_DIR, file_name)
    torch.onnx.export(module, example, path, input_names=[input_name], output_names=[output_name],
                      dynamic_axes={input_name: {0: "n", 2: "h", 3: "w"}, output_name: {0: "n", 2: "h", 3: "w"}},
                      opset_version=OPSET, do_constant_folding=True)
    print(f"{path}: {os.path.getsize(path)} bytes", file=sys.stderr)


def main():
    torch.manual_seed(20261126)
    os.makedirs(OUT_DIR, exist_ok=True)
    export(EdgeEncoder(), torch.randn(1, 3, 256, 512), "image", "y", "edge_encoder.onnx")
    export(HyperEncoder(), torch.randn(1, Y_CHANNELS, 32, 64), "y", "z", "hyper_encoder.onnx")
    export(HyperDecoder(), torch.randn(1, Z_CHANNELS, 8, 16), "z_hat", "scales", "hyper_decoder.onnx")
    for layers in (1, 2, 3):
        channels = LAYER_CHANNELS * layers
        export(Head(channels), torch.randn(1, channels, 32, 64), "y_hat", "seg_logits", f"head_l{layers}.onnx")


if __name__ == "__main__":
    main()
