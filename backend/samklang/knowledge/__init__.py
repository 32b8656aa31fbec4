"""Knowledge: questions answered in writing, FAQ, resource bank, search."""

from samklang.knowledge import access as access  # registers its kinds with the access module
