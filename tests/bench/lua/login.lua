-- POST /api/v1/auth/login with the demo admin (form body, as OAuth2 password flow).
-- Credentials can be overridden with BENCH_USERNAME / BENCH_PASSWORD.
local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "report.lua")

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c)
    return string.format("%%%02X", string.byte(c))
  end))
end

local username = os.getenv("BENCH_USERNAME") or "admin@demo.samklang.no"
local password = os.getenv("BENCH_PASSWORD") or "samklang-demo"

wrk.method = "POST"
wrk.headers["Accept"] = "application/json"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.body = "username=" .. urlencode(username) .. "&password=" .. urlencode(password)
