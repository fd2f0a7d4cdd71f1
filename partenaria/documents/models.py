"""Generated documents (CV10): templates rendered as DOCX and PDF, each version stored with its hash."""
