"""How fast the Connector provider is at scale, next to what bounds it.

For each size N this starts a portal emulator at its default rate limit, then:

1. times the first `pulumi up` of N staging connectors (half Draft, half
   Published, spread over the staging regions) and compares it with the least
   time the portal's rate limit allows for the calls that up made;
2. times no-op `pulumi preview`s of that stack and of a "floor" stack of N
   dynamic resources that call nothing (`bench_floor.Nothing`), alternately,
   and compares their medians;
3. samples the provider host's memory all the while.

It prints one table and writes it as JSON. It measures; it never asserts.

    .venv/bin/python scripts/bench.py            # N = 10, 100, 500
    .venv/bin/python scripts/bench.py --quick    # N = 10, 50, as a smoke run

The Pulumi CLI and this repository's `pulumi-resource-pulumi-python` launcher
are found in .tools/bin and bin, or on PATH.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import psutil
from bench_floor import Nothing
from pulumi import automation as auto

from lsq_emulator import DEMO_ACCOUNT
from lsq_emulator.testing import RunningEmulator, start_emulator
from pulumi_leadsquared import (
    API_BASE_URLS,
    ActionArgs,
    Connector,
    Environment,
    api_base_url,
)

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = Path(__file__).resolve().parent
TOOL_PATH = os.pathsep.join([str(ROOT / ".tools" / "bin"), str(ROOT / "bin")])
PASSPHRASE = "benchmark-passphrase"

RATE_LIMIT = 25
RATE_WINDOW = 5
"""The emulator's default limit, LeadSquared's: 25 calls per 5 s per account."""

SAMPLE_SECONDS = 0.05
PROVIDER_HOSTS = ("pulumi.dynamic", "pulumi_leadsquared._host")
"""What a provider host's command line holds: Pulumi's own host, or the one this
repository's launcher starts (`python -m pulumi_leadsquared._host`)."""

STAGING_REGIONS = [r for r, e in API_BASE_URLS if e is Environment.STAGING]
STATUSES = ["Draft", "Published"]

T = TypeVar("T")


# The two programs


def connector_declarations(count: int) -> list[dict[str, Any]]:
    """`count` valid staging connectors, by resource name, with unique names."""
    declarations = []
    for index in range(1, count + 1):
        key = f"bench-{index:04d}"
        region = STAGING_REGIONS[index % len(STAGING_REGIONS)]
        api = api_base_url(region, Environment.STAGING)
        declarations.append(
            {
                "resource_name": key,
                "name": f"Bench {index:04d}",
                "description": f"Benchmark connector number {index}.",
                "category": "Telephony",
                "configuration_url": (
                    f"https://connectors.example.com/{key}/config?api={api}"
                ),
                "actions": [
                    ActionArgs(
                        label="Call",
                        type="Popup",
                        callback_url=(
                            f"https://connectors.example.com/{key}/call?p=@lead.phone"
                        ),
                    )
                ],
                "status": STATUSES[index % len(STATUSES)],
                "region": region.value,
            }
        )
    return declarations


def connector_program(count: int) -> auto.PulumiFn:
    """A Pulumi program declaring `count` connectors."""
    declarations = connector_declarations(count)

    def program() -> None:
        for declaration in declarations:
            args = dict(declaration)
            Connector(args.pop("resource_name"), **args)

    return program


def floor_program(count: int) -> auto.PulumiFn:
    """A Pulumi program declaring `count` resources that do nothing."""

    def program() -> None:
        for index in range(1, count + 1):
            Nothing(f"nothing-{index:04d}")

    return program


# Stacks


def pulumi_root() -> str:
    """The folder holding the Pulumi CLI's bin/, for the Automation API."""
    cli = shutil.which("pulumi", path=TOOL_PATH + os.pathsep + os.environ["PATH"])
    if cli is None:
        sys.exit("the Pulumi CLI is missing: run `make setup`")
    return str(Path(cli).resolve().parent.parent)


