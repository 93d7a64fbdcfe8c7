-- faults.lua -- the soak's fault scenario: one call in 20 fails before the model runs, one in 10 is slowed
--
-- Loaded by tests/soak/soak.py for one organization. Every failure happens
-- before the model sees the call (a status is given), so a retry is safe
-- and the state is as if the call was never made; each answer it touches
-- carries X-Soak-Fault so the driver can tell the faults it asked for
-- from the server's own mistakes. Admin calls are never seen.

local KINDS = {
    function() local e = zoho.error(1000); e.headers = {["X-Soak-Fault"] = "error"}; return e end,
    function() return {status = 503, body = {code = 9, message = "Down for a moment"},
                       headers = {["X-Soak-Fault"] = "unavailable"}} end,
    function() return {status = 500, fault = "malformed", headers = {["X-Soak-Fault"] = "malformed"}} end,
    function() return {status = 500, fault = "reset"} end,
}

function on_request(req)
    local roll = zoho.random(100)
    if roll <= 5 then return KINDS[zoho.random(#KINDS)]() end
    if roll <= 15 then return {delay_ms = zoho.random(1, 20)} end
    return nil
end
