"""`python -m vanban`: the same as the `vanban` command."""
from vanban.cli import run

if __name__ == "__main__":
    run()
