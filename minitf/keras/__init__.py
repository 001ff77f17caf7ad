"""`tf.keras`: only the data utilities of TF 1.15's Keras that TF1 text tutorials use with
graph code (`preprocessing.sequence.pad_sequences`, `preprocessing.text.Tokenizer`,
`utils.to_categorical`, `backend.clear_session`). minitf has no Keras layers or models: any
other name raises AttributeError (MissingSymbolError under `python -m minitf run`)."""
from . import backend, preprocessing, utils  # noqa: F401

__all__ = ["backend", "preprocessing", "utils"]
