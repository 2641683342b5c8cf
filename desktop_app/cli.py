"""``deepcuts-cli``: the headless face of Deep Cuts (docs/architecture.md, "The rooms").

``deepcuts-cli [--data-dir DIR] COMMAND [SUBCOMMAND] ARGS... [--json]``. With ``--json`` exactly
one JSON document goes to stdout; progress and logs go to stderr. Exit status: 0 success, 1 an
explained failure (one line on stderr), 2 bad usage.
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

from analysis.datadir import LOGS_DIR, resolve_data_dir
from analysis.errors import DeepCutsError
from desktop_app.commands import COMMAND_MODULES

log = logging.getLogger("deepcuts")


@dataclass
class CommandContext:
    """What every command receives besides its parsed arguments."""

    args: argparse.Namespace

    @property
    def json(self) -> bool:
        return bool(getattr(self.args, "json", False))

    @property
    def data_dir(self) -> Path:
        return resolve_data_dir(getattr(self.args, "data_dir", None))

    @property
    def show_progress(self) -> bool:
        """A progress bar only for a person at a terminal, never in scripts or JSON mode."""
        return sys.stderr.isatty()

    def emit(self, payload: Any, text: str | None = None) -> None:
        """Print the command's result: JSON when asked, else ``text`` (or a JSON dump)."""
        if self.json:
            sys.stdout.write(json.dumps(payload, ensure_ascii=False, default=_json_default))
            sys.stdout.write("\n")
        elif text is not None:
            if text:
                sys.stdout.write(text if text.endswith("\n") else text + "\n")
        else:
            sys.stdout.write(
                json.dumps(payload, ensure_ascii=False, indent=2, default=_json_default) + "\n"
            )
        sys.stdout.flush()


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "tolist"):
        return value.tolist()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2 (bad usage)
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(2)


def common_parent() -> argparse.ArgumentParser:
    """Options every command accepts wherever they appear on the line."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--json",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print exactly one JSON document on stdout",
    )
    parent.add_argument(
        "--data-dir",
        metavar="DIR",
        default=argparse.SUPPRESS,
        help="where Deep Cuts keeps its state (also DEEPCUTS_DATA_DIR)",
    )
    return parent


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="deepcuts-cli", description="Deep Cuts: discover the music already on your disk."
    )
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where Deep Cuts keeps its state (also DEEPCUTS_DATA_DIR)",
    )
    parser.add_argument(
        "--json",
        action="store_true",
        default=False,
        help="print exactly one JSON document on stdout",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log details on stderr")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    parent = common_parent()
    for name in COMMAND_MODULES:
        module = importlib.import_module(name)
        module.register(sub, parent)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    ctx = CommandContext(args)
    try:
        status = args.func(args, ctx)
    except DeepCutsError as exc:
        sys.stderr.write(f"deepcuts-cli: {exc}\n")
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("deepcuts-cli: interrupted; work done so far is saved\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # unexpected: log the traceback to a file, one line to the person
        where = _write_crash_log(args)
        sys.stderr.write(
            f"deepcuts-cli: unexpected error: {type(exc).__name__}: {exc} (details in {where})\n"
        )
        return 1
    return int(status or 0)


def _write_crash_log(args: argparse.Namespace) -> str:
    try:
        logs = resolve_data_dir(getattr(args, "data_dir", None)) / LOGS_DIR
        logs.mkdir(parents=True, exist_ok=True)
        path = logs / "deepcuts-cli.log"
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(traceback.format_exc())
            fh.write("\n")
        return str(path)
    except Exception:
        return "<no log: data directory not writable>"


if __name__ == "__main__":
    sys.exit(main())
