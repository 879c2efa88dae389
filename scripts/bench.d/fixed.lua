-- One fixed request repeated: args = method, body ("" for none), header name ("" for none), header value.
-- Counts the answers that are not 200 (printed as NON200 by done()).
function init(args)
  wrk.method = args[1]
  if args[2] and args[2] ~= "" then
    wrk.body = args[2]
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
  end
  if args[3] and args[3] ~= "" then wrk.headers[args[3]] = args[4] end
end
errors = 0 -- global, so that done() can read each thread's count with thread:get()
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
