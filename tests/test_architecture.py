"""The layout rules of STYLE.md that a refactor could quietly break.

- Nothing outside templates and template tags imports a ``templatetags`` module: formatting
  helpers live in plain modules (kla/formats.py) that the tags wrap.
- The scoring engine (evaluations/scores/scoring.py and next_tier.py, with the names they use)
  imports no Django: it stays pure, testable with plain values.
- No module of the apps is over about 400 lines (migrations aside).
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("kla", "evaluations", "indicators")
ENGINE = (
    "evaluations.names",
    "evaluations.scores.values",
    "evaluations.scores.scoring",
    "evaluations.scores.next_tier",
)
MAX_LINES = 420  # "about 400": a module past it is split by sub-domain


def app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def imported_modules(path: Path) -> set[str]:
    """Absolute names of what a module imports (relative imports resolved)."""
    package = (
        ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
        if path.is_relative_to(ROOT)
        else ""
    )
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names)
    return found


def test_only_templates_import_template_tags():
    offenders = [
        str(path.relative_to(ROOT))
        for path in app_modules()
        if "templatetags" not in path.parts
        and any(".templatetags" in name for name in imported_modules(path))
    ]
    assert offenders == []


def test_the_rule_above_catches_a_template_tag_import(tmp_path):
    """The check itself works: a module importing a template tag is reported."""
    module = ROOT / "evaluations" / "scores" / "report.py"
    assert "indicators.templatetags.kla_format" not in imported_modules(module)
    sample = tmp_path / "sample.py"
    sample.write_text("from indicators.templatetags.kla_format import angka\n")
    assert "indicators.templatetags.kla_format" in imported_modules(sample)


@pytest.mark.parametrize("module", ENGINE)
def test_engine_imports_no_django(module):
    """Imported in a fresh interpreter, the engine loads no Django module at all."""
    code = (
        f"import sys, {module}\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"{module} loads {result.stdout.strip()}"


def test_engine_source_names_no_django_or_models():
    for module in ENGINE:
        path = ROOT / (module.replace(".", "/") + ".py")
        names = imported_modules(path)
        assert not any(n.startswith(("django", "evaluations.models", "indicators")) for n in names)


def test_no_app_module_is_over_the_limit():
    long = {
        str(path.relative_to(ROOT)): lines
        for path in app_modules()
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_every_model_choice_field_is_the_one_that_reads_its_choices_at_once():
    """kla/choice_fields.py: Django's own streams its choices through a server-side cursor."""
    own = ROOT / "kla" / "choice_fields.py"
    django_fields = [
        str(path.relative_to(ROOT))
        for path in app_modules()
        if path != own and "forms.ModelChoiceField(" in path.read_text()
    ]
    assert django_fields == []