def open_stack(
    work_dir: Path,
    program: auto.PulumiFn,
    config: dict[str, auto.ConfigValue],
) -> auto.Stack:
    """A fresh stack in its own file backend under `work_dir`, running `program`."""
    backend = work_dir / "backend"
    backend.mkdir(parents=True)
    env = {
        "PATH": TOOL_PATH + os.pathsep + os.environ["PATH"],
        # The provider host unpickles `bench_floor.NothingProvider` by reference.
        "PYTHONPATH": os.pathsep.join(
            filter(None, [str(SCRIPTS), os.environ.get("PYTHONPATH")])
        ),
        "PULUMI_BACKEND_URL": backend.as_uri(),
        "PULUMI_CONFIG_PASSPHRASE": PASSPHRASE,
        "PULUMI_HOME": str(work_dir / "pulumi-home"),
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }
    stack = auto.create_or_select_stack(
        stack_name="bench",
        project_name=f"lsq-bench-{work_dir.name}",
        program=program,
        opts=auto.LocalWorkspaceOptions(
            work_dir=str(work_dir),
            env_vars=env,
            pulumi_command=auto.PulumiCommand(
                root=pulumi_root(), skip_version_check=True
            ),
        ),
    )
    stack.set_all_config(config)
    return stack


def portal_config(portal_url: str) -> dict[str, auto.ConfigValue]:
    """Stack config pointing the staging portal at the emulator's demo account."""
    return {
        "leadsquared:stagingPortalUrl": auto.ConfigValue(portal_url),
        "leadsquared:stagingAccessKey": auto.ConfigValue(
            DEMO_ACCOUNT.access_key, secret=True
        ),
        "leadsquared:stagingSecretKey": auto.ConfigValue(
            DEMO_ACCOUNT.secret_key, secret=True
        ),
    }


def quiet_preview(stack: auto.Stack) -> auto.PreviewResult:
    """A preview whose output is kept in the result rather than printed."""
    return stack.preview(color="never", suppress_progress=True)


def changes_of(result: auto.PreviewResult) -> dict[str, int]:
    """The planned operations other than `same`; empty for a no-op preview."""
    return {op: n for op, n in result.change_summary.items() if op != "same" and n}


# Measuring


def timed(action: Callable[[], T]) -> tuple[float, T]:
    """Seconds `action` took by the wall clock, and what it returned."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


class ProviderMemory:
    """The peak resident memory of this process's Pulumi provider hosts.

    While `watching`, a thread adds up, every `SAMPLE_SECONDS`, the RSS of every
    descendant process whose command line holds one of `PROVIDER_HOSTS`, and
    keeps the largest sum seen across all the watches.
    """

    def __init__(self) -> None:
        self.peak_bytes = 0

    @property
    def peak_mb(self) -> float:
        return self.peak_bytes / 2**20

    @contextmanager
    def watching(self) -> Iterator[None]:
        stop = threading.Event()
        sampler = threading.Thread(target=self._sample_until, args=(stop,))
        sampler.start()
        try:
            yield
        finally:
            stop.set()
            sampler.join()

    def _sample_until(self, stop: threading.Event) -> None:
        while not stop.is_set():
            self.peak_bytes = max(self.peak_bytes, self._resident_bytes())
            stop.wait(SAMPLE_SECONDS)

    @staticmethod
    def _resident_bytes() -> int:
        total = 0
        for process in psutil.Process().children(recursive=True):
            try:
                command = " ".join(process.cmdline())
                if any(host in command for host in PROVIDER_HOSTS):
                    total += process.memory_info().rss
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
        return total


def calls_by_operation(stats: dict[str, Any]) -> dict[str, int]:
    """The emulator's call counts per operation, 429s included."""
    return dict(sorted(stats["Operations"].items()))


def throttled_calls(stats: dict[str, Any]) -> int:
    """Calls the emulator refused with HTTP 429 (the client retried them)."""
    return sum(1 for request in stats["Requests"] if request["Code"] == 429)


def rate_bound_seconds(calls: int) -> float:
    """The least time `calls` take at RATE_LIMIT calls per RATE_WINDOW seconds."""
    return calls * RATE_WINDOW / RATE_LIMIT


