#!/usr/bin/env python3
"""Peer benchmark: a network of @shapes/models in PyTorch on the CPU, timed as the TypeScript side times tfjs.

Run with Debian's python3-torch (/usr/bin/python3). Random inputs and labels: speed does not depend on them.
Every net trains with Adam 1e-3 and cross-entropy (the softmax of the tfjs models is in the loss here).

--arch picks the net, layer for layer (tfjs layers are NHWC, these NCHW; the sizes are the same):
  default    createDefaultCnn: input 1x64x64 in [0, 1]; rescale to [-1, 1] (x * 2 - 1, tfjs's `Rescaling`);
             conv 16 5x5 stride 2 "same" + relu (TensorFlow's "same" pads 1 before and 2 after here, so the
             padding is explicit: ZeroPad2d, then an unpadded conv) -> 16x32x32; maxpool 2 -> 16x16x16;
             conv 32 3x3 same + relu; maxpool 2; conv 64 3x3 same + relu; maxpool 2; conv 64 3x3 same + relu
             -> 64x4x4; global average pool (64); dense 64 relu; dense N.
  bench-cnn  createBenchCnn: input 1x64x64; conv 16 3x3 same + relu; maxpool 2; conv 32 3x3 same + relu;
             maxpool 2; conv 64 3x3 same + relu; global average pool; dense 64 relu; dense N (5).
  seed       createSeedCnn, the original demo's CNN: input 3x256x256; conv 32 3x3 same + relu; maxpool 2;
             conv 64 3x3 same + relu; maxpool 2; dropout 0.25; flatten (262144); dense 128 relu; dropout 0.25;
             dense N.

Two timing protocols, as on the TypeScript side:
  --seconds S  (default, bench-cnn): 3 warm-up steps, then steps for at least S seconds and at least 3 steps;
  --steps N    (seed, whose steps take seconds): --warmup steps, then exactly N timed steps (--infer-steps for
               inference, default N).
A training step reads its loss back and an inference step its softmax, as ours read their results.

Output: one JSON line on stdout.
"""
import argparse
import json
import time

import torch
from torch import nn

INPUTS = {"default": (1, 64, 64), "bench-cnn": (1, 64, 64), "seed": (3, 256, 256)}
CLASSES = {"default": 3, "bench-cnn": 5, "seed": 3}


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


def bench_cnn(classes):
    return nn.Sequential(
        nn.Conv2d(1, 16, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
        nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        nn.Linear(64, 64), nn.ReLU(),
        nn.Linear(64, classes),
    )


def seed_cnn(classes):
    return nn.Sequential(
        nn.Conv2d(3, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Dropout(0.25), nn.Flatten(),
        nn.Linear(64 * 64 * 64, 128), nn.ReLU(), nn.Dropout(0.25),
        nn.Linear(128, classes),
    )


NETS = {"default": default_cnn, "bench-cnn": bench_cnn, "seed": seed_cnn}


def timed_for(step, seconds, batch):
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


def timed_steps(step, warmup, steps, batch):
    """Samples/s over `steps` steps after `warmup` steps."""
    for _ in range(warmup):
        step()
    t0 = time.perf_counter()
    for _ in range(steps):
        step()
    return steps * batch / (time.perf_counter() - t0)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--arch", choices=sorted(NETS), default="default")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--classes", type=int, default=None, help="default: 5 for bench-cnn, else 3")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--steps", type=int, default=None, help="time this many steps instead of --seconds")
    ap.add_argument("--infer-steps", type=int, default=None)
    ap.add_argument("--warmup", type=int, default=1, help="warm-up steps before --steps")
    args = ap.parse_args()

    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    classes = args.classes or CLASSES[args.arch]
    model = NETS[args.arch](classes)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss_fn = nn.CrossEntropyLoss()
    x = torch.rand(args.batch, *INPUTS[args.arch])
    y = torch.randint(0, classes, (args.batch,))

    def train_step():
        opt.zero_grad()
        loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        loss.item()

    def infer_step():
        with torch.no_grad():
            torch.softmax(model(x), dim=1).numpy()

    if args.steps is None:
        def timed(step, _steps):
            return timed_for(step, args.seconds, args.batch)
    else:
        def timed(step, steps):
            return timed_steps(step, args.warmup, steps, args.batch)

    model.train()
    train = timed(train_step, args.steps)
    model.eval()
    infer = timed(infer_step, args.infer_steps or args.steps)
    # Step-counted rates are small (a seed-CNN step takes seconds): two decimals keep them apart.
    digits = 1 if args.steps is None else 2
    print(json.dumps({
        "peer": "pytorch",
        "net": args.arch,
        "torchVersion": torch.__version__,
        "threads": torch.get_num_threads(),
        "batch": args.batch,
        **({} if args.steps is None else {"steps": args.steps}),
        "trainSamplesPerSec": round(train, digits),
        "inferSamplesPerSec": round(infer, digits),
    }))


if __name__ == "__main__":
    main()
