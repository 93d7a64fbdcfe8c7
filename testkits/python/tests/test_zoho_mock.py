"""test_zoho_mock.py -- the Python test kit against the real zoho-mock binary ($ZOHO_MOCK_BIN; make test sets it)."""

import json
import os
import re
import tempfile
import urllib.error
import urllib.request

import pytest

from zoho_mock import ZohoMockError, start

SURGE = "4815000000033024"  # 45 at Main Warehouse + 8 at MG Road Store in the default fixture


def call(zoho, method, path, body=None):
    """(status, headers, json) of a Zoho API call with the mock's token and organization."""
    sep = "&" if "?" in path else "?"
    req = urllib.request.Request(
        f"{zoho.base_url}{path}{sep}organization_id={zoho.organization_id}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Zoho-oauthtoken {zoho.token}",
                 **({"Content-Type": "application/json"} if body is not None else {})})
    try:
        with urllib.request.urlopen(req, timeout=10) as res:
            return res.status, res.headers, json.loads(res.read())
    except urllib.error.HTTPError as e:
        return e.code, e.headers, json.loads(e.read())


def test_the_fixture_gives_urls_and_credentials_of_the_built_in_data(zoho_mock):
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+", zoho_mock.url)
    assert not zoho_mock.url.endswith(":0")
    assert zoho_mock.base_url == zoho_mock.url + "/inventory/v1"
    assert zoho_mock.accounts_url == zoho_mock.url
    assert zoho_mock.fixtures == "built-in"
    assert (zoho_mock.organization_id, zoho_mock.token) == ("10234695", "1000.full.john")
    assert zoho_mock.organization_ids == ["10234695", "10234700", "20246810"]
    status, _, body = call(zoho_mock, "GET", f"/items/{SURGE}")
    assert status == 200
    assert body["item"]["stock_on_hand"] == 53


def test_changes_made_by_one_test(zoho_mock):
    status, _, _ = call(zoho_mock, "POST", "/inventoryadjustments", {
        "date": "2025-06-15", "reason": "Damaged goods", "adjustment_type": "quantity",
        "line_items": [{"item_id": SURGE, "quantity_adjusted": -4}]})
    assert status == 201
    assert call(zoho_mock, "GET", f"/items/{SURGE}")[2]["item"]["stock_on_hand"] == 49
    zoho_mock.scenario("function on_request(req) return zoho.error(503, 9, \"Down\") end", name="down")
    assert call(zoho_mock, "GET", "/items")[0] == 503


def test_are_gone_in_the_next(zoho_mock):
    # runs after the test above (file order): the fixture reset the data, the scenario and the journal
    assert zoho_mock.requests() == []
    status, _, body = call(zoho_mock, "GET", f"/items/{SURGE}")
    assert status == 200
    assert body["item"]["stock_on_hand"] == 53


def test_a_built_in_example_by_name_and_the_journal(zoho_mock):
    s = zoho_mock.scenario("flaky_then_ok.lua", organization_id=zoho_mock.organization_id)
    assert (s["name"], s["built_in"], s["organization_id"]) == ("flaky_then_ok.lua", True, "10234695")
    statuses = [call(zoho_mock, "GET", "/items")[0] for _ in range(3)]
    assert statuses == [500, 500, 200]
    assert len(zoho_mock.requests(method="get", path="/inventory/v1/items", status=500)) == 2
    assert [e["status"] for e in zoho_mock.requests(path="/inventory/v1/*")] == [500, 500, 200]
    assert len(zoho_mock.requests(path=re.compile(r"/items$"), organization_id="10234700")) == 0
    assert len(zoho_mock.requests(where=lambda e: e["status"] == 200)) == 1


def test_a_scenario_from_a_file_and_one_that_does_not_load(zoho_mock, tmp_path):
    f = tmp_path / "teapot.lua"
    f.write_text('function on_request(req) return {status = 418, body = {code = 418, message = "teapot"}} end\n')
    assert zoho_mock.scenario(str(f))["name"] == "teapot.lua"
    assert call(zoho_mock, "GET", "/items")[0] == 418
    with pytest.raises(ZohoMockError) as e:
        zoho_mock.scenario("function on_request(req) return ( end", name="broken")
    assert (e.value.status, e.value.code) == (400, 4240)
    assert "broken" in str(e.value)
    with pytest.raises(ZohoMockError, match="no built-in example has that name"):
        zoho_mock.scenario("no_such_example.lua")


def test_the_clock(zoho_mock):
    retail = "10234700"  # frozen at 2025-06-15T09:00:00+0530
    assert zoho_mock.clock.get(retail)["now"] == "2025-06-15T09:00:00+0530"
    assert zoho_mock.clock.advance("P1D", organization_id=retail)["now"] == "2025-06-16T09:00:00+0530"
    zoho_mock.clock.advance(3600, organization_id=retail)
    assert zoho_mock.clock.get(retail)["now"] == "2025-06-16T10:00:00+0530"
    zoho_mock.clock.set("2025-07-01T08:00:00+0530", organization_id=retail)
    assert zoho_mock.clock.get(retail)["now"] == "2025-07-01T08:00:00+0530"
    zoho_mock.reset(clock="2025-01-01T00:00:00+0530")
    assert zoho_mock.clock.get(retail)["now"] == "2025-01-01T00:00:00+0530"


TINY = {"organizations": [{
    "organization_id": "111", "name": "Tiny",
    "users": [{"user_id": "5", "name": "Una"}],
    "tokens": [{"token": "tiny-token", "user_id": "5", "scopes": ["ZohoInventory.FullAccess.all"]}],
    "locations": [{"location_id": "7", "location_name": "WH", "is_warehouse": True}],
    "items": [{"item_id": "9", "name": "Widget", "stock": [{"location_id": "7", "quantity": 3}]}],
}]}


def test_start_with_fixtures_as_a_dict_and_a_file_side_by_side(tmp_path):
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(TINY))
    with start(fixtures=TINY) as a, start(fixtures=path) as b:
        assert a.url != b.url
        assert (a.organization_id, a.token) == ("111", "tiny-token")
        assert b.fixtures == str(path)
        for zoho in (a, b):
            status, _, body = call(zoho, "GET", "/items/9")
            assert (status, body["item"]["stock_on_hand"]) == (200, 3)
    assert a.process.returncode == 0 and b.process.returncode == 0


def test_start_up_scenarios_stay_across_reset():
    with start(scenarios=["rate_limit.lua"], seed=42, cwd=tempfile.gettempdir()) as zoho:
        assert call(zoho, "GET", "/items")[1]["X-Rate-Limit-Limit"] == "1000"
        zoho.reset()
        headers = call(zoho, "GET", "/items")[1]
        assert headers["X-Rate-Limit-Limit"] == "1000"
        assert headers["X-Rate-Limit-Remaining"] == "999"


def test_start_failures_say_why():
    before = set(os.listdir(tempfile.gettempdir()))
    with pytest.raises(ZohoMockError, match=r"exited \(status 2\) before listening: zoho-mock: .*"
                                            r"\$\.organizations: at least one organization is required"):
        start(fixtures={"organizations": []})
    with pytest.raises(ZohoMockError, match=r"cannot run /nonexistent/zoho-mock .*ZOHO_MOCK_BIN"):
        start(binary="/nonexistent/zoho-mock")
    with pytest.raises(ZohoMockError, match="no built-in example has that name"):
        start(scenarios=["no_such_example.lua"])
    assert set(os.listdir(tempfile.gettempdir())) == before, "the temporary fixture is removed"
