"""The outlet's side of sync: a transport to the central office and a typed client."""
