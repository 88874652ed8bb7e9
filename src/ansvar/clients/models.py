"""Client work: daily work items, collaboration decisions, criticism, competence (KA1-KA7)."""
