"""`tensorflow.examples`: the tutorial helpers TF1 scripts import."""
