#!/usr/bin/env python3
"""Fails when the folders of a Swift target use each other in a circle (ARCHITECTURE.md §2:
a type used by two folders lives in the lower one).

Usage: scripts/check/folder_cycles.py [Sources/ProdCore …]   (default: every target in Sources/)

A folder is the directory a file sits in (Data/Replay and Data are two folders). A file uses a
folder when it names a type declared at the top level of a file there: the capitalised words of
its code (comments and string literals removed) are matched against every top-level `struct`,
`class`, `enum`, `protocol`, `actor` and `typealias` of the target. Prints each circle with one
file and type per step, and exits 1 when there is one."""
import os
import re
import sys

DECLARATION = re.compile(r"^(?:public |internal |fileprivate |private |package |final |indirect |@\w+(?:\([^)]*\))? )*"
                         r"(?:struct|class|enum|protocol|actor|typealias)\s+([A-Z]\w*)", re.M)
WORD = re.compile(r"\b[A-Z]\w*\b")


def code_of(text):
    """The text without comments and string literals (what remains names the types used)."""
    text = re.sub(r'"""[\s\S]*?"""', '""', text)
    text = re.sub(r"/\*[\s\S]*?\*/", " ", text)
    text = re.sub(r"//[^\n]*", " ", text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)


def folder_graph(target):
    files = {}
    for root, _, names in os.walk(target):
        for name in sorted(names):
            if name.endswith(".swift"):
                path = os.path.join(root, name)
                files[path] = code_of(open(path, encoding="utf-8").read())
    declared = {}
    for path, code in files.items():
        folder = os.path.relpath(os.path.dirname(path), target)
        for match in DECLARATION.finditer(code):
            declared.setdefault(match.group(1), folder)
    edges = {}
    for path, code in files.items():
        folder = os.path.relpath(os.path.dirname(path), target)
        for word in set(WORD.findall(code)):
            used = declared.get(word)
            if used and used != folder:
                edges.setdefault(folder, {}).setdefault(used, (os.path.relpath(path, target), word))
    return edges


def cycles(edges):
    """Strongly connected components with more than one folder (Tarjan), each as a list."""
    index, low, stack, on_stack, found, counter = {}, {}, [], set(), [], [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(edges.get(node, {})):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def main():
    targets = sys.argv[1:] or sorted(os.path.join("Sources", name) for name in os.listdir("Sources")
                                     if os.path.isdir(os.path.join("Sources", name)))
    failed = False
    for target in targets:
        edges = folder_graph(target)
        for component in cycles(edges):
            failed = True
            print(f"{target}: folders in a circle: {' ↔ '.join(component)}")
            for folder in component:
                for used in component:
                    if used in edges.get(folder, {}):
                        path, word = edges[folder][used]
                        print(f"  {folder} → {used}: {path} uses {word}")
    if failed:
        sys.exit(1)
    print(f"no folder cycles in {', '.join(targets)}")


if __name__ == "__main__":
    main()
