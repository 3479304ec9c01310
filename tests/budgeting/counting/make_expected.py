"""Write data/expected.json: pabutools' outcomes for every data/*.pb.gz (run by hand).

    python tests/budgeting/counting/make_expected.py

pabutools (GPL-3) is a test-only reference: its outcomes are committed as plain data so
the tests compare ours with them without it installed.
"""

import gzip
import json
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).parent))

import reference

DATA = pathlib.Path(__file__).parent / "data"


def outcomes(text: str, vote_type: str) -> dict[str, list[str]]:
    instance, profile = reference.parse(text)
    result = {"greedy": reference.reference_greedy(instance, profile)}
    for completion in ("add1", None, "utilitarian"):
        result[f"equal_shares/{completion}"] = reference.reference_equal_shares(
            instance, profile, vote_type, completion
        )
    if vote_type == "approval":
        result["equal_shares/add1/cost"] = reference.reference_equal_shares(
            instance, profile, vote_type, "add1", "cost"
        )
    return {key: sorted(value) for key, value in result.items()}


def main() -> None:
    expected = {}
    for path in sorted(DATA.glob("*.pb.gz")):
        text = gzip.decompress(path.read_bytes()).decode("utf-8")
        vote_type = next(
            line.split(";")[1].strip()
            for line in text.splitlines()
            if line.startswith("vote_type;")
        )
        expected[path.name] = outcomes(text, vote_type)
        print(path.name, flush=True)
    (DATA / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")


if __name__ == "__main__":
    main()
