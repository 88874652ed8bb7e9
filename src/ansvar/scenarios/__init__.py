"""Policy scenario files (docs/scenarios.md): load and validate them, then run their cases."""
