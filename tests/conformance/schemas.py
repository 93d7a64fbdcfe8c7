# schemas.py -- Zoho's documented response schemas (spec/zoho compact form) as JSON Schema, checked by python3-jsonschema
"""spec/zoho keeps OpenAPI 3.0 schema objects (see spec/README.md, "Compact
schemas"). OpenAPI's `nullable: true` becomes a JSON Schema type list with
"null"; everything else in the compact subset is already JSON Schema
(Draft 4 to 7 agree on it). Formats are not asserted: Zoho's documents call
"2025-06-15T09:00:00+0530" a date-time, which RFC 3339 does not."""

import jsonschema

SCHEMA_KEYWORDS = {"type", "format", "enum", "default", "minimum", "maximum", "minLength", "maxLength",
                   "pattern", "minItems", "maxItems", "required", "additionalProperties"}


def to_json_schema(s):
    """The JSON Schema of a compact OpenAPI schema."""
    if not isinstance(s, dict):
        return {}
    out = {}
    for key, value in s.items():
        if key == "properties":
            out[key] = {name: to_json_schema(sub) for name, sub in value.items()}
        elif key == "items":
            out[key] = to_json_schema(value)
        elif key in ("oneOf", "anyOf", "allOf"):
            out[key] = [to_json_schema(sub) for sub in value]
        elif key == "additionalProperties" and isinstance(value, dict):
            out[key] = to_json_schema(value)
        elif key in SCHEMA_KEYWORDS:
            out[key] = value
    if s.get("nullable") is True:
        if "type" in out:
            out["type"] = [out["type"], "null"] if isinstance(out["type"], str) else out["type"] + ["null"]
        if "enum" in out and None not in out["enum"]:
            out["enum"] = out["enum"] + [None]
    return out


class ResponseChecker:
    """Validates answers against one operation's documented response."""

    def __init__(self, compact):
        self.schema = to_json_schema(compact)
        cls = jsonschema.validators.validator_for(self.schema, default=jsonschema.Draft7Validator)
        self.validator = cls(self.schema)

    def first_error(self, instance):
        """None when valid; else (json path, message) of the most relevant error."""
        error = jsonschema.exceptions.best_match(self.validator.iter_errors(instance))
        if error is None:
            return None
        return json_path(error.absolute_path), describe_error(error)


def json_type(v):
    for t, name in ((bool, "boolean"), (int, "integer"), (float, "number"), (str, "string"),
                    (list, "array"), (dict, "object"), (type(None), "null")):
        if isinstance(v, t):
            return name
    return type(v).__name__


def describe_error(error):
    """jsonschema's message without the whole offending value."""
    v = error.instance
    shown = json_type(v) if isinstance(v, (dict, list)) else repr(v)
    if error.validator == "type":
        return short("%s %s is not of type %s" % (json_type(v), "" if isinstance(v, (dict, list)) else shown,
                                                  error.validator_value)).replace("  ", " ")
    if error.validator == "enum":
        return short("%s is not one of %s" % (shown, error.validator_value))
    return short(error.message)


def json_path(parts):
    out = "$"
    for p in parts:
        out += "[%d]" % p if isinstance(p, int) else "." + str(p)
    return out


def short(text, limit=120):
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 3] + "..."
