#!/usr/bin/env python3
"""Peer benchmark: the `bench-cnn` network in PyTorch on the CPU, timed like bench/cnn.mjs times tfjs.

bench-cnn: input 64x64x1; conv 16 3x3 same + relu; maxpool 2; conv 32 3x3 same + relu; maxpool 2;
conv 64 3x3 same + relu; global average pool; dense 64 relu; dense 5 softmax (in the loss); Adam 1e-3;
batch 32. Random inputs and labels (speed does not depend on them). Run with Debian's python3-torch.

Output: one JSON line on stdout.
"""
import argparse
import json
import time

import torch
from torch import nn


def bench_cnn():
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, 5),
    )


def timed(step, seconds, batch):
    """Samples/s of `step` over at least `seconds` (and at least 3 steps), after 3 warm-up steps."""
    for _ in range(3):
        step()
    n = 0
    t0 = time.perf_counter()
    while True:
        step()
        n += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= seconds and n >= 3:
            return n * batch / elapsed


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=3.0)
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = bench_cnn()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 1, 64, 64)
    y = torch.randint(0, 5, (args.batch,))

    def train_step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()

    def infer_step():
        with torch.no_grad():
            torch.softmax(model(x), dim=1)

    model.train()
    train = timed(train_step, args.seconds, args.batch)
    model.eval()
    infer = timed(infer_step, args.seconds, args.batch)
    print(json.dumps({
        "peer": "pytorch",
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "trainSamplesPerSec": round(train, 1),
        "inferSamplesPerSec": round(infer, 1),
    }))


if __name__ == "__main__":
    main()
