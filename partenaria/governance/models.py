"""Bodies, seats, meetings, minutes, decisions and representation (GV1-GV5)."""
