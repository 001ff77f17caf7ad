"""Gradient checks of minitf/ops/image_ops.py's ops: ResizeBilinear (legacy, align_corners,
half-pixel centers; its forward is float32, so a large step on this linear op),
ResizeNearestNeighbor and CropAndResize (through the image, and through float32 boxes away
from pixel rows). The grad ops, AdjustContrastv2, RGBToHSV and HSVToRGB are declared
non-differentiable."""
import numpy as np

import minitf as tf

from . import GradCase

CASES = [
    GradCase("ResizeBilinear", lambda x: tf.image.resize_bilinear(x, [3, 4]), [(2, 5, 6, 2)],
             label="legacy", tol=1e-4, delta=0.1),
    GradCase("ResizeBilinear", lambda x: tf.image.resize_bilinear(x, [8, 11],
                                                                  align_corners=True),
             [(2, 5, 6, 2)], label="align_corners", tol=1e-4, delta=0.1),
    GradCase("ResizeBilinear", lambda x: tf.image.resize_bilinear(x, [7, 4],
                                                                  half_pixel_centers=True),
             [(1, 5, 6, 2)], label="half_pixel", tol=1e-4, delta=0.1),
    GradCase("ResizeNearestNeighbor", lambda x: tf.image.resize_nearest_neighbor(x, [3, 4]),
             [(2, 5, 6, 2)], label="legacy"),
    GradCase("ResizeNearestNeighbor",
             lambda x: tf.image.resize_nearest_neighbor(x, [8, 11], align_corners=True),
             [(2, 5, 6, 2)], label="align_corners"),
    GradCase("ResizeNearestNeighbor",
             lambda x: tf.image.resize_nearest_neighbor(x, [7, 4], half_pixel_centers=True),
             [(1, 5, 6, 2)], label="half_pixel"),
    GradCase("CropAndResize",
             lambda x: tf.image.crop_and_resize(
                 x, [[0.13, 0.21, 0.77, 0.89], [0.61, 0.07, 0.29, 0.53]], [1, 0], [3, 4]),
             [(2, 5, 6, 2)], label="image", tol=1e-4, delta=0.1),
    GradCase("CropAndResize",
             lambda b: tf.image.crop_and_resize(
                 np.random.RandomState(0).standard_normal((2, 5, 6, 2)),
                 tf.cast(b, tf.float32), [1, 0], [3, 4]),
             [(2, 4)], values=[np.array([[0.13, 0.21, 0.77, 0.89], [0.61, 0.07, 0.29, 0.53]])],
             label="boxes", tol=2e-2, delta=1e-3),
]
