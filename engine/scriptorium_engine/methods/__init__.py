"""Fine-tuning methods, selected by the job's `method.kind`."""
