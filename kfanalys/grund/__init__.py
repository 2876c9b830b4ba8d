"""Small building blocks shared by the rest of kfanalys (no domain logic)."""
