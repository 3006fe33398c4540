#!/usr/bin/env python3
"""Per-file mutation scores from a Stryker.NET JSON report, split the way docs/testing.md reports them.

usage: python3 stryker-summary.py StrykerOutput/<run>/reports/mutation-report.json [file-substring]

Each scored mutant (killed, timeout, survived, no coverage) falls in one of three groups:
  io       - the Wolverine endpoints at the end of a *Steps.cs / RandomDraw.cs file (from the first
             [WolverinePost]/[WolverineGet] or the Updated() helper before them) and ReceivedDocumentAsync:
             Marten/HTTP glue that the integration tests cover, not these unit tests;
  message  - a string literal that is a human-readable message (Chinese text, a space, or inside
             RuleViolation.NotFound / an exception constructor), and Truncate(), used only inside messages;
  logic    - everything else: guards, clocks, numbering, calendar arithmetic, refusal codes and field names.
With a file-substring, the surviving logic mutants of that file are listed.
"""
import collections, json, re, sys

CJK = re.compile(r'[\u3000-\u9fff\uff00-\uffef]')
ENDPOINTS = re.compile(r'\[Wolverine(Post|Get)\(|private static \S+ Updated\(')


def io_lines(lines):
    start = next((i + 1 for i, l in enumerate(lines) if ENDPOINTS.search(l)), None)
    io = set(range(start, len(lines) + 1)) if start else set()
    for i, l in enumerate(lines):
        if 'ReceivedDocumentAsync(' in l and 'public static' in l:
            j = i
            while j < len(lines) and lines[j].strip():
                io.add(j + 1); j += 1
    return io


def text(lines, loc):
    s, e = loc['start'], loc['end']
    line = lines[s['line'] - 1]
    return line[s['column'] - 1:e['column'] - 1] if s['line'] == e['line'] else line[s['column'] - 1:]


def group(lines, io, m):
    n = m['location']['start']['line']
    if n in io: return 'io'
    if 'private static string Truncate(' in lines[n - 1]: return 'message'
    if m['mutatorName'].startswith('String'):
        t, src = text(lines, m['location']), lines[n - 1]
        if CJK.search(t) or ' ' in t.strip('"$') or 'NotFound(' in src or 'Exception(' in src: return 'message'
    return 'logic'


def score(c):
    d, u = c['Killed'] + c['Timeout'], c['Survived'] + c['NoCoverage']
    return f"{d}/{d + u}={100 * d / (d + u):.1f}%" if d + u else "-"


report = json.load(open(sys.argv[1]))
only = sys.argv[2] if len(sys.argv) > 2 else None
for path, f in sorted(report['files'].items()):
    scored = [m for m in f['mutants'] if m['status'] in ('Killed', 'Timeout', 'Survived', 'NoCoverage')]
    if not scored: continue
    lines = open(path, encoding='utf-8').read().split('\n')
    io = io_lines(lines)
    groups = collections.defaultdict(collections.Counter)
    for m in scored: groups[group(lines, io, m)][m['status']] += 1
    whole = sum(groups.values(), collections.Counter())
    print(f"{path.split('/src/Supervision/')[-1]:42} stryker {score(whole):>16}  without io {score(groups['logic'] + groups['message']):>16}"
          f"  logic only {score(groups['logic']):>16}")
    if only and only in path:
        for m in scored:
            if m['status'] in ('Survived', 'NoCoverage') and group(lines, io, m) == 'logic':
                print(f"    L{m['location']['start']['line']} {m['status']} {m['mutatorName']}: {text(lines, m['location'])[:60]!r}")
