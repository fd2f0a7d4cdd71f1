"""Diplomas, host sites, campaigns, applications, placements and agreements, gratification (IN1-IN10)."""
