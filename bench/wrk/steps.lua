-- steps.lua -- one lifecycle step (BENCH_STEP: start, count, submit, approve) over the stock counts
-- listed in BENCH_IDS, each once: thread k takes ids k, k+T, k+2T... and stops when they run out.
-- The ids the server answered with 200 go to BENCH_DONE, for the next step.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")

local threads = {}
local counter = 0

function setup(thread)
   thread:set("index", counter)
   table.insert(threads, thread)
   counter = counter + 1
end

local step, ids, next_at, stride, body, prefix, query
done_ids = {}  -- global: done() reads it with thread:get

function init(args)
   step = os.getenv("BENCH_STEP")
   prefix = os.getenv("BENCH_PREFIX")         -- /inventory/v1/inventorycounts/
   query = os.getenv("BENCH_QUERY")           -- ?organization_id=...
   ids = {}
   for line in io.lines(os.getenv("BENCH_IDS")) do
      if #line > 0 then table.insert(ids, line) end
   end
   stride = tonumber(os.getenv("BENCH_THREADS"))
   next_at = index + 1
   done_ids = {}
   local body_file = os.getenv("BENCH_BODY_FILE")
   if body_file then
      local f = assert(io.open(body_file, "rb"))
      body = f:read("a")
      f:close()
   end
end

local methods = {start = "POST", count = "PUT", submit = "POST", approve = "PUT"}

function request()
   local id = ids[next_at]
   if not id then
      wrk.thread:stop()
      return wrk.format("GET", "/__admin/health")
   end
   next_at = next_at + stride
   local headers = {}
   for k, v in pairs(wrk.headers) do headers[k] = v end      -- -H Authorization: ...
   if body then headers["Content-Type"] = "application/json" end
   return wrk.format(methods[step], prefix .. id .. "/" .. step .. query, headers, body)
end

function response(status, headers, resp_body)
   if status == 200 then
      local id = resp_body:match('"inventorycount_id":"(%d+)"')
      if id then table.insert(done_ids, id) end
   end
end

function done(summary, latency, requests)
   local out = assert(io.open(os.getenv("BENCH_DONE"), "w"))
   local n = 0
   for _, t in ipairs(threads) do
      local list = t:get("done_ids")
      for _, id in ipairs(list) do
         out:write(id, "\n")
         n = n + 1
      end
   end
   out:close()
   -- wrk divides by the whole -d even when the ids ran out early: with every
   -- connection busy, connections / mean latency is the rate (Little's law).
   local connections = tonumber(os.getenv("BENCH_CONNECTIONS"))
   bench_report(summary, latency, string.format(',"ok":%d,"little_rps":%.1f', n,
                                                connections / (latency.mean / 1e6)))
end
