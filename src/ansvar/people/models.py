"""People processes: recruitment, talks, salaries, coaching, rotation, separations (AO, VD3-4)."""
