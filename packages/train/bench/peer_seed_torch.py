#!/usr/bin/env python3
"""Peer benchmark: the original demo's CNN (`createSeedCnn` in @shapes/models) in PyTorch on the CPU.

Timed like bench/seed-arch.mjs times ours: fixed random batches, a warm-up step, then a few timed steps.
Network: input 3x256x256; conv 32 3x3 same + relu; maxpool 2; conv 64 3x3 same + relu; maxpool 2;
dropout 0.25; flatten (262144); dense 128 relu; dropout 0.25; dense N (softmax in the loss); Adam 1e-3;
cross-entropy. Run with Debian's python3-torch (/usr/bin/python3).

Output: one JSON line on stdout.
"""
import argparse
import json
import time

import torch
from torch import nn


def seed_cnn(classes):
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Dropout(0.25), nn.Flatten(),
        nn.Linear(64 * 64 * 64, 128), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(128, classes),
    )


def timed(step, warmup, steps, batch):
    """Samples/s over `steps` steps after `warmup` steps."""
    for _ in range(warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * batch / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--classes", type=int, default=3)
    ap.add_argument("--warmup", type=int, default=1)
    ap.add_argument("--steps", type=int, default=3)
    ap.add_argument("--infer-steps", type=int, default=None)
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = seed_cnn(args.classes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 3, 256, 256)
    y = torch.randint(0, args.classes, (args.batch,))

    def train_step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    def infer_step():
        with torch.no_grad():
            torch.softmax(model(x), dim=1).numpy()

    model.train()
    train = timed(train_step, args.warmup, args.steps, args.batch)
    model.eval()
    infer = timed(infer_step, args.warmup, args.infer_steps or args.steps, args.batch)
    print(json.dumps({
        "peer": "pytorch",
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "steps": args.steps,
        "trainSamplesPerSecond": round(train, 2),
        "inferSamplesPerSecond": round(infer, 2),
    }))


if __name__ == "__main__":
    main()
