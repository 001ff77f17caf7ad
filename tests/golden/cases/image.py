"""Golden cases: image. `tf.image`'s resizes (ResizeBilinear, ResizeNearestNeighbor: legacy,
align_corners, half-pixel centers, 3-D and 4-D, preserve_aspect_ratio) and their gradients,
crops and pads, flips, dtype conversion, contrast, grayscale, HSV, image_gradients,
total_variation, sobel_edges, crop_and_resize with its gradients, and build-time errors.

Left out: per_image_standardization (TF 2.x builds reduce_std, 1.15 a Relu of E[x^2] - E[x]^2),
the random flips (random_uniform's 2.x shortcut) and adjust_brightness (2.x: AddV2)."""
import numpy as np

from . import case, normal, uniform


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


@case
def resize_images_methods(tf, rng):
    x3, v3 = _ph(tf, [5, 7, 2], uniform(rng, 0, 1, 5, 7, 2))
    x4, v4 = _ph(tf, [2, 5, 7, 2], uniform(rng, 0, 1, 2, 5, 7, 2))
    u, uv = _ph(tf, [5, 7, 2], (uniform(rng, 0, 255, 5, 7, 2)).astype(np.uint8))
    return {"fetch": {"bilinear3": tf.image.resize_images(x3, [3, 4]),
                      "bilinear4_ac": tf.image.resize_images(x4, [8, 11], align_corners=True),
                      "nearest": tf.image.resize_images(x4, [3, 9], method=1),
                      "nearest_u8": tf.image.resize_images(u, [8, 3], method=1),
                      "bilinear_u8": tf.image.resize_images(u, [3, 4]),
                      "same": tf.image.resize_images(x3, [5, 7]),
                      "aspect": tf.image.resize_images(x3, [4, 4], preserve_aspect_ratio=True)},
            "feed": {x3: v3, x4: v4, u: uv}}


@case
def resize_ops_half_pixel(tf, rng):
    x, xv = _ph(tf, [2, 5, 7, 3], normal(rng, 2, 5, 7, 3))
    return {"fetch": {"bilinear": tf.image.resize_bilinear(x, [4, 9], half_pixel_centers=True),
                      "nearest": tf.image.resize_nearest_neighbor(x, [8, 3],
                                                                  half_pixel_centers=True),
                      "bilinear_1x1": tf.image.resize_bilinear(x, [1, 1]),
                      "nearest_ac": tf.image.resize_nearest_neighbor(x, [3, 4],
                                                                     align_corners=True)},
            "feed": {x: xv}}


@case
def resize_gradients(tf, rng):
    x, xv = _ph(tf, [2, 5, 6, 2], normal(rng, 2, 5, 6, 2))
    bil = tf.image.resize_bilinear(x, [3, 8], align_corners=True)
    near = tf.image.resize_nearest_neighbor(x, [7, 4], half_pixel_centers=True)
    w1, w2 = tf.constant(normal(rng, 2, 3, 8, 2)), tf.constant(normal(rng, 2, 7, 4, 2))
    g = tf.gradients(tf.reduce_sum(bil * w1) + tf.reduce_sum(near * w2), x)[0]
    return {"fetch": {"grad": g}, "feed": {x: xv}, "names": False}


@case
def crops_and_pads(tf, rng):
    x3, v3 = _ph(tf, [5, 6, 3], normal(rng, 5, 6, 3))
    x4, v4 = _ph(tf, [2, 5, 6, 3], normal(rng, 2, 5, 6, 3))
    return {"fetch": {"crop3": tf.image.crop_to_bounding_box(x3, 1, 2, 3, 3),
                      "crop4": tf.image.crop_to_bounding_box(x4, 0, 1, 4, 5),
                      "pad3": tf.image.pad_to_bounding_box(x3, 1, 2, 7, 9),
                      "pad4": tf.image.pad_to_bounding_box(x4, 0, 0, 5, 8),
                      "crop_or_pad3": tf.image.resize_image_with_crop_or_pad(x3, 3, 9),
                      "crop_or_pad4": tf.image.resize_image_with_crop_or_pad(x4, 8, 2),
                      "central3": tf.image.central_crop(x3, 0.5),
                      "central4": tf.image.central_crop(x4, 0.33)},
            "feed": {x3: v3, x4: v4}}


