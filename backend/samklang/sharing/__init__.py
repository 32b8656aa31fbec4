"""Sharing: feed, follows, comments, reactions, mentor queue, notifications, live events."""

from samklang.sharing import access as access  # registers its kinds with the access module
