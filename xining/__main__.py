import sys

try:
    from xining.cli import run
except ModuleNotFoundError as error:
    if (error.name or "").startswith("xining"):
        raise
    # Run from a checkout whose dependencies are not installed: say so in one line.
    sys.stderr.write(
        f"error: xining needs '{error.name}', which is not installed; install xining with: pip install .\n"
    )
    sys.exit(1)

run()
