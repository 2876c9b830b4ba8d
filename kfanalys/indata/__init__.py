"""Inputs: kommun.yaml, reading and validating the register, population and workshop workbooks."""
