"""Reusable training components: loss, schedules, checkpoints, cancellation."""
