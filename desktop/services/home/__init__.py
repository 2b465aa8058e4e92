"""工作台: what is left to do today, gathered from the other features' records."""
