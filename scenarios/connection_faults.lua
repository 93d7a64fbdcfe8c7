-- connection_faults.lua -- the first call of each listed route breaks the connection, retries succeed
--
--   reset      TCP reset (RST): the client sees ECONNRESET
--   empty      the connection closes with no response at all
--   malformed  a complete response whose body is not JSON
--   truncate   Content-Length promises more than is sent, then the connection closes
--   hang       nothing is sent until delay_ms passes (or the client gives up); then it closes
--
-- A fault without status or body happens after the model processed the
-- call: a create that "failed" with a reset did create. That is what a
-- client's retry logic must cope with (idempotency). To fail before the
-- model runs, give a status too: { status = 500, fault = "reset" }.

local FAULTS = {
    ["inventorycounts.list"] = { fault = "reset" },
    ["items.list"] = { fault = "empty" },
    ["inventoryadjustments.list"] = { fault = "malformed" },
    ["inventorycounts.get"] = { fault = "truncate" },
    ["users.list"] = { fault = "hang", delay_ms = 2000 },
}

function on_request(req)
    if req.n == 1 then return FAULTS[req.route] end
end
