"""Write the Ånge 2023 example: plan.xlsx and inbox/ with the departments' workbooks as received.

    python examples/ange2023/make_inbox.py              # the inbox as first received, with mistakes
    python examples/ange2023/make_inbox.py --corrected  # every department answered correctly, into corrected/

The answers are the seed report's (malxl/data/ange2023.json); the departments
are invented, since the seed names none.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from malxl.example import write_example

HERE = Path(__file__).resolve().parent


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corrected", action="store_true", help="write the corrected answers instead")
    parser.add_argument("--out", type=Path, help="folder to write into (default: this folder, or corrected/)")
    args = parser.parse_args(argv)
    out = args.out or (HERE / "corrected" if args.corrected else HERE)
    paths = write_example(out, mistakes=not args.corrected)
    print(f"Wrote {paths['plan']} and {len(list(paths['inbox'].iterdir()))} files in {paths['inbox']}")


if __name__ == "__main__":
    main()
