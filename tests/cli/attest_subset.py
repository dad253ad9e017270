# SPDX-License-Identifier: GPL-3.0-or-later
"""The comparison of vmmctl's decoded evidence with the generator's values,
shared by tests/cli/test_attest.py and the rig's host checks."""


def subset(want, got, path="$"):
    """Every member of want equals got's (objects member by member, arrays item by item)."""
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{path}: expected an object, got {got!r}"
        for k, v in want.items():
            assert k in got, f"{path}.{k}: missing from vmmctl's answer"
            subset(v, got[k], f"{path}.{k}")
    elif isinstance(want, list):
        assert isinstance(got, list) and len(got) == len(want), f"{path}: {got!r} != {want!r}"
        for i, (w, g) in enumerate(zip(want, got)):
            subset(w, g, f"{path}[{i}]")
    else:
        assert want == got, f"{path}: vmmctl says {got!r}, the generator made {want!r}"
