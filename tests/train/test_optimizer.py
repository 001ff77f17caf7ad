"""tf.train.Optimizer's interface as TF 1.15 has it: compute_gradients, apply_gradients and
minimize, their names (update ops, slots, the returned op), collections, colocation, slots and
non-slot variables, hyper-parameters as numbers, tensors or callables, and TF's errors."""
import numpy as np
import pytest

import minitf as tf
from tests.harness import session


def _model():
    w = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w")
    b = tf.Variable([0.1, -0.2], name="b")
    loss = tf.reduce_sum(tf.square(w) * 0.5) + tf.reduce_sum(b * b)
    return w, b, loss


def _ops(start=0):
    return [(op.name, op.type) for op in tf.get_default_graph().get_operations()[start:]]


def test_gate_constants_and_name():
    opt = tf.train.GradientDescentOptimizer(0.1)
    assert (opt.GATE_NONE, opt.GATE_OP, opt.GATE_GRAPH) == (0, 1, 2)
    assert tf.train.Optimizer.GATE_OP == 1 and opt.get_name() == "GradientDescent"
    assert isinstance(opt, tf.train.Optimizer)
    with pytest.raises(ValueError, match="Must specify the optimizer name"):
        tf.train.MomentumOptimizer(0.1, 0.9, name=None)


def test_compute_gradients_pairs_and_defaults():
    w, b, loss = _model()
    unused = tf.Variable(1.0, name="unused")
    frozen = tf.Variable(2.0, name="frozen", trainable=False)
    pairs = tf.train.GradientDescentOptimizer(0.1).compute_gradients(loss + frozen)
    assert [v for _, v in pairs] == [w, b, unused]
    assert pairs[2][0] is None and all(isinstance(g, tf.Tensor) for g, _ in pairs[:2])
    by_dict = tf.train.GradientDescentOptimizer(0.1).compute_gradients(
        loss, var_list={"z": w, "a": (b,)})
    assert [v for _, v in by_dict] == [b, w]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        gw, gb = sess.run([pairs[0][0], pairs[1][0]])
    np.testing.assert_allclose(gw, [[1.0, -2.0], [0.5, 3.0]])
    np.testing.assert_allclose(gb, [0.2, -0.4], rtol=1e-6)


def test_compute_gradients_gating():
    x = tf.placeholder(tf.float32, [2, 2], name="x")
    w = tf.Variable(np.eye(2, dtype=np.float32), name="w")
    loss = tf.reduce_sum(tf.matmul(x, w))
    opt = tf.train.GradientDescentOptimizer(0.1)
    n = len(tf.get_default_graph().get_operations())
    opt.compute_gradients(loss)
    assert any(name.startswith("gradients/MatMul_grad/tuple/") for name, _ in _ops(n))
    n = len(tf.get_default_graph().get_operations())
    opt.compute_gradients(loss, gate_gradients=opt.GATE_NONE)
    assert not any("/tuple/" in name for name, _ in _ops(n))
    n = len(tf.get_default_graph().get_operations())
    (grad, _), = opt.compute_gradients(loss, gate_gradients=opt.GATE_GRAPH)
    assert grad.name == "tuple/control_dependency:0"
    with pytest.raises(ValueError, match="gate_gradients must be one of: Optimizer.GATE_NONE, "
                                         "Optimizer.GATE_OP, Optimizer.GATE_GRAPH.  Not 3"):
        opt.compute_gradients(loss, gate_gradients=3)


def test_compute_gradients_of_tensors_grad_loss_and_callable_loss():
    w, b, loss = _model()
    x = tf.constant([1.0, 2.0], name="x")
    opt = tf.train.AdamOptimizer()
    (gx, vx), = opt.compute_gradients(tf.reduce_sum(x * x), var_list=[x])
    (gw, _), = opt.compute_gradients(loss, var_list=[w], grad_loss=tf.constant(2.0))
    (gb, _), = opt.compute_gradients(lambda: tf.reduce_sum(b * 3.0), var_list=[b])
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(gx).tolist() == [2.0, 4.0] and vx is x
        np.testing.assert_allclose(sess.run(gw), [[2.0, -4.0], [1.0, 6.0]])
        assert sess.run(gb).tolist() == [3.0, 3.0]
    with pytest.raises(NotImplementedError, match="Trying to update a Tensor"):
        opt.apply_gradients([(gx, x)])
    with pytest.raises(NotImplementedError, match="Trying to optimize unsupported type"):
        opt.compute_gradients(loss, var_list=["w"])


