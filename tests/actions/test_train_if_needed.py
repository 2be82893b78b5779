"""scripts/train_if_needed.py decides from file times whether the model is stale."""
import importlib.util
import os
from pathlib import Path

SCRIPT = Path(__file__).parents[2] / "scripts" / "train_if_needed.py"
spec = importlib.util.spec_from_file_location("train_if_needed", SCRIPT)
tin = importlib.util.module_from_spec(spec)
spec.loader.exec_module(tin)


def touch(path: Path, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("x")
    os.utime(path, (mtime, mtime))


def test_no_model_needs_training(tmp_path):
    touch(tmp_path / "domain.yml", 1000)
    assert tin.needs_training(tmp_path)


def test_model_newer_than_every_input_is_current(tmp_path):
    touch(tmp_path / "domain.yml", 1000)
    touch(tmp_path / "data" / "nlu" / "a.yml", 1100)
    touch(tmp_path / "fact_extraction" / "x.py", 1200)
    touch(tmp_path / "models" / "m.tar.gz", 2000)
    assert not tin.needs_training(tmp_path)


def test_changed_tokenizer_makes_the_model_stale_but_other_extraction_code_does_not(tmp_path):
    touch(tmp_path / "config.yml", 1000)
    touch(tmp_path / "models" / "m.tar.gz", 2000)
    touch(tmp_path / "fact_extraction" / "understanding.py", 3000)   # read at run time only
    assert not tin.needs_training(tmp_path)
    touch(tmp_path / "fact_extraction" / "han_tokenizer.py", 3000)
    assert tin.needs_training(tmp_path)
    touch(tmp_path / "models" / "n.tar.gz", 3500)
    assert not tin.needs_training(tmp_path)
