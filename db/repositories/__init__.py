"""Repositories: small classes over :class:`db.Database`, one per aggregate."""
