-- GET with an optional header: args = header name, value.
function init(args)
  if args[1] and args[1] ~= "" then wrk.headers[args[1]] = args[2] end
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
