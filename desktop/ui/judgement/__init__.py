"""研判运用: the written conclusion on a cadre with its cited facts, and the results-use records."""
