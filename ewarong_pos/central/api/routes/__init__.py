"""Route modules of the central API, one per concern."""
