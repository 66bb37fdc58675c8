"""Entry point of the child process: set limits, run one reader, write its result as JSON."""

import importlib
import json
import math
import os
import resource
import sys
from typing import Any

from archive.processing.limits import Limits
from archive.processing.sandbox import MAX_OUTPUT_BYTES, MEMORY_EXIT, OUTPUT_EXIT


def _set_limits(limits: Limits) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (MAX_OUTPUT_BYTES, MAX_OUTPUT_BYTES))
    # A backstop in case the parent dies and can no longer enforce the wall time.
    cpu = math.ceil(limits.seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))


def main(task_name: str, path: str, out: str, limits_json: str, options_json: str = "{}") -> None:
    limits = Limits(**json.loads(limits_json))
    _set_limits(limits)
    module, _, name = task_name.partition(":")
    try:
        result: dict[str, Any] = getattr(importlib.import_module(module), name)(
            path, limits, **json.loads(options_json)
        )
    except MemoryError:
        os._exit(MEMORY_EXIT)  # nothing is left to build a message with
    except Exception as exc:  # the parent turns this into one sentence
        # The message is shown to researchers: it must not reveal where originals are stored.
        message = f"{type(exc).__name__}: {exc}".removesuffix(": ").replace(path, "the file")
        result = {"exception": message[:300]}
    try:
        # errors="replace": a lone surrogate from a broken font must not lose the whole result.
        with open(out, "w", encoding="utf-8", errors="replace") as f:
            json.dump(result, f, ensure_ascii=False)
    except MemoryError:
        os._exit(MEMORY_EXIT)
    except OSError:  # RLIMIT_FSIZE: Python ignores SIGXFSZ, so the write fails instead
        os._exit(OUTPUT_EXIT)


if __name__ == "__main__":
    main(*sys.argv[1:])
