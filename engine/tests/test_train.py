import json

import torch
from safetensors.torch import load_file

from scriptorium_engine import chat_data, models, train
from scriptorium_engine.components.loss import causal_lm_parts

from conftest import chat_rows, run_engine, train_job


def test_lora_training_lowers_loss_changes_only_lora_and_saves_a_peft_adapter(tiny_model, chat_files, tmp_path):
    job = train_job(tiny_model, chat_files, tmp_path / "run")
    seen: dict = {}

    def after_setup(model):
        seen["before"] = {k: v.detach().clone() for k, v in model.state_dict().items()}

    def after_train(model):
        seen["after"] = {k: v.detach().clone() for k, v in model.state_dict().items()}
        tok = models.load_tokenizer(job["model"])
        batch = chat_data.collate([chat_data.encode(tok, r, 128) for r in chat_rows(3)], torch.device("cpu"))
        model.eval()
        with torch.no_grad():
            seen["logits"] = model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits
        seen["batch"] = batch

    losses = []
    import scriptorium_engine.train as t

    real_emit = t.emit

    def spy(event, **fields):
        if event == "step":
            losses.append(fields["loss"])
        real_emit(event, **fields)

    t.emit = spy
    try:
        result = train.run(job, torch.device("cpu"), "fp32", hooks={"after_setup": after_setup, "after_train": after_train})
    finally:
        t.emit = real_emit

    assert len(losses) == 20
    assert sum(losses[-3:]) / 3 < 0.8 * sum(losses[:3]) / 3, losses
    changed = {k for k in seen["before"] if not torch.equal(seen["before"][k], seen["after"][k])}
    lora_keys = {k for k in seen["before"] if "lora_A" in k or "lora_B" in k}
    assert changed == lora_keys and lora_keys

    adapter = tmp_path / "run" / "adapter"
    assert json.loads((adapter / "adapter_config.json").read_text())["peft_type"] == "LORA"
    assert all("lora_" in k for k in load_file(adapter / "adapter_model.safetensors"))

    from peft import PeftModel

    reloaded = PeftModel.from_pretrained(models.load_model(job["model"], torch.device("cpu")), str(adapter))
    reloaded.eval()
    with torch.no_grad():
        logits = reloaded(input_ids=seen["batch"]["input_ids"], attention_mask=seen["batch"]["attention_mask"]).logits
    assert torch.allclose(logits, seen["logits"], atol=1e-5)
    assert result["eval_loss"] is not None and result["final_loss"] == losses[-1]


def test_bad_job_exits_2_with_the_field(tmp_path):
    code, events, _ = run_engine("train", {"protocol": 1, "command": "train", "run_dir": 5}, tmp_path)
    assert code == 2
    assert events[-1]["event"] == "error" and events[-1]["kind"] == "bad_job"
    assert "does not match protocol v1" in events[-1]["message"]


def test_crash_reports_the_python_traceback(tiny_model, chat_files, tmp_path):
    job = train_job(tiny_model, {**chat_files, "train": tmp_path / "missing.jsonl"}, tmp_path / "run")
    code, events, stderr = run_engine("train", job, tmp_path)
    assert code == 1
    err = events[-1]
    assert err["kind"] == "crash" and "missing.jsonl" in err["message"]
    assert "Traceback" in err["traceback"] and "Traceback" in stderr
