"""Shared test setup: one thread, small deterministic models and a fixture data set written once per process."""

from __future__ import annotations

import atexit
import json
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import torch

from latentmap_training.config import Config, HeadRange
from latentmap_training.fixture import FixtureSpec, write_fixture
from latentmap_training.models.networks import LayeredCodec

torch.set_num_threads(1)


@lru_cache(maxsize=None)
def fixture_root() -> Path:
    root = Path(tempfile.mkdtemp(prefix="latentmap-fixture-"))
    atexit.register(shutil.rmtree, root, True)
    return write_fixture(root, FixtureSpec(frames_per_city=2))


def train_fixture_bundle(root: Path, config: dict) -> Path:
    """Trains and exports a bundle of ``config`` (written to ``root/config.json``) on the fixture data into
    ``root/models/<config id>`` with the `train` command, as a user would; returns the bundle folder."""
    from latentmap_training.__main__ import main  # the command line, not a module every test needs

    path = root / "config.json"
    path.write_text(json.dumps(config))
    out = root / "models" / config["id"]
    main(["train", "--config", str(path), "--data", str(fixture_root()), "--out", str(out)])
    return out


def small_config(entropy_model: str = "hyperprior", kind: str = "latent") -> Config:
    cfg = Config(id="test")
    m = cfg.model
    m.kind, m.entropy_model = kind, entropy_model
    m.layers = [2, 3, 5]
    m.analysis_width, m.synthesis_width, m.hyper_width, m.hyper_channels, m.head_width = 16, 16, 8, 4, 16
    m.backbone_width = 16
    m.head_ranges = [HeadRange(1, 1), HeadRange(2, 3)]
    return cfg.validate()


def spread_latent(model: LayeredCodec, gain: float = 30.0) -> LayeredCodec:
    """An untrained analysis transform puts nearly all of y in the zero bin; scale it so coding has work to do."""
    last = model.analysis[-1] if isinstance(model.analysis, torch.nn.Sequential) else model.analysis.reduction
    with torch.no_grad():
        last.weight.mul_(gain)
        last.bias.mul_(gain)
    return model


def fit_entropy_model(model: LayeredCodec, image: torch.Tensor, steps: int = 60) -> LayeredCodec:
    """A few rate-only steps so that likelihoods and tables describe the latent (an untrained prior puts most of a
    spread latent in the tails, where the estimate and the escape coding legitimately differ)."""
    main = [p for n, p in model.named_parameters() if not n.endswith("quantiles") and not n.startswith("analysis")]
    aux = [p for n, p in model.named_parameters() if n.endswith("quantiles")]
    optimizer, aux_optimizer = torch.optim.Adam(main, lr=1e-2), torch.optim.Adam(aux, lr=0.5)
    for _ in range(steps):
        out = model(image, model.num_layers, training=True)
        loss = sum(out["layer_bits"])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        aux_loss = model.aux_loss()
        aux_optimizer.zero_grad()
        aux_loss.backward()
        aux_optimizer.step()
    return model.eval()
