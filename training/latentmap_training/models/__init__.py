"""Networks: entropy models, layered codecs, task heads and the RGB baseline."""
