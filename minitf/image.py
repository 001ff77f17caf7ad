"""`tf.image`: re-exports TF 1.15's `tf.image.*` names that minitf implements (their ops and
builders are in minitf/ops/image_ops.py); `tf.image.random_crop` is `tf.random_crop`."""
from .ops.image_ops import (ResizeMethod, adjust_brightness, adjust_contrast,  # noqa: F401
                            central_crop, convert_image_dtype, crop_and_resize,
                            crop_to_bounding_box, flip_left_right, flip_up_down,
                            grayscale_to_rgb, hsv_to_rgb, image_gradients,
                            pad_to_bounding_box, per_image_standardization,
                            random_flip_left_right, random_flip_up_down, resize_bilinear,
                            resize_image_with_crop_or_pad, resize_images,
                            resize_nearest_neighbor, rgb_to_grayscale, rgb_to_hsv, rot90,
                            sobel_edges, total_variation, transpose)
from .ops.image_ops import resize_images as resize  # noqa: F401
from .ops.image_ops import transpose as transpose_image  # noqa: F401
from .ops.random import random_crop  # noqa: F401