def test_compute_gradients_errors():
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="No variables to optimize."):
        opt.compute_gradients(tf.constant(1.0) * 2.0)
    with pytest.raises(ValueError, match=r"Invalid type tf.int32 for Const_1:0, expected: "
                                         r"\[tf.float32, tf.float64, tf.float16, "
                                         r"tf.bfloat16\]."):
        opt.compute_gradients(tf.constant(1))
    loss = _model()[2]
    with pytest.raises(ValueError, match="Invalid type tf.int32 for grad_loss"):
        opt.compute_gradients(loss, grad_loss=tf.constant(1, name="grad_loss"))


def test_minimize_without_gradients():
    _model()
    loss = tf.constant(3.0, name="loss") * 2.0
    with pytest.raises(ValueError) as e:
        tf.train.AdamOptimizer().minimize(loss)
    assert str(e.value) == (
        "No gradients provided for any variable, check your graph for ops that do not support "
        "gradients, between variables [\"<tf.Variable 'w:0' shape=(2, 2) dtype=float32_ref>\", "
        "\"<tf.Variable 'b:0' shape=(2,) dtype=float32_ref>\"] and loss "
        "Tensor(\"mul_2:0\", shape=(), dtype=float32).")
    assert not [op for op in tf.get_default_graph().get_operations() if "Adam" in op.name]


def test_apply_gradients_errors():
    w, b, _ = _model()
    opt = tf.train.GradientDescentOptimizer(0.1)
    with pytest.raises(ValueError, match="No variables provided."):
        opt.apply_gradients([])
    with pytest.raises(ValueError) as e:
        opt.apply_gradients([(None, w), (None, b)])
    assert str(e.value) == ("No gradients provided for any variable: [\"<tf.Variable 'w:0' "
                            "shape=(2, 2) dtype=float32_ref>\", \"<tf.Variable 'b:0' "
                            "shape=(2,) dtype=float32_ref>\"].")
    with pytest.raises(TypeError, match="Gradient must be convertible to a Tensor or "
                                        "IndexedSlices, or None: <object"):
        opt.apply_gradients([(object(), w)])
    with pytest.raises(ValueError, match="Dimension 0 in both shapes must be equal"):
        opt.apply_gradients([(tf.ones([3, 2]), w)])


def test_apply_gradients_names_and_collections():
    w, b, _ = _model()
    opt = tf.train.MomentumOptimizer(0.1, 0.9)
    n = len(tf.get_default_graph().get_operations())
    train_op = opt.apply_gradients([(tf.ones([2, 2]), w), (None, b)])
    assert (train_op.name, train_op.type) == ("Momentum", "NoOp")
    assert _ops(n) == [
        ("ones", "Const"), ("w/Momentum/Initializer/zeros", "Const"),
        ("w/Momentum", "VariableV2"), ("w/Momentum/Assign", "Assign"),
        ("w/Momentum/read", "Identity"), ("Momentum/learning_rate", "Const"),
        ("Momentum/momentum", "Const"), ("Momentum/update_w/ApplyMomentum", "ApplyMomentum"),
        ("Momentum", "NoOp")]
    assert [op.name for op in train_op.control_inputs] == ["Momentum/update_w/ApplyMomentum"]
    slot = opt.get_slot(w, "momentum")
    assert slot.name == "w/Momentum:0" and not slot.trainable
    assert opt.get_slot(b, "momentum") is None and opt.get_slot(w, "m") is None
    assert opt.get_slot_names() == ["momentum"] and opt.variables() == [slot]
    assert tf.global_variables() == [w, b, slot] and tf.trainable_variables() == [w, b]
    assert slot.op.colocation_groups() == [b"loc:@w"]
    update = tf.get_default_graph().get_operation_by_name("Momentum/update_w/ApplyMomentum")
    assert update.colocation_groups() == [b"loc:@w"]
    named = opt.apply_gradients([(tf.ones([2]), b)], name="train")
    again = opt.apply_gradients([(tf.ones([2]), b)])
    assert (named.name, again.name) == ("train", "Momentum_1")
    assert tf.get_collection(tf.GraphKeys.TRAIN_OP) == [train_op, named, again]
    assert opt.get_slot(b, "momentum").name == "b/Momentum:0"


