"""Scriptorium's tensor engine. Knows training methods, never game roles.

Driven by the TypeScript side through protocol v1: a job file in, JSONL events out.
"""

__version__ = "0.1.0"
PROTOCOL_VERSION = 1
