-- Complete authorization-code flows with an existing SSO session: authorize -> 303 with code ->
-- token. One Lua state per wrk thread; codes received are queued and redeemed by the next request.
local authorize_path, cookie, token_path, basic, redirect_uri = nil, nil, nil, nil, nil
-- Globals, so that done() can read each thread's counters with thread:get().
queue, flows, failures = {}, 0, 0

function init(args)
  authorize_path, cookie, token_path, basic, redirect_uri = args[1], args[2], args[3], args[4], args[5]
end

function request()
  local code = table.remove(queue)
  if code then
    return wrk.format("POST", token_path, {
      ["Authorization"] = "Basic " .. basic,
      ["Content-Type"] = "application/x-www-form-urlencoded"
    }, "grant_type=authorization_code&code=" .. code .. "&redirect_uri=" .. redirect_uri)
  end
  return wrk.format("GET", authorize_path, { ["Cookie"] = cookie })
end

function response(status, headers, body)
  if status == 303 then
    local code = string.match(headers["Location"] or headers["location"] or "", "[?&]code=([^&]+)")
    if code then table.insert(queue, code) else failures = failures + 1 end
  elseif status == 200 then
    flows = flows + 1
  else
    failures = failures + 1
  end
end

local threads = {}
function setup(thread) table.insert(threads, thread) end
function done(summary, latency, requests)
  local total_flows, total_failures = 0, 0
  for _, t in ipairs(threads) do
    total_flows = total_flows + (t:get("flows") or 0)
    total_failures = total_failures + (t:get("failures") or 0)
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("FLOWS %d %.1f %d\n", total_flows, total_flows / seconds, total_failures))
end
