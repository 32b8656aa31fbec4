-- Shared reporting for the Samklang benchmark scripts.
--
-- Every script loads this file; it counts response status codes per thread and,
-- when wrk finishes, prints one machine-readable line:
--
--   SAMKLANG_BENCH {"requests":..,"duration_s":..,"rps":..,"p50_ms":..,...}
--
-- tests/bench/run.py parses that line. Non-2xx responses are counted exactly
-- (wrk's own summary only counts status >= 400).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

-- Per-thread state (each wrk thread has its own Lua state).
statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function ms(us)
  return us / 1000.0
end

function done(summary, latency, requests)
  local merged = {}
  for _, thread in ipairs(threads) do
    local counts = thread:get("statuses")
    if counts then
      for status, n in pairs(counts) do
        merged[status] = (merged[status] or 0) + n
      end
    end
  end

  local non2xx = 0
  local parts = {}
  for status, n in pairs(merged) do
    if status < 200 or status > 299 then
      non2xx = non2xx + n
    end
    table.insert(parts, string.format('"%d":%d', status, n))
  end
  table.sort(parts)

  local duration_s = summary.duration / 1e6
  local e = summary.errors
  print(string.format(
    'SAMKLANG_BENCH {"requests":%d,"duration_s":%.3f,"rps":%.2f,'
      .. '"p50_ms":%.3f,"p90_ms":%.3f,"p95_ms":%.3f,"p99_ms":%.3f,'
      .. '"max_ms":%.3f,"mean_ms":%.3f,"non2xx":%d,"statuses":{%s},'
      .. '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d}}',
    summary.requests, duration_s, summary.requests / duration_s,
    ms(latency:percentile(50)), ms(latency:percentile(90)),
    ms(latency:percentile(95)), ms(latency:percentile(99)),
    ms(latency.max), ms(latency.mean), non2xx, table.concat(parts, ","),
    e.connect, e.read, e.write, e.timeout
  ))
end
