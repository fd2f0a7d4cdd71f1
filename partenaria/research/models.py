"""Research-action projects, methodology targets, deliverables, funding search, study requests (RS1-RS5)."""
