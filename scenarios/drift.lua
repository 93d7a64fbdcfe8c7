-- drift.lua -- the API drifts: fields are renamed or dropped; does the client cope?
--
--   a stock count's "status" becomes "count_status"
--   list rows of stock counts lose "inventorycount_number"
--   an adjustment's "date" becomes "adjustment_date"
--   page_context loses "has_more_page"
--   a new, unknown field "x_drift" appears at the top level
--
-- on_response gets the model's answer as a table; returning it changed
-- changes what the client receives.

local function rename(t, from, to)
    if type(t) == "table" and t[from] ~= nil then
        t[to] = t[from]
        t[from] = nil
    end
end

function on_response(req, res)
    local body = res.body
    if type(body) ~= "table" then return nil end
    rename(body.inventorycount, "status", "count_status")
    for _, row in ipairs(body.inventorycounts or {}) do
        row.inventorycount_number = nil
    end
    rename(body.inventory_adjustment, "date", "adjustment_date")
    for _, row in ipairs(body.inventory_adjustments or {}) do
        rename(row, "date", "adjustment_date")
    end
    if type(body.page_context) == "table" then body.page_context.has_more_page = nil end
    body.x_drift = true
    return res
end
