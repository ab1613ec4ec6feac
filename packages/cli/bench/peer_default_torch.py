#!/usr/bin/env python3
"""Peer benchmark: the default CNN (`createDefaultCnn` in @shapes/models) in PyTorch on the CPU.

Timed like bench/peer_torch.py of @shapes/runtime (and like `shapes bench train` times tfjs): fixed random
batches, 3 warm-up steps, then steps for at least --seconds (and at least 3 steps).

Network, layer for layer (tfjs layers are NHWC, these NCHW; the sizes are the same):
  input 1x64x64 in [0, 1]; rescale to [-1, 1] (x * 2 - 1, tfjs's `Rescaling` layer);
  block1: conv 16 5x5 stride 2 "same" + relu (tfjs/TensorFlow "same" pads 1 before and 2 after here, so the
          padding is explicit: ZeroPad2d then an unpadded conv) -> 16x32x32; maxpool 2 -> 16x16x16;
  block2: conv 32 3x3 same + relu; maxpool 2 -> 32x8x8;
  block3: conv 64 3x3 same + relu; maxpool 2 -> 64x4x4;
  block4: conv 64 3x3 same + relu -> 64x4x4;
  global average pool (the `embedding`, 64 values); dense 64 relu; dense N (softmax in the loss);
  Adam 1e-3; cross-entropy. Random inputs and labels (speed does not depend on them).
Run with Debian's python3-torch (/usr/bin/python3).

Output: one JSON line on stdout.
"""
import argparse
import json
import time

import torch
from torch import nn


def same_padding(size, kernel, stride):
    """TensorFlow's "same" padding (before, after) along one axis: the extra pixel, if any, goes after."""
    out = -(-size // stride)
    total = max((out - 1) * stride + kernel - size, 0)
    return total // 2, total - total // 2


class Rescale(nn.Module):
    def forward(self, x):
        return x * 2.0 - 1.0


def default_cnn(classes, size=64, channels=1):
    before, after = same_padding(size, 5, 2)
    return nn.Sequential(
        Rescale(),
        nn.ZeroPad2d((before, after, before, after)),
        nn.Conv2d(channels, 16, 5, stride=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(64, 64, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, classes),
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
    ap.add_argument("--classes", type=int, default=3)
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = default_cnn(args.classes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, 1, 64, 64)
    y = torch.randint(0, args.classes, (args.batch,))

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
        "net": "default-cnn",
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        "trainSamplesPerSec": round(train, 1),
        "inferSamplesPerSec": round(infer, 1),
    }))


if __name__ == "__main__":
    main()
