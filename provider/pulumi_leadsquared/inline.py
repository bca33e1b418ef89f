"""Run a Pulumi project's Python program with the Pulumi CLI alone.

`pulumi up` on a Python project needs the Python language host
(`pulumi-language-python`) beside the CLI. Where only the CLI is installed, this
command runs the project's `__main__.py` through the Automation API's inline
mode instead: the program runs in this process and the real CLI drives the
deployment (plan, diff, state, providers) exactly as `pulumi up` would.

    lsq-pulumi up --cwd . --stack dev
    lsq-pulumi preview --expect-no-changes
    lsq-pulumi refresh | destroy | outputs

The stack is created if it does not exist. Stack config (`Pulumi.<stack>.yaml`)
is read from the project folder as usual.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path
from typing import Any

import yaml
from pulumi import automation as auto


def _program(project: Path) -> auto.PulumiFn:
    def run() -> None:
        sys.path.insert(0, str(project))
        try:
            runpy.run_path(str(project / "__main__.py"), run_name="__main__")
        finally:
            sys.path.remove(str(project))

    return run


def stack_for(project: Path, stack_name: str) -> auto.Stack:
    """Create or select a stack of the project in `project`, as an inline program."""
    settings = yaml.safe_load((project / "Pulumi.yaml").read_text())
    return auto.create_or_select_stack(
        stack_name=stack_name,
        project_name=str(settings["name"]),
        program=_program(project),
        opts=auto.LocalWorkspaceOptions(work_dir=str(project)),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="lsq-pulumi", description=__doc__.split("\n")[0]
    )
    parser.add_argument(
        "command", choices=["up", "preview", "refresh", "destroy", "outputs"]
    )
    parser.add_argument("--cwd", type=Path, default=Path.cwd(), help="project folder")
    parser.add_argument("--stack", default="dev")
    parser.add_argument("--expect-no-changes", action="store_true")
    parser.add_argument("--yes", action="store_true", help="accepted for familiarity")
    args = parser.parse_args(argv)

    stack = stack_for(args.cwd.resolve(), args.stack)
    common: dict[str, Any] = {"on_output": lambda line: print(line, flush=True)}
    try:
        if args.command == "up":
            stack.up(expect_no_changes=args.expect_no_changes or None, **common)
        elif args.command == "preview":
            stack.preview(expect_no_changes=args.expect_no_changes or None, **common)
        elif args.command == "refresh":
            stack.refresh(expect_no_changes=args.expect_no_changes or None, **common)
        elif args.command == "destroy":
            stack.destroy(**common)
    except auto.CommandError as error:
        print(f"lsq-pulumi {args.command} failed: {error}", file=sys.stderr)
        return 1
    if args.command in ("up", "outputs"):
        for key, output in stack.outputs().items():
            value = "[secret]" if output.secret else output.value
            lines = value if isinstance(value, list) else [value]
            print(f"{key}:", *lines, sep="\n  ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
