-- plain.lua -- one fixed request (method and body from BENCH_METHOD and BENCH_BODY_FILE), the report line
dofile(os.getenv("BENCH_DIR") .. "/wrk/report.lua")

local method = os.getenv("BENCH_METHOD")
if method then wrk.method = method end
local body_file = os.getenv("BENCH_BODY_FILE")
if body_file then
   local f = assert(io.open(body_file, "rb"))
   wrk.body = f:read("a")
   f:close()
   wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
   bench_report(summary, latency)
end
