# The two set-up commands (README): `make demo` and `make test`.
.PHONY: demo test install lint

install:
	scripts/bootstrap

demo: install
	.venv/bin/anping migrate
	.venv/bin/anping demo
	.venv/bin/anping serve

test:
	scripts/test

lint: install
	.venv/bin/ruff check src tests benchmarks && .venv/bin/ruff format --check src tests benchmarks
