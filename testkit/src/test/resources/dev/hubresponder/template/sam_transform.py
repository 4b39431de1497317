"""Prints a SAM template as CloudFormation deploys it: cfn-lint's SAM transform, the one `cfn-lint` runs.

Usage: python3 sam_transform.py template.yaml  (writes JSON to stdout; exit 2 when the template cannot be read,
3 when the transform fails). Used by SamTransformTest; relies on cfn-lint 1.x's transform module.
"""
import json
import sys

from cfnlint.decode import decode
from cfnlint.template.transforms._sam import Transform

template, problems = decode(sys.argv[1])
if problems:
    print("\n".join(str(p) for p in problems), file=sys.stderr)
    sys.exit(2)
transform = Transform(sys.argv[1], template, "us-east-1")
problems = transform.transform_template()
if problems:
    print("\n".join(str(p) for p in problems), file=sys.stderr)
    sys.exit(3)
json.dump(transform.template(), sys.stdout, default=str)
