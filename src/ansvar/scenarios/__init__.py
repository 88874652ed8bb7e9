"""Policy scenario files (ACTIONS.md): load and validate them, then run their cases."""
