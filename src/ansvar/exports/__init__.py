"""Data out: the organisation in the import's own columns (``organisation``), a person's own
data (``personal``), calendar feeds (``calendar``) and the lists of three pages as files
(``lists``, written by ``tables``)."""
