"""A package: pytest (default import mode) names a test module by its file name unless its
folder is a package, and every feature folder has a test_queries.py."""
