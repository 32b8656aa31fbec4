"""Scheduled jobs: what they do (tasks.py) and when, once per period (scheduler.py)."""
