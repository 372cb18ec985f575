"""Reading the corpus: files, decoding, text cleaning, numerals, word segmentation."""
