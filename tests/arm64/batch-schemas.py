#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Host side of a rig test that printed a `vmmctl -j -b` answer (an array,
one entry per command): every entry's result validated against its
command's schema in tests/schema, named as tests/schema/captured.py names
them. Usage: batch-schemas.py FILE..."""

import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "schema"))
import captured  # noqa: E402


def main():
    bad = 0
    for path in sys.argv[1:]:
        with open(path) as f:
            doc = json.load(f)
        for e in doc:
            name = captured.schema_of(captured.words_of(e["command"]))
            try:
                assert "result" in e, "no result (exit %d)" % e["exit_code"]
                captured.validate(e["result"], name)
                print("ok - %s: %s" % (" ".join(e["command"]), name))
            except Exception as ex:  # a schema error or a missing schema: both fail
                print("not ok - %s: %s: %s" % (" ".join(e["command"]), name, str(ex)[:300]))
                bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main())
