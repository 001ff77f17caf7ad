"""Golden cases: conv. `tf.nn.conv2d`, `max_pool` and `avg_pool` (SAME/VALID, strides,
dilations, ksize/strides as ints or pairs), their build-time errors, and their gradients to
second order (Conv2DBackpropInput/Filter, MaxPoolGrad/GradGrad, AvgPoolGrad), names=False.

Only NHWC is recorded: TF's CPU kernels refuse NCHW (minitf runs it by transposing)."""
import numpy as np

from . import case, normal


def _ph(tf, shape, value):
    return tf.placeholder(tf.as_dtype(value.dtype), shape), value


def _distinct(rng, *shape):
    """Pooling inputs without ties, so that every window has one maximum on both sides."""
    n = int(np.prod(shape))
    return (rng.permutation(n).reshape(shape) * 0.25).astype(np.float32)


@case
def conv2d_paddings_and_strides(tf, rng):
    x, xv = _ph(tf, [None, 7, 6, 3], normal(rng, 2, 7, 6, 3))
    f = tf.constant(normal(rng, 3, 2, 3, 4))
    return {"fetch": {"same": tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME"),
                      "valid": tf.nn.conv2d(x, f, strides=[1, 1, 1, 1], padding="VALID"),
                      "same_s2": tf.nn.conv2d(x, f, [1, 2, 2, 1], "SAME", name="c"),
                      "valid_s23": tf.nn.conv2d(x, f, [1, 2, 3, 1], "VALID"),
                      "dilated": tf.nn.conv2d(x, f, [1, 1, 1, 1], "SAME",
                                              dilations=[1, 2, 2, 1]),
                      "dilated_valid": tf.nn.conv2d(x, f, [1, 1, 1, 1], "VALID",
                                                    dilations=[1, 2, 1, 1]),
                      "int_strides": tf.nn.conv2d(x, f, 2, "SAME")},
            "feed": {x: xv}}


@case
def conv2d_float64_and_unknown(tf, rng):
    x, xv = _ph(tf, [2, 5, 5, 2], normal(rng, 2, 5, 5, 2, dtype=np.float64))
    u, uv = _ph(tf, None, normal(rng, 1, 4, 3, 2))
    f = tf.constant(normal(rng, 2, 2, 2, 3, dtype=np.float64))
    return {"fetch": {"f64": tf.nn.conv2d(x, f, [1, 1, 1, 1], "VALID"),
                      "unknown": tf.nn.conv2d(u, tf.constant(normal(rng, 1, 3, 2, 2)),
                                              [1, 1, 1, 1], "SAME")},
            "feed": {x: xv, u: uv}}


@case
def pools(tf, rng):
    x, xv = _ph(tf, [None, 7, 6, 3], _distinct(rng, 2, 7, 6, 3))
    return {"fetch": {"max_same": tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
                      "max_valid": tf.nn.max_pool(x, ksize=[1, 2, 3, 1], strides=[1, 2, 1, 1],
                                                  padding="VALID", name="mp"),
                      "max_int": tf.nn.max_pool(x, 2, 2, "SAME"),
                      "avg_same": tf.nn.avg_pool(x, [1, 3, 2, 1], [1, 2, 2, 1], "SAME"),
                      "avg_valid": tf.nn.avg_pool(x, [1, 2, 2, 1], [1, 1, 2, 1], "VALID"),
                      "avg_pair": tf.nn.avg_pool(x, [2, 2], [1, 2], "SAME")},
            "feed": {x: xv}}


@case
def max_pool_ints(tf, rng):
    x = tf.constant(rng.randint(-9, 9, (1, 4, 5, 2)).astype(np.int32))
    return {"fetch": {"max": tf.nn.max_pool(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")}}


@case(error="Depth of input (3) is not a multiple of input depth of filter (4)")
def conv2d_depth_mismatch(tf, rng):
    tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 4, 1]), [1, 1, 1, 1], "SAME")


