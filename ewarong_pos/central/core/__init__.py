"""Plumbing of the central service: settings, database, security, rate limits."""