@dataclass
class Row:
    """The figures for one size N."""

    n: int
    up_seconds: float
    up_calls: int
    bound_seconds: float
    throttled: int
    up_warnings: int
    preview_seconds: float
    floor_preview_seconds: float
    preview_calls: dict[str, int]
    provider_peak_mb: float
    floor_peak_mb: float
    notes: list[str] = field(default_factory=list)

    @property
    def up_ratio(self) -> float:
        return self.up_seconds / self.bound_seconds if self.bound_seconds else 0.0

    @property
    def preview_ratio(self) -> float:
        return self.preview_seconds / self.floor_preview_seconds

    def as_json(self) -> dict[str, Any]:
        figures = {
            name: round(value, 3) if isinstance(value, float) else value
            for name, value in asdict(self).items()
        }
        return {
            **figures,
            "up_ratio": round(self.up_ratio, 3),
            "preview_ratio": round(self.preview_ratio, 3),
        }


# One size


@dataclass
class UpFigures:
    """What the first `pulumi up` of the connectors took and cost."""

    seconds: float
    calls: int
    throttled: int
    warnings: list[str]


@dataclass
class PreviewFigures:
    """Median no-op preview times of both programs, and one preview's API calls."""

    seconds: float
    floor_seconds: float
    calls: dict[str, int]
    planned_changes: list[str]


def first_up(
    stack: auto.Stack, portal: RunningEmulator, memory: ProviderMemory
) -> UpFigures:
    """Run the stack's first up, counting the API calls the portal answered."""
    portal.reset_stats()
    with memory.watching():
        seconds, result = timed(lambda: stack.up(color="never", suppress_progress=True))
    stats = portal.stats()
    throttled = throttled_calls(stats)
    return UpFigures(
        seconds=seconds,
        calls=sum(stats["Operations"].values()) - throttled,
        throttled=throttled,
        warnings=[
            line.strip() for line in result.stdout.splitlines() if "warning:" in line
        ],
    )


def timed_preview(
    stack: auto.Stack, memory: ProviderMemory
) -> tuple[float, dict[str, int]]:
    """Seconds one preview of `stack` took, and the changes it planned."""
    with memory.watching():
        seconds, result = timed(lambda: quiet_preview(stack))
    return seconds, changes_of(result)


def no_op_previews(
    ours: auto.Stack,
    floor: auto.Stack,
    portal: RunningEmulator,
    repeat: int,
    memory: tuple[ProviderMemory, ProviderMemory],
) -> PreviewFigures:
    """Preview both deployed stacks alternately, `repeat` times each."""
    ours_times: list[float] = []
    floor_times: list[float] = []
    calls: dict[str, int] = {}
    planned: list[str] = []
    for round_ in range(1, repeat + 1):
        print(f"  round {round_}/{repeat}", flush=True)
        portal.reset_stats()
        seconds, changes = timed_preview(ours, memory[0])
        ours_times.append(seconds)
        if round_ == 1:
            calls = calls_by_operation(portal.stats())
        if changes:
            planned.append(f"preview {round_} of the connectors planned {changes}")

        seconds, changes = timed_preview(floor, memory[1])
        floor_times.append(seconds)
        if changes:
            planned.append(f"preview {round_} of the floor planned {changes}")
    return PreviewFigures(
        seconds=statistics.median(ours_times),
        floor_seconds=statistics.median(floor_times),
        calls=calls,
        planned_changes=planned,
    )


def measure(count: int, repeat: int, scratch: Path) -> Row:
    """Deploy `count` connectors and `count` floor resources; time up and previews."""
    ours_memory, floor_memory = ProviderMemory(), ProviderMemory()
    with start_emulator(scratch / "portal.db") as portal:
        ours = open_stack(
            scratch / "connectors", connector_program(count), portal_config(portal.url)
        )
        floor = open_stack(scratch / "floor", floor_program(count), {})

        print(f"N={count}: first up of the connectors", flush=True)
        up = first_up(ours, portal, ours_memory)
        print(f"N={count}: first up of the floor", flush=True)
        floor.up(color="never", suppress_progress=True)
        print(f"N={count}: previews", flush=True)
        preview = no_op_previews(
            ours, floor, portal, repeat, (ours_memory, floor_memory)
        )

    return Row(
        n=count,
        up_seconds=up.seconds,
        up_calls=up.calls,
        bound_seconds=rate_bound_seconds(up.calls),
        throttled=up.throttled,
        up_warnings=len(up.warnings),
        preview_seconds=preview.seconds,
        floor_preview_seconds=preview.floor_seconds,
        preview_calls=preview.calls,
        provider_peak_mb=ours_memory.peak_mb,
        floor_peak_mb=floor_memory.peak_mb,
        notes=[f"up: {w}" for w in up.warnings[:3]] + preview.planned_changes,
    )


