"""Curation layer: read and write data/ (canonical TSV) and validate it into a list of problems."""

from painkg.curation.tsv import LoadedData, Problem, read_dataset, render_file, write_dataset
from painkg.curation.validate import validate

__all__ = ["LoadedData", "Problem", "read_dataset", "render_file", "validate", "write_dataset"]
