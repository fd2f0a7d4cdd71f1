"""Action plan: axes, actions, progress notes and indicators (AP1, AP2)."""
