-- flaky_then_ok.lua -- the first 2 calls of each listed route fail with 500 code 1000, then they succeed
--
-- Zoho sometimes answers {"code":1000,"message":"Internal error"} and the
-- same call works a moment later. A client with retries gets through; one
-- without fails. The counter lives in the script (its state persists until
-- POST /__admin/reset), one per route.

local FAILURES = 2
local ROUTES = {
    ["inventorycounts.list"] = true,
    ["inventorycounts.get"] = true,
    ["inventorycounts.create"] = true,
    ["inventorycounts.approve"] = true,
    ["inventoryadjustments.list"] = true,
    ["items.list"] = true,
}

local failed = {}   -- route -> failures so far

function on_request(req)
    if not ROUTES[req.route] then return nil end
    local so_far = failed[req.route] or 0
    if so_far < FAILURES then
        failed[req.route] = so_far + 1
        return zoho.error(1000)          -- 500 {"code":1000,"message":"Internal error"}
    end
    return nil                           -- the model answers
end
