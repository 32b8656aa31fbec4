"""Knowledge: questions answered in writing, FAQ, resource bank, search."""
