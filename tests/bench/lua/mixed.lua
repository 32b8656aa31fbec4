-- A mixed read/write load for `make bench-scale` (tests/bench/scale.py): per connection,
-- eight reads and two writes out of every ten requests, as the signed-in demo pilot
-- (BENCH_TOKEN):
--   reads:  GET /api/v1/feed?limit=20, /api/v1/workspaces?limit=20, /api/v1/me,
--           /api/v1/gatherings?when=upcoming (two each);
--   writes: PUT then DELETE /api/v1/follows/topics/<a topic new to every ten requests>
--           (a commit each, which also makes every process's kept feed answers stale;
--           never two PUTs of one topic at once, so no conflict between connections).
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local next_id = 0
local base_setup = setup
function setup(thread)
  next_id = next_id + 1
  thread:set("thread_id", next_id)
  base_setup(thread)
end

local reads = {
  "/api/v1/feed?limit=20",
  "/api/v1/workspaces?limit=20",
  "/api/v1/me",
  "/api/v1/gatherings?when=upcoming",
}
local n = 0
local headers = {
  ["Accept"] = "application/json",
  ["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or ""),
}

function request()
  n = n + 1
  local slot = n % 10
  local cycle = math.floor(n / 10)
  local topic = "/api/v1/follows/topics/bench-scale-" .. tostring(thread_id or 0) .. "-" .. cycle
  if slot == 4 then
    return wrk.format("PUT", topic, headers)
  elseif slot == 9 then
    return wrk.format("DELETE", topic, headers)
  end
  return wrk.format("GET", reads[(slot % 4) + 1], headers)
end
