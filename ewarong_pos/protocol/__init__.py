"""Wire schemas shared by the outlet's sync client and the central office service."""
