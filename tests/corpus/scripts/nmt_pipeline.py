"""NMT-tutorial-style pipeline: text files -> tf.data with vocab tables, bucketing by length,
an attention seq2seq model trained with TrainingHelper, decoded with beam search."""
import os, tempfile
import numpy as np
import tensorflow as tf

steps = int(os.environ.get("CORPUS_STEPS", 150))
rng = np.random.RandomState(0)
d = tempfile.mkdtemp()
words = ["w%d" % i for i in range(12)]
with open(os.path.join(d, "vocab.txt"), "w") as f:
    f.write("<unk>\n<s>\n</s>\n" + "\n".join(words) + "\n")
with open(os.path.join(d, "src.txt"), "w") as fs, open(os.path.join(d, "tgt.txt"), "w") as ft:
    for _ in range(400):
        n = rng.randint(2, 9)
        seq = [words[i] for i in rng.randint(0, 12, n)]
        fs.write(" ".join(seq) + "\n"); ft.write(" ".join(reversed(seq)) + "\n")

table = tf.contrib.lookup.index_table_from_file(os.path.join(d, "vocab.txt"), default_value=0)
sos_id = tf.cast(table.lookup(tf.constant("<s>")), tf.int32)
eos_id = tf.cast(table.lookup(tf.constant("</s>")), tf.int32)
src = tf.data.TextLineDataset(os.path.join(d, "src.txt"))
tgt = tf.data.TextLineDataset(os.path.join(d, "tgt.txt"))
ds = tf.data.Dataset.zip((src, tgt)).shuffle(100, seed=1).repeat()
ds = ds.map(lambda s, t: (tf.string_split([s]).values, tf.string_split([t]).values))
ds = ds.filter(lambda s, t: tf.logical_and(tf.size(s) > 0, tf.size(t) > 0))
ds = ds.map(lambda s, t: (tf.cast(table.lookup(s), tf.int32), tf.cast(table.lookup(t), tf.int32)))
ds = ds.map(lambda s, t: (s, tf.concat(([sos_id], t), 0), tf.concat((t, [eos_id]), 0)))
ds = ds.map(lambda s, ti, to: (s, ti, to, tf.size(s), tf.size(ti)))
batch_size = 16
def batching_func(x):
    return x.padded_batch(batch_size, padded_shapes=(tf.TensorShape([None]), tf.TensorShape([None]),
                          tf.TensorShape([None]), tf.TensorShape([]), tf.TensorShape([])),
                          padding_values=(eos_id, eos_id, eos_id, 0, 0))
def key_func(unused_1, unused_2, unused_3, src_len, tgt_len):
    bucket_id = tf.maximum(src_len // 3, tgt_len // 3)
    return tf.to_int64(tf.minimum(3, bucket_id))
def reduce_func(unused_key, windowed_data):
    return batching_func(windowed_data)
ds = ds.apply(tf.contrib.data.group_by_window(key_func=key_func, reduce_func=reduce_func, window_size=batch_size))
iterator = ds.make_initializable_iterator()
source, target_input, target_output, source_len, target_len = iterator.get_next()

V, E, H = 15, 16, 32
emb = tf.get_variable("embedding", [V, E])
with tf.variable_scope("encoder"):
    enc_out, enc_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(H), tf.nn.embedding_lookup(emb, source),
                                           sequence_length=source_len, dtype=tf.float32)
projection = tf.layers.Dense(V, use_bias=False, name="output_projection")
def decoder_cell(memory, memory_len, bs):
    att = tf.contrib.seq2seq.LuongAttention(H, memory, memory_sequence_length=memory_len)
    cell = tf.contrib.seq2seq.AttentionWrapper(tf.nn.rnn_cell.LSTMCell(H), att, attention_layer_size=H)
    return cell
with tf.variable_scope("decoder") as scope:
    cell = decoder_cell(enc_out, source_len, batch_size)
    bs = tf.shape(source)[0]
    init = cell.zero_state(bs, tf.float32).clone(cell_state=enc_state)
    helper = tf.contrib.seq2seq.TrainingHelper(tf.nn.embedding_lookup(emb, target_input), target_len)
    dec = tf.contrib.seq2seq.BasicDecoder(cell, helper, init, output_layer=projection)
    outputs, _, _ = tf.contrib.seq2seq.dynamic_decode(dec, scope=scope)
    logits = outputs.rnn_output
mask = tf.sequence_mask(target_len, tf.shape(target_output)[1], dtype=tf.float32)
loss = tf.contrib.seq2seq.sequence_loss(logits, target_output, mask)
params = tf.trainable_variables()
grads, _ = tf.clip_by_global_norm(tf.gradients(loss, params), 5.0)
train = tf.train.AdamOptimizer(0.01).apply_gradients(zip(grads, params))

# beam search inference on one source sentence
infer_src = tf.placeholder(tf.string, [None])
ids = tf.cast(table.lookup(tf.string_split(infer_src).values), tf.int32)[None, :]
with tf.variable_scope("encoder", reuse=True):
    ie_out, ie_state = tf.nn.dynamic_rnn(tf.nn.rnn_cell.LSTMCell(H), tf.nn.embedding_lookup(emb, ids), dtype=tf.float32)
beam = 3
with tf.variable_scope("decoder", reuse=True) as scope:
    mem = tf.contrib.seq2seq.tile_batch(ie_out, beam)
    st = tf.contrib.seq2seq.tile_batch(ie_state, beam)
    ml = tf.contrib.seq2seq.tile_batch(tf.shape(ids)[1:2], beam)
    icell = decoder_cell(mem, ml, beam)
    iinit = icell.zero_state(beam, tf.float32).clone(cell_state=st)
    bdec = tf.contrib.seq2seq.BeamSearchDecoder(icell, emb, tf.fill([1], sos_id), eos_id, iinit, beam, output_layer=projection)
    bout, _, _ = tf.contrib.seq2seq.dynamic_decode(bdec, maximum_iterations=12, scope=scope)
rev = tf.contrib.lookup.index_to_string_table_from_file(os.path.join(d, "vocab.txt"))
words_out = rev.lookup(tf.to_int64(bout.predicted_ids[0, :, 0]))

with tf.Session() as sess:
    sess.run([tf.global_variables_initializer(), tf.tables_initializer()])
    sess.run(iterator.initializer)
    for step in range(steps):
        _, l = sess.run([train, loss])
        if step % 25 == 0 or step == steps - 1:
            print("step %d loss %.4f" % (step, l))
    print(b" ".join(sess.run(words_out, {infer_src: ["w1 w2 w3 w4"]})).decode())
