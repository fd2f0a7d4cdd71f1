"""``manage.py allocate --input students_offers.json --output assignment.json`` (IN9).

Runs the assistant's solver on a file in the format of ``docs/allocation.md`` and writes the
assignment with its explanations, so that anyone can check it against another solver.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from partenaria.allocation import jsonio, solver


class Command(BaseCommand):
    help = "Solve an allocation problem given as JSON (docs/allocation.md) and write the assignment."

    def add_arguments(self, parser):
        parser.add_argument("--input", required=True, help="the problem, JSON")
        parser.add_argument(
            "--output", required=True, help="where to write the assignment, JSON ('-': stdout)"
        )

    def handle(self, *args, input, output, **options):
        try:
            data = json.loads(Path(input).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {input}: {exc.strerror}") from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{input} is not JSON: {exc}") from None
        try:
            problem = jsonio.problem_from_json(data)
        except jsonio.FormatError as exc:
            raise CommandError(f"{input}: {exc}") from None
        result = solver.solve(problem)
        text = json.dumps(jsonio.result_to_json(result), ensure_ascii=False, indent=1)
        if output == "-":
            self.stdout.write(text)
        else:
            Path(output).write_text(text + "\n", encoding="utf-8")
        summary = (
            f"{result.placed} of {result.students} students placed, {result.first_wish} on their first wish; "
            f"upper bound {result.upper_bound}{' (proven maximum)' if result.proven_maximum else ''}; "
            f"{result.seconds:.2f} s"
        )
        self.stderr.write(summary)
