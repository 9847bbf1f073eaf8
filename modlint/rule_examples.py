"""Run the examples rules and check kinds carry (filled in below)."""
