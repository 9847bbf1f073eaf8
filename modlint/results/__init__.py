"""Stage 5: results. The report, its scope, suppressions, baselines, fingerprints and fixes."""
