"""Allow ``python -m modlint``."""

from modlint.cli import main

main()
