#!/usr/bin/env python3
"""Lists the groups of modules of a Rust crate that import each other in a circle.

A module is a file under the crate's src/ (a folder's mod.rs is that folder's module); it
imports another when it names `crate::<path>` (in a `use` or inline). A path through one of the
root's re-exports counts for the module that defines the item; an item defined in the root
(`crate::Workspace`) makes the root a module of the graph, which imports what its own code names. Groups are the strongly
connected components of that graph with more than one module. Prints each group and exits 1 when
there is one. Usage: module-cycles.py <crate-src-dir>...
"""
import re
import sys
from pathlib import Path

CRATE_PATH = re.compile(r"\bcrate::((?:[a-z_][a-z0-9_]*::)*[A-Za-z_][A-Za-z0-9_]*)")
USE_GROUP = re.compile(r"\buse\s+crate::\{([^;]*)\};", re.S)


def module_name(src: Path, file: Path) -> str:
    parts = list(file.relative_to(src).with_suffix("").parts)
    if parts[-1] in ("mod", "lib", "main"):
        parts = parts[:-1]
    return "::".join(parts) or "crate"


def referenced(text: str) -> set[str]:
    """Every `crate::a::b::C` path named in the text, `use crate::{a, b::c}` groups included."""
    paths = set(CRATE_PATH.findall(text))
    for group in USE_GROUP.findall(text):
        for item in re.split(r"[,\s]+", re.sub(r"\{[^}]*\}", "", group)):
            if item:
                paths.add(item.strip(":"))
        for head, inner in re.findall(r"([a-z_][a-z0-9_:]*)::\{([^}]*)\}", group):
            paths.add(head)
    return paths


def root_aliases(code: str) -> dict[str, str]:
    """`pub use a::b::{X, Y};` in the root: X and Y are a::b's items under another path."""
    aliases = {}
    for path, group, single in re.findall(
        r"^pub use ([a-z_][a-z0-9_:]*)::(?:\{([^}]*)\}|(\w+));", code, re.M
    ):
        for item in re.split(r"[,\s]+", group) if group else [single]:
            if item:
                aliases[item] = path
    return aliases


def graph(src: Path) -> dict[str, set[str]]:
    modules = {module_name(src, f): f for f in src.rglob("*.rs")}
    edges: dict[str, set[str]] = {m: set() for m in modules}
    root_code = re.sub(r"//[^\n]*", "", modules["crate"].read_text()) if "crate" in modules else ""
    aliases = root_aliases(root_code)
    top = {m for m in modules if "::" not in m and m != "crate"}

    def module_of(path: str) -> str:
        parts = path.split("::")
        if parts[0] in aliases:
            parts = aliases[parts[0]].split("::") + parts[1:]
        # The longest module prefix of the path is the module it names; an item defined in
        # the root (`crate::Workspace`) belongs to the root.
        for n in range(len(parts), 0, -1):
            if "::".join(parts[:n]) in modules:
                return "::".join(parts[:n])
        return "crate"

    for name, file in modules.items():
        # Comments (doc links among them) import nothing.
        code = re.sub(r"//[^\n]*", "", file.read_text())
        targets = {module_of(p) for p in referenced(code)}
        if name == "crate":
            # The root's own code (not its re-exports) names its modules without `crate::`.
            own = re.sub(r"^pub use [^;]*;", "", code, flags=re.M)
            own = re.sub(r"^\s*(?:pub(?:\([a-z]+\))? )?mod \w+;", "", own, flags=re.M)
            targets |= {m for m in re.findall(r"\b([a-z_][a-z0-9_]*)::", own) if m in top}
        for target in targets:
            # A module naming its own ancestors' items is one unit with them, bar the root.
            if target == name or (target != "crate" and name.startswith(target + "::")):
                continue
            edges[name].add(target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's strongly connected components with more than one module."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0

    def visit(v: str) -> None:
        nonlocal counter
        index[v] = low[v] = counter
        counter += 1
        stack.append(v)
        on_stack.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    sys.setrecursionlimit(10000)
    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def main() -> int:
    status = 0
    for arg in sys.argv[1:]:
        src = Path(arg)
        edges = graph(src)
        groups = cycles(edges)
        in_cycles = sum(len(g) for g in groups)
        print(f"{src}: {len(edges)} modules, {in_cycles} in import cycles")
        for g in groups:
            print("  cycle: " + ", ".join(g))
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
