"""driftwise.parse_state over the real corpus, against the independent
readers of tests/corpus/check_states.py and the CLI's bytes."""
import json

import pytest

import driftwise
from check_states import BROKEN, sensitive_leaves, show_addresses, v4_addresses
from conftest import EXAMPLE, SHARED_DIR, cli_output, corpus_files

STATES = corpus_files("states")
STATES_DIR = SHARED_DIR / "corpus" / "states"


def rel(p):
    return str(p.relative_to(STATES_DIR))


def test_corpus_is_there():
    assert len(STATES) > 50


@pytest.mark.parametrize("path", STATES, ids=rel)
def test_corpus_state(path):
    if rel(path) in BROKEN:
        with pytest.raises(driftwise.Error) as exc:
            driftwise.parse_state(path)
        assert BROKEN[rel(path)] in str(exc.value)
        if "unsupported state version" in BROKEN[rel(path)]:
            assert isinstance(exc.value, driftwise.UnsupportedError)
        return
    state = driftwise.parse_state(path)
    truth = json.loads(path.read_bytes())
    got = [r.address for r in state.resources]
    if "format_version" in truth:
        assert state.version == 0
        assert got == show_addresses(truth)
        text = state.to_json()
        for r in (truth.get("values") or {}).get("root_module", {}).get("resources") or []:
            for secret in sensitive_leaves(r.get("values"), r.get("sensitive_values")):
                if isinstance(secret, str) and secret:
                    assert json.dumps(secret) not in text
    else:
        assert state.version == truth["version"]
        assert state.serial == truth.get("serial", 0)
        assert state.lineage == truth.get("lineage", "")
        assert got == v4_addresses(truth)


@pytest.mark.parametrize("path", [p for p in STATES if rel(p) not in BROKEN][::2],
                         ids=rel)
def test_same_bytes_as_cli(path):
    res = cli_output("state", "show", str(path), "--output", "json")
    assert res.returncode == 0
    state = driftwise.parse_state(path)
    assert state.to_json().encode() == res.stdout
    res = cli_output("state", "show", str(path))
    assert state.to_text().encode() == res.stdout


def test_example_state():
    state = driftwise.parse_state(EXAMPLE / "terraform.tfstate")
    assert (state.version, state.serial) == (4, 9)
    subnet = state.resources[5]
    assert subnet.address == "aws_subnet.app[0]" and subnet.index == 0
    assert subnet.attributes()["id"] == "subnet-16e1671bfc11c48cf"
    assert subnet.provider_source == "registry.terraform.io/hashicorp/aws"
    assert subnet.to_dict()["address"] == "aws_subnet.app[0]"


def test_sensitive_masked_in_dict():
    doc = {"version": 4, "serial": 1, "lineage": "l", "resources": [{
        "mode": "managed", "type": "aws_db_instance", "name": "db",
        "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
        "instances": [{"attributes": {"id": "db-1", "password": "hunter2"},
                       "sensitive_attributes": [[{"type": "get_attr",
                                                  "value": "password"}]]}]}]}
    state = driftwise.parse_state(doc)
    db = state.resources[0]
    assert db.sensitive_paths == ["password"]
    assert db.to_dict()["attributes"]["password"] == "(sensitive)"
    assert "hunter2" not in state.to_json()
    assert db.attributes()["password"] == "hunter2"  # the caller's own input


def test_errors():
    with pytest.raises(driftwise.UnsupportedError, match="run terraform 0.12"):
        driftwise.parse_state(b'{"version": 3, "serial": 1}')
    with pytest.raises(driftwise.ParseError) as exc:
        driftwise.parse_state(b'{"version": 4, "resources": [')
    assert exc.value.offset is not None


def _many_resources(n):
    resources = [{
        "mode": "managed", "type": "aws_instance", "name": f"web{i}",
        "provider": 'provider["registry.terraform.io/hashicorp/aws"]',
        "instances": [{"index_key": k, "attributes": {"id": f"i-{i}-{k}"}}
                      for k in range(1 + i % 3)],
    } for i in range(n)]
    return json.dumps({"version": 4, "serial": 1, "lineage": "l",
                       "resources": resources}).encode()


def test_threads_read_a_large_state_the_same():
    data = _many_resources(3000)  # several batches of resources
    one = driftwise.parse_state(data)
    every_core = driftwise.parse_state(data, threads=0)
    assert len(one.resources) == 6000
    assert every_core.to_json() == one.to_json()
    with pytest.raises(ValueError):
        driftwise.parse_state(data, threads=-1)
