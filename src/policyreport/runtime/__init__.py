"""Build infrastructure: the output lock, process lifecycle and signals, signed caches and their codec, progress."""
