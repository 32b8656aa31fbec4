"""Following progress: programme overview, workspace progress, reports, what it took."""

from samklang.progress import access as access  # registers its kinds with the access module
