"""Subsidies, commitments and payments, conditional and in-kind contributions (FN1, FN2, FN4)."""
