"""python -m scriptorium_engine <command> --job job.json  (protocol v1; exit 0 done, 1 crash, 2 bad job, 3 cancelled)."""

from __future__ import annotations

import argparse
import platform
import sys
import traceback

from . import PROTOCOL_VERSION, __version__
from .protocol import EXIT_BAD_JOB, EXIT_CANCELLED, EXIT_CRASH, EXIT_OK, BadJob, Cancelled, emit, load_job

COMMANDS = ("train", "perplexity", "generate", "prepare-model", "tiny-model", "count-tokens", "translate", "tiny-translator", "export", "embed", "env")


def _hello(device: str, bf16: bool, threads: int) -> None:
    import peft
    import torch
    import transformers

    emit(
        "hello", protocol=PROTOCOL_VERSION, engine_version=__version__, python=platform.python_version(),
        torch=torch.__version__, transformers=transformers.__version__, peft=peft.__version__,
        device=device, bf16_supported=bf16, threads=threads,
    )


def _dispatch(command: str, job: dict) -> dict:
    import torch

    from . import runtime

    if "runtime" in job:
        device, precision = runtime.setup(job["runtime"])
    else:
        device, precision = runtime.pick_device(), "fp32"
    _hello(str(device), runtime.bf16_supported(device), torch.get_num_threads())
    if command == "train":
        from . import train

        return train.run(job, device, precision)
    if command == "perplexity":
        from . import perplexity

        return perplexity.run(job, device, precision)
    if command == "generate":
        from . import generate

        return generate.run(job, device, precision)
    if command == "prepare-model":
        from . import prepare

        return prepare.prepare_model(job)
    if command == "tiny-model":
        from . import prepare

        return prepare.tiny_model(job)
    if command == "translate":
        from . import translate

        return translate.run(job, device, precision)
    if command == "tiny-translator":
        from . import translate

        return translate.tiny_translator(job)
    if command == "count-tokens":
        from . import chat_data, models

        tok = models.load_tokenizer(job["model"])
        return {"files": {path: chat_data.count_tokens(tok, path) for path in job["files"]}}
    if command == "embed":
        from . import embed

        return embed.run(job, device, precision)
    if command == "export":
        from . import export

        return export.run(job)
    from . import env

    return env.report()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="scriptorium_engine", description=__doc__)
    parser.add_argument("command", choices=COMMANDS)
    parser.add_argument("--job", required=True, help="path of the job JSON file (protocol v1)")
    args = parser.parse_args(argv)
    # stdout carries protocol events only: anything a library prints goes to stderr instead.
    sys.stdout = sys.stderr
    try:
        job = load_job(args.job, args.command)
        result = _dispatch(args.command, job)
    except BadJob as e:
        emit("error", kind="bad_job", message=str(e), traceback=None)
        return EXIT_BAD_JOB
    except Cancelled as e:
        emit("error", kind="cancelled", message=str(e), traceback=None)
        return EXIT_CANCELLED
    except KeyboardInterrupt:
        emit("error", kind="cancelled", message="interrupted twice; stopped without a checkpoint", traceback=None)
        return EXIT_CANCELLED
    except Exception as e:  # noqa: BLE001 - the protocol turns every crash into an error event
        tb = traceback.format_exc()
        print(tb, file=sys.stderr, flush=True)
        emit("error", kind="crash", message=f"{type(e).__name__}: {e}", traceback=tb)
        return EXIT_CRASH
    emit("done", result=result)
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
