"""Data out: the organisation in the import's own columns (``organisation``)."""
