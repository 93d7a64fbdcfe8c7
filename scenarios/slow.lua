-- slow.lua -- latency on chosen routes: the model answers, delay_ms later
--
-- A table with only delay_ms (no status, no body) lets the model answer
-- and holds the answer back. The wait holds no lock: other calls, to
-- these routes or others, are answered meanwhile. Use it to check client
-- timeouts and progress indicators.

local DELAY_MS = {
    ["inventorycounts.list"] = 1500,
    ["inventorycounts.get"] = 800,
    ["inventorycounts.approve"] = 3000,
    ["items.list"] = 1500,
}

function on_request(req)
    local ms = DELAY_MS[req.route]
    if ms then return { delay_ms = ms } end
end