def test_apply_gradients_with_global_step():
    w = _model()[0]
    step = tf.train.get_or_create_global_step()
    opt = tf.train.AdagradOptimizer(0.5)
    train_op = opt.apply_gradients([(tf.ones([2, 2]), w)], global_step=step, name="train")
    assert (train_op.name, train_op.type) == ("train", "AssignAdd")
    graph = tf.get_default_graph()
    value = graph.get_operation_by_name("train/value")
    assert [op.name for op in value.control_inputs] == ["train/update"]
    assert train_op.colocation_groups() == [b"loc:@global_step"]
    assert graph.get_operation_by_name("w/Adagrad/Initializer/Const").type == "Const"
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        assert sess.run(train_op) is None and sess.run(train_op) is None
        assert sess.run(step) == 2
        np.testing.assert_allclose(sess.run(opt.get_slot(w, "accumulator")), 2.1, rtol=1e-6)


def test_adam_non_slot_variables():
    w, b, _ = _model()
    opt = tf.train.AdamOptimizer()
    with tf.name_scope("train"):
        opt.apply_gradients([(tf.ones([2, 2]), w), (tf.ones([2]), b)])
    names = [v.name for v in tf.global_variables()]
    assert names == ["w:0", "b:0", "train/beta1_power:0", "train/beta2_power:0", "w/Adam:0",
                     "w/Adam_1:0", "b/Adam:0", "b/Adam_1:0"]
    beta1_power, beta2_power = opt._get_beta_accumulators()
    assert beta1_power.op.colocation_groups() == beta2_power.op.colocation_groups() == [b"loc:@b"]
    assert not beta1_power.trainable
    assert [v.name for v in opt.variables()] == sorted(names[2:])
    opt.apply_gradients([(tf.ones([2]), b)])
    assert len(tf.global_variables()) == 8
    with tf.Graph().as_default():
        v = tf.Variable(1.0, name="v")
        opt.apply_gradients([(tf.constant(1.0), v)])
        assert [x.name for x in opt.variables()] == ["beta1_power:0", "beta2_power:0",
                                                    "v/Adam:0", "v/Adam_1:0"]
    assert len(opt.variables()) == 6


def test_slots_of_each_optimizer():
    w, _, _ = _model()
    cases = [(tf.train.GradientDescentOptimizer(0.1), {}),
             (tf.train.MomentumOptimizer(0.1, 0.9), {"momentum": "w/Momentum:0"}),
             (tf.train.AdamOptimizer(), {"m": "w/Adam:0", "v": "w/Adam_1:0"}),
             (tf.train.RMSPropOptimizer(0.1), {"rms": "w/RMSProp:0",
                                               "momentum": "w/RMSProp_1:0"}),
             (tf.train.RMSPropOptimizer(0.1, centered=True, name="C"),
              {"rms": "w/C:0", "mg": "w/C_1:0", "momentum": "w/C_2:0"}),
             (tf.train.AdagradOptimizer(0.1), {"accumulator": "w/Adagrad:0"}),
             (tf.train.AdadeltaOptimizer(), {"accum": "w/Adadelta:0",
                                             "accum_update": "w/Adadelta_1:0"})]
    for opt, slots in cases:
        opt.apply_gradients([(tf.ones([2, 2]), w)])
        assert opt.get_slot_names() == sorted(slots)
        assert {n: opt.get_slot(w, n).name for n in slots} == slots
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        rms = cases[3][0].get_slot(w, "rms")
        acc = cases[5][0].get_slot(w, "accumulator")
        assert sess.run(rms).tolist() == [[1.0, 1.0]] * 2
        np.testing.assert_allclose(sess.run(acc), 0.1)


