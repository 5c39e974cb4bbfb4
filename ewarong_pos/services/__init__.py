"""Use cases of the outlet (Qt-free): each takes a `Context` and returns frozen dataclasses."""
