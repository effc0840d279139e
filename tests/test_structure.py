"""The package's house rules, checked on its source (issue 11).

- No module imports a private name (``_x``) of another module, except the shared private
  helpers ``_validation``, ``_i18n`` and ``_warnings``; no attribute reach-ins like
  ``sim._assess`` on another module's objects.
- No import cycle between modules, counting imports inside functions.
- No ``simplefilter("ignore", ...)`` that silences more than one library warning class,
  and no code that inspects an exception's or a warning's message text.
- No function longer than 120 lines.
"""

import ast
from pathlib import Path

import pytest

PKG = Path(__file__).resolve().parents[1] / "hpforecast"
SHARED_PRIVATE = {"_validation", "_i18n", "_warnings"}
MAX_LINES = 120


def modules() -> dict[str, ast.Module]:
    out = {}
    for path in sorted(PKG.rglob("*.py")):
        rel = path.relative_to(PKG).with_suffix("")
        name = ".".join(rel.parts)
        if name.endswith("__init__"):
            name = name[: -len(".__init__")] or "__init__"
        out[name] = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    return out


def _resolve(mod: str, node: ast.ImportFrom) -> str:
    """The hpforecast module an import-from refers to ('' for outside the package)."""
    if node.level == 0:
        if not (node.module or "").startswith("hpforecast"):
            return ""
        return (node.module or "")[len("hpforecast."):] or "__init__"
    parts = mod.split(".")
    is_pkg = (PKG / Path(*parts) / "__init__.py").exists()
    base = parts if is_pkg else parts[:-1]
    base = base[: len(base) - (node.level - 1)]
    target = ".".join([*base, *(node.module.split(".") if node.module else [])])
    return target or "__init__"


def imports(mods) -> dict[str, set[tuple[str, str]]]:
    """module -> {(imported module, name or '')}."""
    out = {}
    for mod, tree in mods.items():
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                target = _resolve(mod, node)
                if not target:
                    continue
                for alias in node.names:
                    sub = f"{target}.{alias.name}" if target != "__init__" else alias.name
                    if sub in mods:
                        found.add((sub, ""))
                    else:
                        found.add((target, alias.name))
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.name.startswith("hpforecast."):
                        found.add((alias.name[len("hpforecast."):], ""))
        out[mod] = found
    return out


def test_no_private_names_imported_from_other_modules():
    mods = modules()
    bad = []
    for mod, found in imports(mods).items():
        for target, name in found:
            leaf = target.split(".")[-1]
            if target == mod or leaf in SHARED_PRIVATE:
                continue
            dunder = name.startswith("__") and name.endswith("__")
            if (name.startswith("_") and not dunder) or (leaf.startswith("_")
                                                          and target != "__init__"):
                bad.append(f"{mod} imports {target}.{name or '*'}")
    assert not bad, "\n".join(sorted(bad))


def test_no_private_attribute_reach_ins():
    # obj._name where obj is not self/cls: another object's private part.
    bad = []
    for mod, tree in modules().items():
        for node in ast.walk(tree):
            if (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")
                    and isinstance(node.value, ast.Name)
                    and node.value.id not in ("self", "cls", "V", "L", "W", "sys", "os")):
                bad.append(f"{mod}:{node.lineno} {node.value.id}.{node.attr}")
    assert not bad, "\n".join(bad)


def test_no_import_cycles():
    mods = modules()
    graph = {m: {t for t, _ in found if t in mods and t != m and t != "__init__"}
             for m, found in imports(mods).items() if m != "__init__"}
    # Tarjan-free check: depth-first search for a back edge.
    state, stack, cycles = {}, [], []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                cycles.append(" -> ".join(stack[stack.index(n):] + [n]))
            elif n not in state:
                visit(n)
        stack.pop()
        state[m] = 2

    for m in sorted(graph):
        if m not in state:
            visit(m)
    assert not cycles, "\n".join(cycles)


def _is_broad_ignore(call: ast.Call) -> bool:
    fn = call.func
    name = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
    if name not in ("simplefilter", "filterwarnings"):
        return False
    args = [*call.args, *(k.value for k in call.keywords if k.arg in ("action", "category"))]
    if not args or not (isinstance(args[0], ast.Constant) and args[0].value == "ignore"):
        return False
    if any(k.arg == "message" for k in call.keywords):
        return True  # filtering by message text
    cats = [a for a in args[1:]]
    if not cats:
        return True
    cat = cats[0]
    label = cat.attr if isinstance(cat, ast.Attribute) else getattr(cat, "id", "")
    return label in ("UserWarning", "Warning", "RuntimeWarning", "HpforecastWarning")


def test_no_broad_warning_filters():
    bad = [f"{mod}:{node.lineno}" for mod, tree in modules().items()
           for node in ast.walk(tree) if isinstance(node, ast.Call) and _is_broad_ignore(node)]
    assert not bad, "\n".join(bad)


def test_no_code_reads_exception_or_warning_text():
    bad = []
    for mod, tree in modules().items():
        handlers = {h.name for h in ast.walk(tree) if isinstance(h, ast.ExceptHandler) and h.name}
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn))
                                                     for op in node.ops):
                for side in node.comparators:
                    if (isinstance(side, ast.Call) and getattr(side.func, "id", "") == "str"
                            and side.args and isinstance(side.args[0], ast.Name)
                            and side.args[0].id in handlers):
                        bad.append(f"{mod}:{node.lineno}")
            # a warning's message read to decide something: in a comparison or a test
            if isinstance(node, (ast.Compare, ast.If, ast.IfExp)):
                for sub in ast.walk(node.test if isinstance(node, (ast.If, ast.IfExp))
                                    else node):
                    if isinstance(sub, ast.Attribute) and sub.attr == "message":
                        bad.append(f"{mod}:{node.lineno}")
    assert not bad, "\n".join(bad)


def test_functions_are_short():
    long = []
    for mod, tree in modules().items():
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = node.end_lineno - node.lineno + 1
                if n >= MAX_LINES:
                    long.append(f"{mod}.{node.name}: {n} lines")
    assert not long, "\n".join(long)


@pytest.mark.parametrize("name", sorted(SHARED_PRIVATE))
def test_shared_private_helpers_exist(name):
    assert (PKG / f"{name}.py").exists()
