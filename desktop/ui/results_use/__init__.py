"""结果运用: the results-use records page and its record dialog."""
