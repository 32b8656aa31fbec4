"""Following progress: programme overview, workspace progress, reports, what it took."""
