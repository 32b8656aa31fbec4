"""What other domains call to tell users something (in the app, and by email per setting).

The contract (other domains depend on this signature; the sharing domain implements it in
sharing/notifications.py): `notify` records one notification per recipient in the same
transaction; each recipient's email setting (at once, daily, weekly, never) decides whether
and when an email follows. It never notifies the actor themself, nor anyone who may not read
the target (checked through the access module again at every later use: the in-app list, the
unread count, digests). Calling it twice for the same (recipient, kind, target, actor)
records one notification. Live events follow after the transaction commits.
`target_type`/`target_id` name what the notification is about (e.g. "question"); `url` is
the app path that opens it (e.g. "/faq#q-<id>"); `comment_id` the comment whose words it
carries, if any (its readers are those of the comment).
"""

from __future__ import annotations

from samklang.sharing.notifications import record as notify

__all__ = ["notify"]
