# Convenience wrappers around the two README commands.
.PHONY: setup test rapporter exempel benchmark
setup:
	bash scripts/setup.sh
test:
	bash scripts/test.sh
rapporter:
	bash scripts/rapporter.sh
exempel: setup
	.venv/bin/kfanalys exempel data/raw/exempelkommun
benchmark: setup
	.venv/bin/python benchmarks/berakning.py
	.venv/bin/python benchmarks/rapporter.py
