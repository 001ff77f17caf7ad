"""The TF1 optimizers step by step against numpy re-implementations of their rules: dense
gradients, sparse (IndexedSlices) gradients with repeated and absent rows, learning rates as
tensors, the global step, and in-place updates of the session's arrays."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session

W0 = np.array([[1.0, -2.0], [0.5, 3.0], [-1.5, 0.25]], np.float32)
C = np.array([[0.3, 0.7], [1.1, 0.2], [0.4, 0.9]], np.float32)
STEPS = 5


class Rule:
    """A numpy optimizer: `step(var, grad, rows)` updates var and its slots in place (rows:
    the rows a sparse gradient names, None for a dense one)."""

    def __init__(self, var):
        self.var = var.astype(np.float64)
        self.t = 0


class GD(Rule):
    def __init__(self, var, lr):
        super().__init__(var)
        self.lr = lr

    def step(self, g, rows=None):
        self.var -= self.lr * g  # sparse: the densified gradient (ScatterSub)


class Momentum(Rule):
    def __init__(self, var, lr, momentum, nesterov=False):
        super().__init__(var)
        self.lr, self.m, self.nesterov = lr, momentum, nesterov
        self.accum = np.zeros_like(self.var)

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        self.accum[r] = self.accum[r] * self.m + g[r]
        if self.nesterov:
            self.var[r] -= self.lr * g[r] + self.lr * self.m * self.accum[r]
        else:
            self.var[r] -= self.lr * self.accum[r]

    def slots(self):
        return {"momentum": self.accum}


class Adam(Rule):
    def __init__(self, var, lr=0.001, b1=0.9, b2=0.999, eps=1e-8):
        super().__init__(var)
        self.lr, self.b1, self.b2, self.eps = lr, b1, b2, eps
        self.mm, self.v = np.zeros_like(self.var), np.zeros_like(self.var)

    def step(self, g, rows=None):  # sparse: the densified gradient, every row moves
        self.t += 1
        lr = self.lr * np.sqrt(1 - self.b2 ** self.t) / (1 - self.b1 ** self.t)
        self.mm = self.b1 * self.mm + (1 - self.b1) * g
        self.v = self.b2 * self.v + (1 - self.b2) * g * g
        self.var -= lr * self.mm / (np.sqrt(self.v) + self.eps)

    def slots(self):
        return {"m": self.mm, "v": self.v}


class RMSProp(Rule):
    def __init__(self, var, lr, decay=0.9, momentum=0.0, eps=1e-10, centered=False):
        super().__init__(var)
        self.lr, self.decay, self.mom_rate, self.eps = lr, decay, momentum, eps
        self.centered = centered
        self.ms, self.mg = np.ones_like(self.var), np.zeros_like(self.var)
        self.mom = np.zeros_like(self.var)

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        self.ms[r] = self.decay * self.ms[r] + (1 - self.decay) * g[r] ** 2
        denom = self.ms[r]
        if self.centered:
            self.mg[r] = self.decay * self.mg[r] + (1 - self.decay) * g[r]
            denom = denom - self.mg[r] ** 2
        self.mom[r] = self.mom_rate * self.mom[r] + self.lr * g[r] / np.sqrt(denom + self.eps)
        self.var[r] -= self.mom[r]

    def slots(self):
        out = {"rms": self.ms, "momentum": self.mom}
        if self.centered:
            out["mg"] = self.mg
        return out


class Adagrad(Rule):
    def __init__(self, var, lr, initial=0.1):
        super().__init__(var)
        self.lr, self.acc = lr, np.full_like(self.var, initial)

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        self.acc[r] += g[r] ** 2
        self.var[r] -= self.lr * g[r] / np.sqrt(self.acc[r])

    def slots(self):
        return {"accumulator": self.acc}


class Adadelta(Rule):
    def __init__(self, var, lr=0.001, rho=0.95, eps=1e-8):
        super().__init__(var)
        self.lr, self.rho, self.eps = lr, rho, eps
        self.acc, self.acc_upd = np.zeros_like(self.var), np.zeros_like(self.var)

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        self.acc[r] = self.rho * self.acc[r] + (1 - self.rho) * g[r] ** 2
        upd = np.sqrt(self.acc_upd[r] + self.eps) / np.sqrt(self.acc[r] + self.eps) * g[r]
        self.acc_upd[r] = self.rho * self.acc_upd[r] + (1 - self.rho) * upd ** 2
        self.var[r] -= self.lr * upd

    def slots(self):
        return {"accum": self.acc, "accum_update": self.acc_upd}


def _proximal(prox, lr, l1, l2):
    if l1 > 0:
        return np.sign(prox) * np.maximum(np.abs(prox) - lr * l1, 0) / (1 + l2 * lr)
    return prox / (1 + l2 * lr)


class ProximalGD(Rule):
    def __init__(self, var, lr, l1=0.0, l2=0.0):
        super().__init__(var)
        self.lr, self.l1, self.l2 = lr, l1, l2

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        self.var[r] = _proximal(self.var[r] - self.lr * g[r], self.lr, self.l1, self.l2)


class ProximalAdagrad(ProximalGD):
    def __init__(self, var, lr, initial=0.1, l1=0.0, l2=0.0):
        super().__init__(var, lr, l1, l2)
        self.acc = np.full_like(self.var, initial)

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        self.acc[r] += g[r] ** 2
        lr = self.lr / np.sqrt(self.acc[r])
        self.var[r] = _proximal(self.var[r] - lr * g[r], lr, self.l1, self.l2)

    def slots(self):
        return {"accumulator": self.acc}


class Ftrl(Rule):
    def __init__(self, var, lr, power=-0.5, initial=0.1, l1=0.0, l2=0.0, shrinkage=0.0):
        super().__init__(var)
        self.lr, self.power, self.l1, self.l2, self.shrinkage = lr, -power, l1, l2, shrinkage
        self.acc, self.linear = np.full_like(self.var, initial), np.zeros_like(self.var)

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        var, acc, g = self.var[r], self.acc[r], g[r]
        new_acc = acc + g * g
        self.linear[r] += g + 2 * self.shrinkage * var - (
            new_acc ** self.power - acc ** self.power) / self.lr * var
        linear = self.linear[r]
        quadratic = new_acc ** self.power / self.lr + 2 * self.l2
        self.var[r] = np.where(np.abs(linear) > self.l1,
                               (np.sign(linear) * self.l1 - linear) / quadratic, 0.0)
        self.acc[r] = new_acc

    def slots(self):
        return {"accum": self.acc, "linear": self.linear}


class AdagradDA(Rule):
    """Dual averaging at step 1 (the global step stays 0: minimize() is not given it)."""

    def __init__(self, var, lr, initial=0.1, l1=0.0, l2=0.0):
        super().__init__(var)
        self.lr, self.l1, self.l2 = lr, l1, l2
        self.g, self.gg = np.zeros_like(self.var), np.full_like(self.var, initial)

    def step(self, g, rows=None):
        r = slice(None) if rows is None else rows
        self.g[r] += g[r]
        self.gg[r] += g[r] ** 2
        shrunk = np.sign(-self.g[r]) * np.maximum(np.abs(self.g[r]) - self.l1, 0)
        self.var[r] = self.lr * shrunk / (self.l2 * self.lr + np.sqrt(self.gg[r]))

    def slots(self):
        return {"gradient_accumulator": self.g, "gradient_squared_accumulator": self.gg}


CONFIGS = {
    "gradient_descent": (lambda: tf.train.GradientDescentOptimizer(0.2),
                         lambda w: GD(w, 0.2)),
    "momentum": (lambda: tf.train.MomentumOptimizer(0.1, 0.9), lambda w: Momentum(w, 0.1, 0.9)),
    "nesterov": (lambda: tf.train.MomentumOptimizer(0.1, 0.9, use_nesterov=True),
                 lambda w: Momentum(w, 0.1, 0.9, nesterov=True)),
    "adam": (lambda: tf.train.AdamOptimizer(0.1), lambda w: Adam(w, 0.1)),
    "adam_defaults": (lambda: tf.train.AdamOptimizer(), lambda w: Adam(w)),
    "rmsprop": (lambda: tf.train.RMSPropOptimizer(0.05), lambda w: RMSProp(w, 0.05)),
    "rmsprop_momentum": (lambda: tf.train.RMSPropOptimizer(0.05, decay=0.8, momentum=0.5),
                         lambda w: RMSProp(w, 0.05, decay=0.8, momentum=0.5)),
    "rmsprop_centered": (lambda: tf.train.RMSPropOptimizer(0.05, momentum=0.3, epsilon=1e-6,
                                                           centered=True),
                         lambda w: RMSProp(w, 0.05, momentum=0.3, eps=1e-6, centered=True)),
    "adagrad": (lambda: tf.train.AdagradOptimizer(0.3), lambda w: Adagrad(w, 0.3)),
    "adagrad_initial": (lambda: tf.train.AdagradOptimizer(0.3, initial_accumulator_value=2.0),
                        lambda w: Adagrad(w, 0.3, 2.0)),
    "adadelta": (lambda: tf.train.AdadeltaOptimizer(1.0), lambda w: Adadelta(w, 1.0)),
    "adadelta_defaults": (lambda: tf.train.AdadeltaOptimizer(), lambda w: Adadelta(w)),
    "proximal_gd": (lambda: tf.train.ProximalGradientDescentOptimizer(
        0.2, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
                    lambda w: ProximalGD(w, 0.2, 0.05, 0.1)),
    "proximal_gd_plain": (lambda: tf.train.ProximalGradientDescentOptimizer(0.2),
                          lambda w: ProximalGD(w, 0.2)),
    "proximal_adagrad": (lambda: tf.train.ProximalAdagradOptimizer(
        0.3, l1_regularization_strength=0.05, l2_regularization_strength=0.1),
                         lambda w: ProximalAdagrad(w, 0.3, l1=0.05, l2=0.1)),
    "ftrl": (lambda: tf.train.FtrlOptimizer(0.3, l1_regularization_strength=0.05,
                                            l2_regularization_strength=0.1),
             lambda w: Ftrl(w, 0.3, l1=0.05, l2=0.1)),
    "ftrl_power": (lambda: tf.train.FtrlOptimizer(0.3, learning_rate_power=-0.7,
                                                  initial_accumulator_value=0.5),
                   lambda w: Ftrl(w, 0.3, power=-0.7, initial=0.5)),
    "ftrl_shrinkage": (lambda: tf.train.FtrlOptimizer(
        0.3, l1_regularization_strength=0.05, l2_shrinkage_regularization_strength=0.2),
                       lambda w: Ftrl(w, 0.3, l1=0.05, shrinkage=0.2)),
    "adagrad_da": (lambda: tf.train.AdagradDAOptimizer(
        0.3, tf.train.get_or_create_global_step(), l1_regularization_strength=0.05,
        l2_regularization_strength=0.1), lambda w: AdagradDA(w, 0.3, l1=0.05, l2=0.1)),
}


def _check(got_var, got_slots, rule):
    np.testing.assert_allclose(got_var, rule.var, rtol=1e-5, atol=1e-5)
    for name, want in getattr(rule, "slots", dict)().items():
        np.testing.assert_allclose(got_slots[name], want, rtol=1e-5, atol=1e-5, err_msg=name)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_dense_steps_match_numpy(config, backend):
    make, make_rule = CONFIGS[config]
    w = tf.Variable(W0, name="w")
    loss = tf.reduce_sum(0.5 * C * w * w)  # gradient C * w
    opt = make()
    train_op = opt.minimize(loss)
    rule = make_rule(W0)
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(STEPS):
            rule.step(C * rule.var)
            assert sess.run(train_op) is None
        got = sess.run(w)
        slots = {n: sess.run(opt.get_slot(w, n)) for n in opt.get_slot_names()}
    _check(got, slots, rule)


IDS = [[2, 0, 2], [1, 1], [0], [2, 1, 0, 2]]


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_sparse_steps_match_numpy(config, backend):
    make, make_rule = CONFIGS[config]
    w = tf.Variable(W0, name="w")
    ids = tf.placeholder(tf.int32, [None])
    coef = tf.placeholder(tf.float32, [None, 2])
    loss = tf.reduce_sum(tf.gather(w, ids) * coef)  # gradient rows: coef, at ids
    opt = make()
    grads = opt.compute_gradients(loss)
    assert isinstance(grads[0][0], tf.IndexedSlices)
    train_op = opt.apply_gradients(grads)
    rule = make_rule(W0)
    rng = np.random.RandomState(3)
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        for step in range(STEPS):
            rows = np.array(IDS[step % len(IDS)])
            c = rng.uniform(-1, 1, (len(rows), 2)).astype(np.float32)
            dense = np.zeros((3, 2))
            np.add.at(dense, rows, c)
            rule.step(dense, np.unique(rows))
            sess.run(train_op, {ids: rows, coef: c})
        got = sess.run(w)
        slots = {n: sess.run(opt.get_slot(w, n)) for n in opt.get_slot_names()}
    _check(got, slots, rule)


@pytest.mark.parametrize("make,moves", [
    (lambda: tf.train.MomentumOptimizer(0.1, 0.9), False),
    (lambda: tf.train.RMSPropOptimizer(0.1, momentum=0.9), False),
    (lambda: tf.train.AdamOptimizer(0.1), True),
])
def test_rows_absent_from_a_sparse_step(make, moves):
    w = tf.Variable(W0, name="w")
    ids = tf.placeholder(tf.int32, [None])
    train_op = make().minimize(tf.reduce_sum(tf.gather(w, ids)))
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op, {ids: [0, 1]})
        after_first = sess.run(w)
        sess.run(train_op, {ids: [1]})
        after_second = sess.run(w)
    assert not np.array_equal(after_first[0], W0[0])
    assert np.array_equal(after_first[2], W0[2])
    assert (not np.array_equal(after_second[0], after_first[0])) is moves
    assert not np.array_equal(after_second[1], after_first[1])


def test_learning_rate_tensor_callable_and_global_step(backend):
    w = tf.Variable(W0, name="w")
    lr = tf.placeholder(tf.float32, [])
    momentum = tf.Variable(0.5, trainable=False)
    step = tf.train.get_or_create_global_step()
    loss = tf.reduce_sum(0.5 * C * w * w)
    opt = tf.train.MomentumOptimizer(lr, lambda: momentum * 1.0)
    train_op = opt.minimize(loss, global_step=step)
    assert (train_op.name, train_op.type) == ("Momentum", "AssignAdd")
    rule = Momentum(W0, 0.0, 0.5)
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        for i in range(STEPS):
            rule.lr = 0.1 * (i + 1)
            rule.step(C * rule.var)
            assert sess.run(train_op, {lr: 0.1 * (i + 1)}) is None
        assert sess.run(step) == STEPS
        _check(sess.run(w), {"momentum": sess.run(opt.get_slot(w, "momentum"))}, rule)


def test_adam_beta_powers_after_steps():
    w = tf.Variable(W0, name="w")
    opt = tf.train.AdamOptimizer(0.1, beta1=0.8, beta2=0.9)
    train_op = opt.minimize(tf.reduce_sum(w * w))
    beta1_power, beta2_power = opt._get_beta_accumulators()
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run([beta1_power, beta2_power]) == pytest.approx([0.8, 0.9])
        for _ in range(3):
            sess.run(train_op)
        assert sess.run([beta1_power, beta2_power]) == pytest.approx([0.8 ** 4, 0.9 ** 4])


def test_every_variable_steps_from_the_pre_step_values():
    w1 = tf.Variable([[2.0]], name="w1")
    w2 = tf.Variable([[3.0]], name="w2")
    loss = tf.reduce_sum(tf.matmul(w1, w2))  # d/dw1 = w2, d/dw2 = w1
    train_op = tf.train.GradientDescentOptimizer(1.0).minimize(loss,
                                                                gate_gradients=0)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        assert sess.run([w1, w2]) == [[[-1.0]], [[1.0]]]


def test_updates_run_in_place(backend):
    w = tf.Variable(W0, name="w")
    opt = tf.train.AdamOptimizer(0.1)
    train_op = opt.minimize(tf.reduce_sum(0.5 * C * w * w))
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        variables = sess.resources.variables
        before = sess.run(w)
        sess.run(train_op)
        stored = {k: variables[k] for k in ("w", "w/Adam", "w/Adam_1")}
        first = sess.run([w, opt.get_slot(w, "m")])
        kept = [a.copy() for a in first]
        for _ in range(2):
            sess.run(train_op)
        assert all(variables[k] is v for k, v in stored.items())
        np.testing.assert_array_equal(before, W0)
        for a, b in zip(first, kept):
            np.testing.assert_array_equal(a, b)
        assert not np.array_equal(first[0], sess.run(w))


def test_sessions_keep_their_own_state():
    w = tf.Variable(W0, name="w")
    train_op = tf.train.MomentumOptimizer(0.1, 0.9).minimize(tf.reduce_sum(w))
    with session() as a, session() as b:
        a.run(tf.global_variables_initializer())
        b.run(tf.global_variables_initializer())
        for _ in range(3):
            a.run(train_op)
        b.run(train_op)
        assert not np.array_equal(a.run(w), b.run(w))
        np.testing.assert_allclose(b.run(w), W0 - 0.1, rtol=1e-6)


def test_float64_variables(backend):
    w = tf.Variable(W0.astype(np.float64), name="w")
    opt = tf.train.RMSPropOptimizer(0.05, momentum=0.2, centered=True)
    train_op = opt.minimize(tf.reduce_sum(0.5 * C.astype(np.float64) * w * w))
    assert [op.name for op in tf.get_default_graph().get_operations()
            if op.type == "Cast"] == ["RMSProp/update_w/Cast", "RMSProp/update_w/Cast_1",
                                      "RMSProp/update_w/Cast_2", "RMSProp/update_w/Cast_3"]
    rule = RMSProp(W0, np.float32(0.05), np.float32(0.9), np.float32(0.2), np.float32(1e-10),
                   centered=True)
    with session(backend) as sess:
        sess.run(tf.global_variables_initializer())
        for _ in range(STEPS):
            rule.step(C.astype(np.float64) * rule.var)
            sess.run(train_op)
        got = sess.run(w)
    assert got.dtype == np.float64
    np.testing.assert_allclose(got, rule.var, rtol=1e-9)
