"""Reports: the data a report reads, one function per section, tables, figures, the batch."""
