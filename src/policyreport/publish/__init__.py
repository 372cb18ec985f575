"""Publishing: the last good report replaced only by a complete one; the deployable site."""
