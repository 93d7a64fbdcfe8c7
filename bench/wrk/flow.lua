-- flow.lua -- the five-step stock count lifecycle, over and over: create, start, count, submit,
-- approve. One connection per thread (wrk -tN -cN), so a thread's responses come in its order.
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")

local threads = {}
function setup(thread) table.insert(threads, thread) end

local prefix, query, bodies, state, id
flows = 0

local function read(path)
   local f = assert(io.open(path, "rb"))
   local s = f:read("a")
   f:close()
   return s
end

function init(args)
   prefix = os.getenv("BENCH_PREFIX")
   query = os.getenv("BENCH_QUERY")
   local dir = os.getenv("BENCH_WORK")
   bodies = {create = read(dir .. "/create.json"), count = read(dir .. "/count.json"),
             approve = read(dir .. "/approve.json")}
   state = 0
end

local json

function request()
   if not json then
      json = {["Content-Type"] = "application/json"}
      for k, v in pairs(wrk.headers) do json[k] = v end   -- -H Authorization: ...
   end
   if state == 0 or not id then
      state = 0
      return wrk.format("POST", prefix .. query, json, bodies.create)
   elseif state == 1 then
      return wrk.format("POST", prefix .. "/" .. id .. "/start" .. query)
   elseif state == 2 then
      return wrk.format("PUT", prefix .. "/" .. id .. "/count" .. query, json, bodies.count)
   elseif state == 3 then
      return wrk.format("POST", prefix .. "/" .. id .. "/submit" .. query)
   end
   return wrk.format("PUT", prefix .. "/" .. id .. "/approve" .. query, json, bodies.approve)
end

function response(status, headers, body)
   if status ~= 200 and status ~= 201 then
      state = 0
      return
   end
   if state == 0 then id = body:match('"inventorycount_id":"(%d+)"') end
   if state == 4 then flows = flows + 1 end
   state = (state + 1) % 5
end

function done(summary, latency, requests)
   local total = 0
   for _, t in ipairs(threads) do total = total + t:get("flows") end
   bench_report(summary, latency, string.format(',"flows":%d,"flows_per_s":%.1f', total,
                                                total / (summary.duration / 1e6)))
end