@case
def crops_unknown_shapes(tf, rng):
    x, xv = _ph(tf, [None, None, 2], normal(rng, 6, 3, 2))
    return {"fetch": {"crop_or_pad": tf.image.resize_image_with_crop_or_pad(x, 4, 4),
                      "central": tf.image.central_crop(x, 0.5)},
            "feed": {x: xv}, "names": False}


@case
def flips_and_transpose(tf, rng):
    x3, v3 = _ph(tf, [5, 6, 3], normal(rng, 5, 6, 3))
    x4, v4 = _ph(tf, [2, 5, 6, 3], normal(rng, 2, 5, 6, 3))
    return {"fetch": {"lr3": tf.image.flip_left_right(x3), "lr4": tf.image.flip_left_right(x4),
                      "ud3": tf.image.flip_up_down(x3), "ud4": tf.image.flip_up_down(x4),
                      "t3": tf.image.transpose_image(x3), "t4": tf.image.transpose_image(x4)},
            "feed": {x3: v3, x4: v4}}


@case
def rot90_values(tf, rng):
    x3, v3 = _ph(tf, [5, 6, 3], normal(rng, 5, 6, 3))
    x4, v4 = _ph(tf, [2, 5, 6, 3], normal(rng, 2, 5, 6, 3))
    return {"fetch": {"k1": tf.image.rot90(x3), "k2": tf.image.rot90(x3, 2),
                      "k3": tf.image.rot90(x4, 3), "km1": tf.image.rot90(x4, -1)},
            "feed": {x3: v3, x4: v4}, "names": False}


@case
def convert_image_dtype(tf, rng):
    f = uniform(rng, -0.5, 1.5, 4, 3)
    u = (uniform(rng, 0, 255, 4, 3)).astype(np.uint8)
    i = rng.randint(-2 ** 31, 2 ** 31 - 1, (7,)).astype(np.int32)
    return {"fetch": {"u8_f32": tf.image.convert_image_dtype(u, tf.float32),
                      "f32_u8": tf.image.convert_image_dtype(f, tf.uint8),
                      "f32_u8_sat": tf.image.convert_image_dtype(f, tf.uint8, saturate=True),
                      "u8_i32": tf.image.convert_image_dtype(u, tf.int32),
                      "i32_u8": tf.image.convert_image_dtype(i, tf.uint8),
                      "i32_i16": tf.image.convert_image_dtype(i, tf.int16),
                      "i32_f64": tf.image.convert_image_dtype(i, tf.float64),
                      "f32_f16": tf.image.convert_image_dtype(f, tf.float16),
                      "same": tf.image.convert_image_dtype(f, tf.float32)}}


@case
def contrast_and_grayscale(tf, rng):
    x, xv = _ph(tf, [2, 4, 5, 3], uniform(rng, 0, 1, 2, 4, 5, 3))
    u, uv = _ph(tf, [4, 5, 3], (uniform(rng, 0, 255, 4, 5, 3)).astype(np.uint8))
    g, gv = _ph(tf, [4, 5, 1], uniform(rng, 0, 1, 4, 5, 1))
    return {"fetch": {"contrast": tf.image.adjust_contrast(x, 1.7),
                      "contrast_u8": tf.image.adjust_contrast(u, 0.3),
                      "gray": tf.image.rgb_to_grayscale(x),
                      "gray_u8": tf.image.rgb_to_grayscale(u),
                      "rgb": tf.image.grayscale_to_rgb(g)},
            "feed": {x: xv, u: uv, g: gv}, "tol": 1e-5}


@case
def hsv(tf, rng):
    rgb = uniform(rng, 0, 1, 3, 4, 3)
    rgb[0, 0], rgb[0, 1], rgb[0, 2] = [0.5, 0.5, 0.5], [0, 0, 0], [1, 0, 0]
    hsv_v = uniform(rng, 0, 1, 3, 4, 3)
    hsv_v[0, :, 0] = [0.0, 1.0, 1 / 6, 0.999]
    x, xv = _ph(tf, [3, 4, 3], rgb)
    h, hv = _ph(tf, [3, 4, 3], hsv_v.astype(np.float64))
    return {"fetch": {"to_hsv": tf.image.rgb_to_hsv(x), "to_rgb": tf.image.hsv_to_rgb(h)},
            "feed": {x: xv, h: hv}}


