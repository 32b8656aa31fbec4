"""Audit log: who did what, when and from where, for security-relevant and administrative acts."""
