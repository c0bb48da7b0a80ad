-- get.lua - wrk script for GET requests over a list of paths (the file named
-- by BENCH_PATHS, one path a line), as a logged-in user (BENCH_COOKIE holds
-- the Cookie header). Reports latency percentiles and every status that was
-- not 200, so errors cannot pass for fast answers.
local paths = {}
local i = 0
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS")) do
    if #line > 0 then paths[#paths + 1] = line end
  end
  statuses = {}
  i = math.random(#paths) - 1
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {["Cookie"] = os.getenv("BENCH_COOKIE") or ""})
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local ok, other = 0, 0
  local parts = {}
  local by = {}
  for _, t in ipairs(threads) do
    for code, n in pairs(t:get("statuses")) do
      by[code] = (by[code] or 0) + n
      if code == 200 then ok = ok + n else other = other + n end
    end
  end
  for code, n in pairs(by) do parts[#parts + 1] = string.format('"%d": %d', code, n) end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "ok": %d, "non_200": %d, "statuses": {%s}, "seconds": %.3f, '
    .. '"p50_ms": %.3f, "p99_ms": %.3f, "max_ms": %.3f}\n',
    summary.requests, ok, other, table.concat(parts, ", "), summary.duration / 1e6,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
