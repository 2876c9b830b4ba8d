"""The workshop workbooks written for the nämnder."""
