-- POST a fixed form body with optional Basic credentials: args = body, basic (may be "").
local body, basic = nil, nil
function init(args)
  body, basic = args[1], args[2]
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  if basic and basic ~= "" then wrk.headers["Authorization"] = "Basic " .. basic end
end
errors = 0
function response(status, headers, b)
  if status ~= 200 then errors = errors + 1 end
end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local e = 0
  for _, t in ipairs(threads) do e = e + (t:get("errors") or 0) end
  io.write(string.format("NON200 %d\n", e))
end
