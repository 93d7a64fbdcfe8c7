-- report.lua -- the one line every bench script prints when wrk is done: what bench.py reads
-- (requests, seconds, req/s, latency percentiles in ms, non-2xx answers, socket errors)
function bench_report(summary, latency, extra)
   local errors = summary.errors
   local line = string.format(
      '{"requests":%d,"seconds":%.3f,"rps":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,' ..
      '"non2xx":%d,"socket_errors":%d%s}',
      summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      errors.status, errors.connect + errors.read + errors.write + errors.timeout, extra or "")
   io.write("BENCH " .. line .. "\n")
end
