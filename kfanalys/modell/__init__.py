"""The model: pure functions on DataFrames (nuläge, flows, pension, projection, gap, recruitment, risk, ...)."""
