"""The libcst adapter: the only code that touches libcst. Parses a file, extracts its facts, drops the tree."""
