"""Case import: readers, header detection, column mapping, value parsing, row validation."""
