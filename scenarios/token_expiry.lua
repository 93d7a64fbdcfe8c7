-- token_expiry.lua -- each access token stops working after 3 calls, mid-flow
--
-- The 4th call with the same Authorization header answers 401
-- {"code":57,"message":"You are not authorized to perform this operation"},
-- as Zoho does for an expired token. A client that refreshes
-- (POST /oauth/v2/token with its refresh token) and retries with the new
-- token gets 3 more calls. Per scenario state: POST /__admin/reset forgets it.

local CALLS_PER_TOKEN = 3
local calls = {}     -- Authorization header -> calls made with it

function on_request(req)
    local token = req.headers["authorization"] or ""
    local n = (calls[token] or 0) + 1
    calls[token] = n
    if n > CALLS_PER_TOKEN then
        zoho.log("token expired after " .. CALLS_PER_TOKEN .. " calls on " .. req.route)
        return zoho.error(57)
    end
end