@case(error="Negative dimension size caused by subtracting 7 from 5")
def conv2d_filter_too_big(tf, rng):
    tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([7, 2, 3, 1]), [1, 1, 1, 1], "VALID")


@case(error="Shape must be rank 4 but is rank 3")
def conv2d_rank(tf, rng):
    tf.nn.conv2d(tf.zeros([1, 5, 5]), tf.zeros([2, 2, 3, 1]), [1, 1, 1, 1], "SAME")


@case(error="should be of length 1, 2 or 4")
def conv2d_strides_length(tf, rng):
    tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 3, 1]), [1, 1, 1], "SAME")


@case(error="Attr 'padding' of 'Conv2D' Op passed string 'FOO' not in")
def conv2d_bad_padding(tf, rng):
    tf.nn.conv2d(tf.zeros([1, 5, 5, 3]), tf.zeros([2, 2, 3, 1]), [1, 1, 1, 1], "FOO")


@case(error="ksize should be of length 1, 2 or 4")
def max_pool_ksize_length(tf, rng):
    tf.nn.max_pool(tf.zeros([1, 5, 5, 3]), [1, 2, 2], [1, 1, 1, 1], "SAME")


@case(error="Shape must be rank 4 but is rank 2")
def max_pool_rank(tf, rng):
    tf.nn.max_pool(tf.zeros([5, 3]), [1, 2, 2, 1], [1, 1, 1, 1], "SAME")


def _upstream(tf, rng, shape):
    return tf.constant(rng.standard_normal(shape).astype(np.float32))


@case
def conv2d_grads(tf, rng):
    x, xv = _ph(tf, [None, 5, 6, 3], normal(rng, 2, 5, 6, 3))
    f, fv = _ph(tf, [3, 2, 3, 4], normal(rng, 3, 2, 3, 4))
    outs = {}
    for key, strides, padding in (("same", [1, 2, 1, 1], "SAME"),
                                  ("valid", [1, 1, 2, 1], "VALID")):
        y = tf.nn.conv2d(x, f, strides, padding)
        dy = _upstream(tf, rng, [2] + y.shape.as_list()[1:])
        dx, df = tf.gradients(y, [x, f], grad_ys=dy)
        # second order: through Conv2DBackpropInput and Conv2DBackpropFilter
        w = _upstream(tf, rng, [2, 5, 6, 3])
        ddy, ddf = tf.gradients(tf.reduce_sum(dx * w) + tf.reduce_sum(df * df), [dy, f])
        outs[key] = [dx, df, ddy, ddf]
    return {"fetch": outs, "feed": {x: xv, f: fv}, "names": False, "tol": 1e-4}


@case
def pool_grads(tf, rng):
    x, xv = _ph(tf, [None, 5, 4, 3], _distinct(rng, 2, 5, 4, 3))
    outs, feeds = {}, {x: xv}
    for key, pool in (("max", tf.nn.max_pool), ("avg", tf.nn.avg_pool)):
        for padding in ("SAME", "VALID"):
            y = pool(x, [1, 3, 2, 1], [1, 2, 1, 1], padding)
            dy, dyv = _ph(tf, [None] + y.shape.as_list()[1:],
                          normal(rng, 2, *y.shape.as_list()[1:]))
            dx = tf.gradients(y, x, grad_ys=dy)[0]
            w = _upstream(tf, rng, [2, 5, 4, 3])
            # second order: MaxPoolGradGrad (and its MaxPoolGrad), AvgPool of AvgPoolGrad
            ddy = tf.gradients(tf.reduce_sum(dx * w), dy)[0]
            dw = tf.gradients(tf.reduce_sum(ddy * ddy), w)[0]
            outs[f"{key}_{padding}"] = [dx, ddy, dw]
            feeds[dy] = dyv
    return {"fetch": outs, "feed": feeds, "names": False}
