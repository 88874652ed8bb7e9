"""ansvar policy test: run policy scenario files (docs/scenarios.md) against the rules."""

import argparse
import sys
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser("policy", help="policy scenario files")
    policy_sub = p.add_subparsers(dest="policy_command", required=True, metavar="POLICY_COMMAND")
    t = policy_sub.add_parser(
        "test", help="run scenario files; prints 'N passed, M failed'; nothing is kept"
    )
    t.add_argument("files", nargs="+", metavar="FILE")
    t.add_argument("--quiet", action="store_true", help="do not list rule-only cases")
    t.set_defaults(func=cmd_test)


def cmd_test(args: argparse.Namespace) -> int:
    from ansvar.scenarios.loader import ScenarioError, load
    from ansvar.scenarios.runner import run

    scenarios = []
    malformed = False
    for name in args.files:
        try:
            scenarios.append(load(name))
        except ScenarioError as exc:
            print(f"ansvar: felaktig scenariofil / malformed scenario file: {exc}", file=sys.stderr)
            malformed = True
    if malformed:
        return 2
    passed = failed = 0
    for scenario in scenarios:
        try:
            result = run(scenario)
        except ScenarioError as exc:
            print(f"ansvar: felaktig scenariofil / malformed scenario file: {exc}", file=sys.stderr)
            return 2
        if not args.quiet:
            for note in result.rule_only_notes():
                print(note)
        for line in result.failures():
            print(line)
        passed += result.passed
        failed += result.failed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0
