"""Runs that log step images through the real mlflow, for the image panel's UI test and benchmark.

Usage: log_image_steps.py <folder> [runs] [steps] [size]. Experiment "vision": each run logs key
"samples" at steps 0..steps-1 (a disc that grows with the step, in the run's own hue, on a
size x size canvas, 48 by default: every step and every run a different picture; from 128 pixels
up with sensor-like noise, so the files weigh what photos do) and "attention/map" every fifth step;
the third run logs "samples" at even steps only. Each run also logs confusion_matrix.png. Prints
{"runs": {name: run_id}} as JSON.
"""
import colorsys
import json
import os
import sys
import warnings

import mlflow
import numpy as np

warnings.filterwarnings("ignore")
folder = sys.argv[1]
run_count = int(sys.argv[2]) if len(sys.argv) > 2 else 3
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 20
mlflow.set_tracking_uri(f"sqlite:///{os.path.join(folder, 'mlflow.db')}")
mlflow.set_experiment("vision")
SIZE = int(sys.argv[4]) if len(sys.argv) > 4 else 48
yy, xx = np.mgrid[0:SIZE, 0:SIZE]
distance = np.hypot(xx - SIZE / 2 + 0.5, yy - SIZE / 2 + 0.5)


def sample(hue, step):
    radius = 3 + 20 * step / max(steps - 1, 1)
    colour = np.array(colorsys.hsv_to_rgb(hue, 0.8, 0.95)) * 255
    image = np.zeros((SIZE, SIZE, 3), dtype=np.uint8)
    image[:] = (30, 30, 40)
    image[distance <= radius * SIZE / 48] = colour.astype(np.uint8)
    if SIZE >= 128:
        noise = np.random.default_rng(int(hue * 1000) + step).integers(-24, 24, image.shape)
        image = np.clip(image.astype(int) + noise, 0, 255).astype(np.uint8)
    return image


def attention(seed, step):
    rng = np.random.default_rng(seed * 1000 + step)
    heat = rng.random((8, 8)) * (step + 5) / (steps + 5)
    grey = (np.kron(heat, np.ones((SIZE // 8, SIZE // 8))) * 255).astype(np.uint8)
    return np.stack([grey, grey // 2, 255 - grey], axis=-1)


ids = {}
for index in range(run_count):
    name = f"seed-{index + 1}"
    hue = index / max(run_count, 3)
    with mlflow.start_run(run_name=name) as run:
        for step in range(steps):
            if index == 2 and step % 2 == 1:
                continue
            mlflow.log_image(sample(hue, step), key="samples", step=step, timestamp=1_700_000_000_000 + step * 1000)
            if step % 5 == 0:
                mlflow.log_image(attention(index, step), key="attention/map", step=step, timestamp=1_700_000_000_000 + step * 1000)
        matrix = np.kron(np.eye(3) * (200 - 40 * (index % 5)) + 30, np.ones((16, 16))).astype(np.uint8)
        mlflow.log_image(np.stack([matrix, matrix, matrix], axis=-1), "confusion_matrix.png")
        ids[name] = run.info.run_id
print(json.dumps({"runs": ids}))
