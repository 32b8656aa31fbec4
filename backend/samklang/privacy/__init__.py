"""A person's own data: download it all (export) and delete the account."""
