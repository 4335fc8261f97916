"""Protocol v1: validate the job against the JSON Schema exported from src/spec, print events.

Events go to stdout, one JSON object per line; everything else (logs, library
chatter) goes to stderr so the stream stays parseable.
"""

from __future__ import annotations

import json
import math
import sys
import time
from importlib import resources
from typing import Any

EXIT_OK, EXIT_CRASH, EXIT_BAD_JOB, EXIT_CANCELLED = 0, 1, 2, 3

_out = sys.stdout


class BadJob(Exception):
    """The job file is unreadable or does not match the protocol schema."""


class Cancelled(Exception):
    """The run was interrupted and has written a checkpoint."""


def _clean(value: Any) -> Any:
    # JSON has no NaN/Infinity; send null so the TypeScript side can parse every line.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def emit(event: str, **fields: Any) -> None:
    line = json.dumps(_clean({"event": event, "time": time.time(), **fields}), ensure_ascii=False)
    _out.write(line + "\n")
    _out.flush()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load_job(path: str, command: str) -> dict:
    import jsonschema

    try:
        with open(path, encoding="utf-8") as f:
            job = json.load(f)
    except (OSError, json.JSONDecodeError) as e:
        raise BadJob(f"cannot read job file {path}: {e}") from e
    schema = json.loads(resources.files(__package__).joinpath("job.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = list(validator.iter_errors(job))
    if errors:
        best = jsonschema.exceptions.best_match(errors)
        where = "/".join(str(p) for p in best.absolute_path) or "(root)"
        raise BadJob(f"job {path} does not match protocol v1 at {where}: {best.message}")
    if job.get("command") != command:
        raise BadJob(f"job {path} is a '{job.get('command')}' job but the engine was asked to run '{command}'")
    return job
