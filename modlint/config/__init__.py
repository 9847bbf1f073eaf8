"""Stage 1: configuration. ``[tool.modlint]`` settings, rule files, the merged rule set, rule selection."""
