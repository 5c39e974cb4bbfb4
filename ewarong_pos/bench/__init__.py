"""`ewarong bench`: Jakarta-scale benchmarks, each against a baseline measured in the same run."""