@case
def gradients_variation_sobel(tf, rng):
    x, xv = _ph(tf, [2, 4, 5, 3], normal(rng, 2, 4, 5, 3))
    dy, dx = tf.image.image_gradients(x)
    return {"fetch": {"dy": dy, "dx": dx, "tv3": tf.image.total_variation(x[0]),
                      "tv4": tf.image.total_variation(x), "sobel": tf.image.sobel_edges(x)},
            "feed": {x: xv}}


@case
def crop_and_resize(tf, rng):
    x, xv = _ph(tf, [2, 6, 7, 3], normal(rng, 2, 6, 7, 3))
    boxes = np.array([[0.1, 0.2, 0.8, 0.9], [0.5, 0.6, 0.2, 0.1], [-0.2, -0.1, 1.3, 1.1],
                      [0.3, 0.3, 0.3, 0.7]], np.float32)
    return {"fetch": {
        "bilinear": tf.image.crop_and_resize(x, boxes, [0, 1, 1, 0], [4, 5],
                                             extrapolation_value=0.5),
        "nearest": tf.image.crop_and_resize(x, boxes, [0, 1, 1, 0], [3, 1], method="nearest"),
        "one": tf.image.crop_and_resize(x, boxes, [1, 0, 0, 1], [1, 1])},
        "feed": {x: xv}}


@case
def crop_and_resize_gradients(tf, rng):
    x, xv = _ph(tf, [2, 6, 7, 3], normal(rng, 2, 6, 7, 3))
    b, bv = _ph(tf, [3, 4], np.array([[0.13, 0.21, 0.77, 0.89], [0.61, 0.07, 0.29, 0.53],
                                      [-0.1, 0.3, 0.9, 1.2]], np.float32))
    y = tf.image.crop_and_resize(x, b, [1, 0, 1], [3, 4])
    w = tf.constant(normal(rng, 3, 3, 4, 3))
    gx, gb = tf.gradients(tf.reduce_sum(y * w), [x, b])
    return {"fetch": {"image": gx, "boxes": gb}, "feed": {x: xv, b: bv}, "names": False,
            "tol": 1e-4}


def _errors():
    cases = {
        "resize_rank2": (lambda tf: tf.image.resize_images(tf.zeros([5, 6]), [3, 4]),
                         "must have either 3 or 4 dimensions"),
        "resize_size3": (lambda tf: tf.image.resize_images(tf.zeros([5, 6, 1]), [3, 4, 5]),
                         "'size' must be a 1-D Tensor of 2 elements"),
        "resize_method": (lambda tf: tf.image.resize_images(tf.zeros([5, 6, 1]), [3, 4],
                                                            method=7),
                          "Resize method is not implemented"),
        "resize_op_rank": (lambda tf: tf.image.resize_bilinear(tf.zeros([4, 4, 1]), [2, 2]),
                           "Shape must be rank 4 but is rank 3"),
        "crop_too_big": (lambda tf: tf.image.crop_to_bounding_box(tf.zeros([5, 6, 3]), 4, 2, 3,
                                                                  3),
                         "height must be >= target + offset."),
        "pad_too_small": (lambda tf: tf.image.pad_to_bounding_box(tf.zeros([5, 6, 3]), 4, 2, 3,
                                                                  3),
                          "width must be <= target - offset"),
        "central_fraction": (lambda tf: tf.image.central_crop(tf.zeros([5, 6, 3]), 1.5),
                             "central_fraction must be within (0, 1]"),
        "flip_rank2": (lambda tf: tf.image.flip_left_right(tf.zeros([5, 6])),
                       "must be at least three-dimensional"),
        "gray_channels": (lambda tf: tf.image.grayscale_to_rgb(tf.zeros([4, 5, 3])),
                          "Last dimension of a grayscale image should be size 1."),
        "hsv_channels": (lambda tf: tf.image.rgb_to_hsv(tf.zeros([2, 4])),
                         "Dimension must be 3 but is 4"),
        "total_variation_rank": (lambda tf: tf.image.total_variation(tf.zeros([3, 4])),
                                 "'images' must be either 3 or 4-dimensional."),
    }
    for name, (build, fragment) in cases.items():
        case(name=name, error=fragment)(lambda tf, rng, build=build: build(tf))


_errors()
