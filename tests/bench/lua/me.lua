-- GET /api/v1/me with a bearer token that run.py obtained by logging in (BENCH_TOKEN).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local token = os.getenv("BENCH_TOKEN")
if not token or token == "" then
  error("BENCH_TOKEN is not set")
end

wrk.method = "GET"
wrk.headers["Accept"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. token