def test_hyper_parameters_as_tensors_and_callables():
    w, _, _ = _model()
    lr = tf.placeholder(tf.float32, [], name="lr")
    calls = []

    def momentum():
        calls.append(1)
        return 0.5
    opt = tf.train.MomentumOptimizer(lr, momentum)
    assert not calls
    n = len(tf.get_default_graph().get_operations())
    train_op = opt.apply_gradients([(tf.ones([2, 2]), w)])
    assert calls == [1]
    update = tf.get_default_graph().get_operation_by_name("Momentum/update_w/ApplyMomentum")
    assert update.inputs[2] is lr and update.inputs[4].name == "Momentum/momentum:0"
    assert ("Momentum/learning_rate", "Const") not in _ops(n)
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op, {lr: 0.5})
        sess.run(train_op, {lr: 0.25})
        np.testing.assert_allclose(sess.run(w), [[1.0, -2.0], [0.5, 3.0]] - np.float32(0.875),
                                   rtol=1e-6)


def test_constraints_and_sparse_gradients():
    w = tf.Variable([[1.0, -2.0], [0.5, 3.0]], name="w", constraint=lambda v: tf.abs(v))
    opt = tf.train.GradientDescentOptimizer(1.0)
    train_op = opt.apply_gradients([(tf.constant([[2.0, 0.0], [0.0, 0.0]]), w)])
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        assert sess.run(w).tolist() == [[1.0, 2.0], [0.5, 3.0]]
    sparse = tf.IndexedSlices(tf.ones([1, 2]), tf.constant([0]))
    with pytest.raises(RuntimeError, match="Cannot use a constraint function on a sparse "
                                           "variable."):
        opt.apply_gradients([(sparse, w)])


def test_sparse_update_graphs():
    w = tf.Variable(np.zeros((4, 2), np.float32), name="w")
    grad = tf.IndexedSlices(tf.ones([3, 2]), tf.constant([1, 3, 1]), tf.constant([4, 2]))
    n = len(tf.get_default_graph().get_operations())
    tf.train.GradientDescentOptimizer(0.5).apply_gradients([(grad, w)])
    assert [t for _, t in _ops(n)] == ["Const", "Mul", "ScatterSub", "NoOp"]
    n = len(tf.get_default_graph().get_operations())
    tf.train.AdagradOptimizer(0.5).apply_gradients([(grad, w)])
    assert ("Adagrad/update_w/Unique", "Unique") in _ops(n)
    assert ("Adagrad/update_w/SparseApplyAdagrad", "SparseApplyAdagrad") in _ops(n)
    n = len(tf.get_default_graph().get_operations())
    tf.train.AdamOptimizer(0.5).apply_gradients([(grad, w)])
    assert [t for name, t in _ops(n)
            if name.startswith("Adam/") and t.startswith(("Scatter", "Assign"))] == [
        "Assign", "ScatterAdd", "Assign", "ScatterAdd", "AssignSub", "Assign", "Assign"]
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(tf.get_collection(tf.GraphKeys.TRAIN_OP)[0])
        assert sess.run(w).tolist() == [[0, 0], [-1, -1], [0, 0], [-0.5, -0.5]]


def test_variables_of_unknown_shape_get_slots():
    u = tf.Variable(np.ones((2, 3), np.float32), validate_shape=False, name="u")
    opt = tf.train.AdadeltaOptimizer(1.0)
    train_op = opt.minimize(tf.reduce_sum(u * 2.0), var_list=[u])
    slot = opt.get_slot(u, "accum")
    assert slot.name == "u/Adadelta:0" and slot.shape.ndims is None
    with session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train_op)
        assert sess.run(slot).shape == (2, 3)
