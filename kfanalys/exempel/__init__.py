"""The synthetic Exempelkommun."""