# Reporting

COLUMNS = [
    ("N", "{:>5}", lambda r: r.n),
    ("up s", "{:>7.1f}", lambda r: r.up_seconds),
    ("calls", "{:>6}", lambda r: r.up_calls),
    ("bound s", "{:>7.1f}", lambda r: r.bound_seconds),
    ("up/bound", "{:>8.2f}", lambda r: r.up_ratio),
    ("429s", "{:>5}", lambda r: r.throttled),
    ("preview s", "{:>9.2f}", lambda r: r.preview_seconds),
    ("floor s", "{:>7.2f}", lambda r: r.floor_preview_seconds),
    ("prev/floor", "{:>10.2f}", lambda r: r.preview_ratio),
    ("preview calls", "{}", lambda r: _operations(r.preview_calls)),
    ("peak MB", "{:>7.1f}", lambda r: r.provider_peak_mb),
    ("floor MB", "{:>8.1f}", lambda r: r.floor_peak_mb),
]


def _operations(calls: dict[str, int]) -> str:
    return ", ".join(f"{op} {n}" for op, n in calls.items()) or "none"


def table(rows: list[Row]) -> str:
    """The rows as a fixed-width text table under a header."""
    grid = [[title for title, _, _ in COLUMNS]]
    grid += [[spec.format(value(row)) for _, spec, value in COLUMNS] for row in rows]
    widths = [max(len(cell) for cell in column) for column in zip(*grid, strict=True)]
    return "\n".join(
        "  ".join(cell.rjust(width) for cell, width in zip(line, widths, strict=True))
        for line in grid
    )


def legend() -> str:
    """What each column means."""
    return (
        "up s: the first `pulumi up` (create N, publish half); calls: the API calls "
        f"it made, 429s excluded; bound s: calls / ({RATE_LIMIT} per {RATE_WINDOW} "
        "s), the least time the rate limit allows (less up to one window, which "
        "an empty window grants at once); 429s: calls the emulator refused and "
        "the client retried. An up that fails stops the benchmark; warnings an up "
        "printed are listed below.\n"
        "preview s / floor s: median no-op `pulumi preview` of the connectors / of "
        "N do-nothing dynamic resources; preview calls: the API calls of one "
        "no-op preview; peak MB: the provider host's largest RSS (connectors: "
        "during the up and previews; floor: during previews)."
    )


def write_json(rows: list[Row], path: Path, repeat: int) -> None:
    document = {
        "rate_limit": {"calls": RATE_LIMIT, "window_seconds": RATE_WINDOW},
        "preview_repetitions": repeat,
        "rows": [row.as_json() for row in rows],
    }
    path.write_text(json.dumps(document, indent=2) + "\n")


# Command line


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes",
        type=lambda text: [int(n) for n in text.split(",")],
        default=[10, 100, 500],
        help="comma-separated numbers of connectors (default 10,100,500)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run: sizes 10,50 and 2 preview repetitions unless --repeat",
    )
    parser.add_argument(
        "--repeat", type=int, help="no-op previews per program and size (default 5)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench-results.json",
        help="where to write the table as JSON (default bench-results.json)",
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes = [10, 50]
    if args.repeat is None:
        args.repeat = 2 if args.quick else 5
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="lsq-bench-") as scratch:
        for count in args.sizes:
            folder = Path(scratch) / f"n{count}"
            folder.mkdir()
            rows.append(measure(count, args.repeat, folder))

    print()
    print(table(rows))
    print()
    print(legend())
    for row in rows:
        for note in row.notes:
            print(f"note (N={row.n}): {note}")
    write_json(rows, args.out, args.repeat)
    print(f"\nwrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
