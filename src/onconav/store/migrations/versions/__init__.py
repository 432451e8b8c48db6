"""Migration scripts, one per schema change. Never edit one that has been released."""
