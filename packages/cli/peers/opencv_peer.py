#!/usr/bin/env python3
"""Peer benchmark: the OpenCV/NumPy shape generator of the PyTorch Lightning
"shapes" transfer-learning demo, timed side by side with @shapes/data.

Original generator: function `generate_shape_image` in
  github.com/ranfysvalle02/cnn-transfer-learning, file demo.py
  (identical copy in github.com/ranfysvalle02/shapeclassifer-cnn, demo.py,
  the "previous post" that the transfer-learning demo builds on).

Kept identical to the original (see `generate_shape_image` below, the body is
the original's, line for line):
  * 256x256x3 uint8, black background (np.zeros);
  * colour: tuple(np.random.randint(0, 256, 3).tolist()) -- one draw per image,
    each channel uniform in 0..255, passed to OpenCV as-is (BGR order);
  * circle: centre = np.random.randint(0, 256, 2), radius = randint(10, 100)
    (i.e. 10..99), cv2.circle(..., thickness=-1);
  * square: top_left = np.random.randint(0, 156, 2) (int64 array),
    side = randint(20, 100) (20..99), bottom_right = top_left + side,
    cv2.rectangle(..., thickness=-1) (OpenCV's rectangle is inclusive, so the
    filled square is side+1 pixels wide);
  * triangle: np.random.randint(0, 256, (3, 2)) then cv2.fillPoly(image, [pts],
    color);
  * line type: OpenCV default everywhere (LINE_8, no anti-aliasing, shift 0);
  * global legacy NumPy RNG (np.random.*), single process, nothing written to
    disk (the original keeps the images in a Python list, then torch.stack's
    them via ToTensor; the torch conversion is NOT part of this benchmark).

--mode original (what the issue calls "the original demo's own generator") runs the original's
`create_dataset` loop as written, minus its final torch conversion: per image np.random.choice(SHAPES), the
original function (its own np.zeros, so fresh memory each time), and a Python list that keeps every image.

Differences of the other two modes, required by the side-by-side harness:
  * exactly --per-class images of each class, interleaved circle, square,
    triangle, instead of the original's per-sample np.random.choice(SHAPES)
    (the original demo.py trains on SHAPES = ['square', 'triangle'] and uses
    'circle' only as the unseen test shape);
  * default --mode inplace: the images go into ONE preallocated uint8 array
    [N*3, 256, 256, 3]; the original function draws into each slot, its
    np.zeros handing back the slot cleared to black (fill(0)), so its exact
    RNG calls and cv2 calls run without the allocation.  --mode verbatim calls
    the original function unchanged (its own np.zeros per image) and copies
    the result into the preallocated array;
  * np.random.seed(--seed) once at start (the original never seeds);
  * only the generation loop is timed (time.perf_counter), after a warm-up.

Output: one JSON line on stdout.
"""
import argparse
import json
import sys
import time
import types

import cv2
import numpy as np

IMAGE_SIZE = (256, 256)
SHAPES = ["circle", "square", "triangle"]


# --- verbatim from the original demo.py ------------------------------------
def generate_shape_image(shape, size=IMAGE_SIZE):
    image = np.zeros(size + (3,), dtype=np.uint8)
    color = tuple(np.random.randint(0, 256, 3).tolist())

    if shape == 'circle':
        center = tuple(np.random.randint(0, size[0], 2).tolist())
        radius = np.random.randint(10, 100)
        cv2.circle(image, center, radius, color, thickness=-1)
    elif shape == 'square':
        top_left = np.random.randint(0, size[0] - 100, 2)
        width = height = np.random.randint(20, 100)
        bottom_right = top_left + np.array([width, height])
        cv2.rectangle(image, tuple(top_left), tuple(bottom_right), color, thickness=-1)
    elif shape == 'triangle':
        points = np.random.randint(0, size[0], (3, 2))
        cv2.fillPoly(image, [points], color)

    return image
# ---------------------------------------------------------------------------


class _IntoSlot:
    """Numpy as generate_shape_image sees it in the inplace mode: its np.zeros hands back the preallocated
    slot, cleared. The original's code then runs as written, rather than a copy of it edited by hand."""

    random = np.random
    array = np.array
    uint8 = np.uint8

    def __init__(self):
        self.slot = None

    def zeros(self, shape, dtype):
        self.slot.fill(0)
        return self.slot


_into = _IntoSlot()
draw_into_slot = types.FunctionType(generate_shape_image.__code__, {**globals(), "np": _into})


def draw_shape_into(image, shape):
    """The original function drawing into a preallocated slot."""
    _into.slot = image
    draw_into_slot(shape, IMAGE_SIZE)


def create_dataset_without_torch(num_samples, shapes):
    """The original's create_dataset up to (not including) ToTensor and torch.stack."""
    dataset = []
    labels = []
    for _ in range(num_samples):
        shape = np.random.choice(shapes)
        image = generate_shape_image(shape)
        dataset.append(image)
        labels.append(shapes.index(shape))
    return dataset, labels


def run(out, labels, mode):
    if mode == "original":
        return create_dataset_without_torch(len(labels), SHAPES)
    if mode == "inplace":
        for i, shape in enumerate(labels):
            draw_shape_into(out[i], shape)
    else:
        for i, shape in enumerate(labels):
            out[i] = generate_shape_image(shape)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--per-class", type=int, default=500)
    ap.add_argument("--warmup", type=int, default=20,
                    help="untimed images per class generated first")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--mode", choices=["inplace", "verbatim", "original"], default="inplace")
    args = ap.parse_args()

    np.random.seed(args.seed)
    n = args.per_class * len(SHAPES)
    labels = [SHAPES[i % len(SHAPES)] for i in range(n)]

    # One preallocated array; touch every page so page faults are not timed. (The original mode keeps its
    # own fresh images, as the original does.)
    out = np.empty(((n,) + IMAGE_SIZE + (3,)) if args.mode != "original" else (1, 1), dtype=np.uint8)
    out.fill(0)

    w = min(args.warmup * len(SHAPES), n)
    if w:
        run(out[:w], labels[:w], args.mode)

    t0 = time.perf_counter()
    kept = run(out, labels, args.mode)
    seconds = time.perf_counter() - t0
    if kept is not None:
        out = np.stack(kept[0])

    # Sanity: every image has exactly one non-black shape (cheap, untimed).
    if not out.reshape(n, -1).any(axis=1).all():
        print("warning: some images are entirely black", file=sys.stderr)

    print(json.dumps({
        "peer": "opencv",
        "opencvVersion": cv2.__version__,
        "numpyVersion": np.__version__,
        "preset": "seed",
        "mode": args.mode,
        "images": n,
        "seconds": round(seconds, 6),
        "imagesPerSec": round(n / seconds, 1),
    }))


if __name__ == "__main__":
    main()
