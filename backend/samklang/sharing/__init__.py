"""Sharing: feed, follows, comments, reactions, mentor queue, notifications, live events."""
