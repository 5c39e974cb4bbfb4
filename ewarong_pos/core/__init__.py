"""Pure-Python rules of the programme: money, identifiers, entitlement, journal hashing."""
