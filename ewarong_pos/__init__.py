"""e-Warong POS: point of sale for the outlets of Indonesia's non-cash food aid (BPNT)."""

__version__ = "0.1.0"
