"""Command line: ``python3 -m latentmap_training {train,fixture,export,refit-entropy,compare} ...``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

import torch

from .bundle import build_bundle, reexport_bundle, refit_bundle
from .compare import compare_bundles, compare_seeds, format_rows, format_seed_rows, plot_rows, plot_seed_rows
from .config import HYPER_SYNTHESES, load_config
from .refit import RefitSettings
from .fixture import FixtureSpec, write_fixture


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="latentmap_training", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    train = commands.add_parser("train", help="train, evaluate and export one bundle into --out (models/<id>)")
    train.add_argument("--config", type=Path, required=True)
    train.add_argument("--data", type=Path, required=True, help="Cityscapes-layout root (train and val splits)")
    train.add_argument("--out", type=Path, required=True, help="bundle folder; its name is the bundle id")
    train.add_argument("--seed", type=int, help="overrides train.seed")
    train.add_argument("--steps", type=int, help="overrides train.steps (codec)")
    train.add_argument("--baseline-steps", type=int, help="overrides train.baseline_steps")
    train.add_argument("--max-val-frames", type=int, help="overrides eval.max_val_frames")
    train.add_argument("--threads", type=int, help="overrides train.threads (CPU intra-op threads)")
    train.add_argument("--checkpoint-only", action="store_true",
                       help="stop after checkpoint.pt; `export --bundle` makes the rest of the bundle from it")
    fixture = commands.add_parser("fixture", help="write a small synthetic Cityscapes-layout data set")
    fixture.add_argument("--out", type=Path, required=True)
    fixture.add_argument("--frames-per-city", type=int, default=FixtureSpec.frames_per_city)
    fixture.add_argument("--seed", type=int, default=FixtureSpec.seed)
    export = commands.add_parser("export", help="re-evaluate and rewrite a bundle from its checkpoint.pt")
    export.add_argument("--bundle", type=Path, required=True)
    export.add_argument("--data", type=Path, required=True)
    export.add_argument("--max-val-frames", type=int, help="overrides eval.max_val_frames")
    export.add_argument("--threads", type=int, default=1, help="CPU intra-op threads")
    refit = commands.add_parser("refit-entropy", help="refit a bundle's hyperprior (same latent, same accuracy) with "
                                "another hyper-decoder, into a new folder of the same bundle id, and export it there")
    refit.add_argument("--bundle", type=Path, required=True)
    refit.add_argument("--data", type=Path, required=True)
    refit.add_argument("--out", type=Path, required=True)
    refit.add_argument("--hyper-synthesis", choices=HYPER_SYNTHESES, default=RefitSettings.hyper_synthesis)
    refit.add_argument("--steps", type=int, default=RefitSettings.steps)
    refit.add_argument("--seed", type=int, default=RefitSettings.seed)
    refit.add_argument("--threads", type=int, default=2, help="CPU intra-op threads")
    compare = commands.add_parser("compare", help="scalable bundle vs single-rate bundles (mIoU gap per rate)")
    compare.add_argument("--scalable", type=Path, nargs="+", required=True,
                         help="one bundle; or several runs of the scalable recipe (then the recipes are compared)")
    compare.add_argument("--single-rate", type=Path, nargs="+", required=True)
    compare.add_argument("--plot", type=Path, help="also draw both on the rate-accuracy axes into this PNG")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    if args.command == "fixture":
        write_fixture(args.out, FixtureSpec(frames_per_city=args.frames_per_city, seed=args.seed))
        print(f"fixture written to {args.out}")
        return 0
    if args.command == "export":
        torch.set_num_threads(args.threads)
        manifest = reexport_bundle(args.bundle, args.data, args.max_val_frames)
        print_figures(manifest)
        return 0
    if args.command == "refit-entropy":
        torch.set_num_threads(args.threads)
        settings = RefitSettings(hyper_synthesis=args.hyper_synthesis, steps=args.steps, seed=args.seed)
        print_figures(refit_bundle(args.bundle, args.data, args.out, settings))
        return 0
    if args.command == "compare":
        name = args.scalable[0].name
        if len(args.scalable) == 1:
            rows = compare_bundles(args.scalable[0], args.single_rate)
            lines, plot = format_rows(name, rows), plot_rows
        else:
            rows = compare_seeds(args.scalable, args.single_rate)
            lines, plot = format_seed_rows(name, rows), plot_seed_rows
        for line in lines:
            print(line)
        if args.plot:
            plot(args.plot, name, rows)
        return 0
    cfg = load_config(args.config)
    for value, section, key in ((args.seed, cfg.train, "seed"), (args.steps, cfg.train, "steps"),
                                (args.baseline_steps, cfg.train, "baseline_steps"),
                                (args.max_val_frames, cfg.eval, "max_val_frames"), (args.threads, cfg.train, "threads")):
        if value is not None:
            setattr(section, key, value)
    torch.set_num_threads(cfg.train.threads)
    manifest = build_bundle(cfg, args.data, args.out, args.checkpoint_only)
    if manifest is None:
        print(f"checkpoint written to {args.out}; make the bundle with `export --bundle {args.out}`")
    else:
        print_figures(manifest)
    return 0


def print_figures(manifest: dict) -> None:
    """The bundle's figures as ``name value unit`` lines."""
    bundle, metrics = manifest["id"], manifest["metrics"]
    for row in metrics["layers"]:
        prefix = f"{bundle}.layers{row['layers']}"
        print(f"{prefix}.bpp {row['bpp']:.4f} bpp")
        print(f"{prefix}.miou {100 * row['miou']:.2f} %")
        print(f"{prefix}.map50 {100 * row['map50']:.2f} %")
    for row in metrics["baselines"]:
        print(f"{bundle}.baseline.{row['name']}.bpp {row['bpp']:.4f} bpp")
        print(f"{bundle}.baseline.{row['name']}.miou {100 * row['miou']:.2f} %")
    for role, value in metrics["flops"].items():
        print(f"{bundle}.flops.{role} {value:.4f} GFLOP")


if __name__ == "__main__":
    sys.exit(main())
