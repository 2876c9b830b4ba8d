"""One cycle computed (pure), stored, and orchestrated (previous cycle, scenarios, simulation, backtest)."""
