"""Frame compression with a trained bundle: quantisation, table choice and layer messages per formats.md 2 and 4.

``FrameCodec`` is what evaluation (actual coded bits), golden vectors and the round-trip tests use; its decoder is
the Python reference of the Java one.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Dict, List, Optional, Sequence

import numpy as np
import torch

from .coding import bitstream, rans
from .coding.bitstream import LayerMessage
from .coding.tables import KIND_FACTORIZED, KIND_GAUSSIAN, ROLE_Y, ROLE_Z, TableSet
from .models.networks import LayeredCodec

Z_STRIDE = 4  # y cells per z cell: the hyper-analysis has two stride-2 convolutions


@dataclass
class EncodedFrame:
    y: np.ndarray  # (C,H,W) f32 edge encoder output
    q: np.ndarray  # (C,H,W) i32 symbols as the decoder returns them
    z_q: Optional[np.ndarray]  # (Cz,Hz,Wz) i32, hyperprior only
    scale_index: Optional[np.ndarray]  # (C,H,W) i32, hyperprior only
    messages: List[bytes]  # one per layer
    scales: Optional[np.ndarray] = None  # (C,H,W) f32 hyper-decoder output, hyperprior only

    def bytes_for_layers(self, num_layers: int) -> int:
        return sum(len(m) for m in self.messages[:num_layers])


class FrameCodec:
    def __init__(self, model: LayeredCodec, lanes: int, bundle_hash_prefix: bytes = bytes(8)):
        self.model = model.eval()
        self.lanes = lanes
        self.hash_prefix = bundle_hash_prefix
        entropy = model.entropy
        self.hyperprior = entropy.hyperprior
        if self.hyperprior:
            self.z_tables = entropy.z_bottleneck.build_tables()
            self.y_tables = entropy.gaussian.build_tables()
        else:
            self.y_tables = entropy.y_bottleneck.build_tables()

    def table_sets(self) -> List[TableSet]:
        """The entropy tables file content (formats.md 3): z set then gaussian y set, or one factorized y set."""
        entropy = self.model.entropy
        if self.hyperprior:
            z = entropy.z_bottleneck
            return [
                TableSet(KIND_FACTORIZED, ROLE_Z, z.tail_mass, z.medians().tolist(), self.z_tables.offsets,
                         self.z_tables.cdfs),
                TableSet(KIND_GAUSSIAN, ROLE_Y, entropy.gaussian.tail_mass, entropy.gaussian.scale_table.tolist(),
                         self.y_tables.offsets, self.y_tables.cdfs),
            ]
        y = entropy.y_bottleneck
        return [TableSet(KIND_FACTORIZED, ROLE_Y, y.tail_mass, y.medians().tolist(), self.y_tables.offsets,
                         self.y_tables.cdfs)]

    @torch.no_grad()
    def encode(self, image: torch.Tensor) -> EncodedFrame:
        """image: (1,3,H,W) network input -> quantised tensors and one layer message per layer."""
        entropy = self.model.entropy
        y = self.model.analysis(image)
        z_q = scale_index = scales = None
        if self.hyperprior:
            z_q = entropy.z_bottleneck.symbols(entropy.hyper_analysis(y))
            scales = entropy.hyper_synthesis(entropy.z_bottleneck.dequantize(z_q))
            scale_index = entropy.gaussian.indexes(scales)
            q = torch.round(y).to(torch.int32)
        else:
            q = entropy.y_bottleneck.symbols(y)
        q_np = q[0].numpy()
        index_np = scale_index[0].numpy() if scale_index is not None else None
        z_np = z_q[0].numpy() if z_q is not None else None
        messages = [self._layer_message(layer, q_np, index_np, z_np) for layer in range(self.model.num_layers)]
        scales_np = scales[0].numpy() if scales is not None else None
        return EncodedFrame(y[0].numpy(), q_np, z_np, index_np, messages, scales_np)

    def _layer_message(self, layer: int, q: np.ndarray, scale_index: Optional[np.ndarray],
                       z_q: Optional[np.ndarray]) -> bytes:
        bounds = self.model.layer_bounds(layer)
        _, h, w = q.shape
        values = q[bounds].reshape(-1).tolist()
        if self.hyperprior:
            indexes = scale_index[bounds].reshape(-1).tolist()
        else:
            indexes = np.repeat(np.arange(bounds.start, bounds.stop), h * w).tolist()
        streams = []
        if self.hyperprior and layer == 0:
            cz, hz, wz = z_q.shape
            z_indexes = np.repeat(np.arange(cz), hz * wz).tolist()
            streams.append((bitstream.STREAM_Z, rans.encode(z_q.reshape(-1).tolist(), z_indexes, self.z_tables.cdfs,
                                                            self.z_tables.offsets, self.lanes)))
        streams.append((bitstream.STREAM_Y, rans.encode(values, indexes, self.y_tables.cdfs, self.y_tables.offsets,
                                                        self.lanes)))
        return bitstream.write_layer_message(LayerMessage(
            bitstream.ENTROPY_HYPERPRIOR if self.hyperprior else bitstream.ENTROPY_FACTORIZED, self.lanes,
            self.hash_prefix, layer, bounds.start, bounds.stop, h, w, streams))

    @torch.no_grad()
    def decode(self, messages: Sequence[bytes]) -> Dict[str, np.ndarray]:
        """Reference decoder: layer messages 0..n-1 -> q (received channels), z_q; missing channels stay zero."""
        entropy = self.model.entropy
        parsed = [bitstream.read_layer_message(m) for m in messages]
        if not parsed:
            raise bitstream.BitstreamFormatError("no layers to decode")
        h, w = parsed[0].height, parsed[0].width
        q = np.zeros((self.model.channels, h, w), np.int32)
        z_q = scale_index = None
        for k, message in enumerate(parsed):
            if message.layer_index != k:
                raise bitstream.BitstreamFormatError(f"layer {message.layer_index} arrived in position {k}")
            streams = dict(message.streams)
            if self.hyperprior and k == 0:
                cz = self.model.cfg.hyper_channels
                hz, wz = math.ceil(h / Z_STRIDE), math.ceil(w / Z_STRIDE)
                z_indexes = np.repeat(np.arange(cz), hz * wz).tolist()
                z_values = rans.decode(streams[bitstream.STREAM_Z], z_indexes, self.z_tables.cdfs,
                                       self.z_tables.offsets, message.lanes)
                z_q = np.asarray(z_values, np.int32).reshape(cz, hz, wz)
                scales = entropy.hyper_synthesis(entropy.z_bottleneck.dequantize(torch.from_numpy(z_q)[None]))
                scale_index = entropy.gaussian.indexes(scales)[0].numpy()
            bounds = slice(message.channel_start, message.channel_end)
            count = (bounds.stop - bounds.start) * h * w
            if self.hyperprior:
                indexes = scale_index[bounds].reshape(-1).tolist()
            else:
                indexes = np.repeat(np.arange(bounds.start, bounds.stop), h * w).tolist()
            values = rans.decode(streams[bitstream.STREAM_Y], indexes[:count], self.y_tables.cdfs,
                                 self.y_tables.offsets, message.lanes)
            q[bounds] = np.asarray(values, np.int32).reshape(-1, h, w)
        return {"q": q, "z_q": z_q}

    def scale_margin(self, scales: np.ndarray) -> float:
        """Smallest relative distance of any predicted scale to a scale-table boundary.

        Another runtime's float result for the same scale (ONNX Runtime vs PyTorch differ in the last bits) gives the
        same table index only when this margin exceeds their relative difference.
        """
        boundaries = self.model.entropy.gaussian.scale_table[:-1].numpy().astype(np.float64)
        values = scales.astype(np.float64).reshape(-1)
        position = np.clip(np.searchsorted(boundaries, values), 1, len(boundaries) - 1)
        nearest = np.minimum(np.abs(values - boundaries[position - 1]) / boundaries[position - 1],
                             np.abs(values - boundaries[position]) / boundaries[position])
        return float(nearest.min())

    def dequantize(self, q: np.ndarray) -> torch.Tensor:
        """Decoder-side float tensor the heads consume (formats.md 2.1 / 2.2)."""
        tensor = torch.from_numpy(q.astype(np.float32))[None]
        if self.hyperprior:
            return tensor
        return tensor + self.model.entropy.y_bottleneck.medians().detach().view(1, -1, 1, 1)

