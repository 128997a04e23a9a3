"""Entry point for ``funnel`` and ``python -m funnel``."""

from __future__ import annotations


def main() -> None:
    from funnel.cli import app

    app(prog_name="funnel")


if __name__ == "__main__":
    main()
