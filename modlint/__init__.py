"""modlint: a static architecture linter for Python modular-monolith applications."""

__version__ = "0.1.0"
