"""Every kind of content the access module knows, registered by the domains' own `access`
modules. The app (main.py) and the command line (cli.py) import this explicitly, so every
kind is registered before anything is read, whatever a command happens to import; a kind
that is not registered is refused (fail closed)."""

from __future__ import annotations

from samklang.access.registry import KINDS
from samklang.gatherings import access as gatherings_access
from samklang.knowledge import access as knowledge_access
from samklang.learning import access as learning_access
from samklang.progress import access as progress_access
from samklang.sharing import access as sharing_access

DOMAINS = (gatherings_access, knowledge_access, learning_access, progress_access, sharing_access)

__all__ = ["DOMAINS", "KINDS"]
