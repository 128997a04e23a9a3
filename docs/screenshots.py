"""Remake the README's terminal screenshots: `due`, `show` and `report` on the demo store,
in English and Chinese, at 80 columns, as a terminal shows them (colours included).

    python docs/screenshots.py          # needs chromium (Debian package) on the PATH

Each command runs as a user would run it (its own process, a terminal's width and
colours); Rich turns the output into SVG (Chinese two cells wide, as funnel's own
``-o FILE.svg`` does) and headless Chromium photographs it into docs/*.png.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
SHOTS = {
    "due": ["due", "--within", "3"],
    "show": ["show", "3"],
    "report": ["report"],  # the funnel report; report-html-*.png: the same in a browser
}
LANGS = ("en", "zh")
WIDTH = 80


def main() -> None:
    from rich.console import Console
    from rich.text import Text

    from funnel.views import export

    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "XDG_DATA_HOME": f"{tmp}/data",
            "XDG_CONFIG_HOME": f"{tmp}/config",
            "COLUMNS": str(WIDTH),
            "FORCE_COLOR": "1",
            "TERM": "xterm-256color",
        }
        env.pop("NO_COLOR", None)
        funnel = [sys.executable, "-m", "funnel"]
        subprocess.run([*funnel, "demo"], env=env, check=True, capture_output=True)
        store = Path(tmp) / "data" / "funnel" / "demo.db"
        for name, args in SHOTS.items():
            for lang in LANGS:
                shown = subprocess.run(
                    [*funnel, "--db", str(store), "--no-pager", *args, "-f", "table"],
                    env={**env, "FUNNEL_LANG": lang},
                    check=True,
                    capture_output=True,
                    text=True,
                ).stdout
                with open(os.devnull, "w") as nowhere:
                    console = Console(
                        record=True, width=WIDTH, file=nowhere, color_system="truecolor"
                    )
                    console.print(Text.from_ansi(shown), end="")
                svg = export.svg_document(console, title=f"funnel {' '.join(args)}")
                _photograph(svg, HERE / f"{name}-{lang}.png", Path(tmp))
                print(HERE / f"{name}-{lang}.png")


def _photograph(svg: str, png: Path, tmp: Path) -> None:
    """Headless Chromium's screenshot of the SVG, at the SVG's own size."""
    width, height = (float(n) for n in re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups())  # type: ignore[union-attr]
    page = tmp / "shot.svg"
    page.write_text(svg, encoding="utf-8")
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            f"--user-data-dir={tmp}/chromium",
            f"--window-size={int(width) + 1},{int(height) + 1}",
            f"--screenshot={png}",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
    )


if __name__ == "__main__":
    main()
