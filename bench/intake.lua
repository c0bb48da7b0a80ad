-- intake.lua - wrk script for POST /api/v1/public/cases with varied bodies.
-- Villages come from the file named by BENCH_VILLAGES (one code a line),
-- written by scripts/bench.sh from the benchmark database. Every 201 is an
-- acknowledged case; anything else is counted by status and reported, so a
-- fast run that is really a run of errors cannot pass for a result.
local villages = {}
local categories = {"neighbor", "marriage_family", "housing_homestead", "land_contract", "labor",
  "wage_arrears", "property_mgmt", "traffic", "consumer", "environment", "public_facility",
  "public_security", "village_affairs", "inheritance_support", "other"}
local texts = {
  "隔壁邻居装修把公共楼道堵住了，老人出行很不方便，协商了几次都没有结果",
  "村里修路占了我家的承包地，补偿款到现在还没有发下来，希望有关部门给个说法",
  "在工地干了三个月活，包工头一直拖着不给工钱，过年回家的路费都没有",
  "小区物业收了停车费却不管理，外来车辆乱停，消防通道经常被堵",
  "两家因为宅基地边界问题发生争执，对方砌墙占了我家一米多的地方",
  "村东头的小作坊晚上排放刺鼻的废气，周边住户晚上都睡不好觉",
  "老人有三个子女，现在都不愿意承担赡养费用，老人生活很困难",
  "网购的家电有质量问题，商家拒绝退换，客服电话也打不通",
}
local surnames = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"}
local given = {"建国", "秀英", "志强", "丽", "伟", "芳", "敏", "军", "桂兰", "海燕"}

local counter = 0
statuses = {}
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local path = os.getenv("BENCH_VILLAGES")
  if path then
    for line in io.lines(path) do
      if #line > 0 then villages[#villages + 1] = line end
    end
  end
  if #villages == 0 then villages = {"130102001001"} end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
  statuses = {}
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"category":"%s","org":"%s","description":"%s（第%d次反映）","applicant":{"name":"%s%s","phone":"13%09d"}}',
    categories[math.random(#categories)], villages[math.random(#villages)],
    texts[math.random(#texts)], counter, surnames[math.random(#surnames)],
    given[math.random(#given)], math.random(0, 999999999))
  return wrk.format("POST", "/api/v1/public/cases", {["Content-Type"] = "application/json"}, body)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local by = {}
  local created, other = 0, 0
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for code, n in pairs(s) do
      by[code] = (by[code] or 0) + n
      if code == 201 then created = created + n else other = other + n end
    end
  end
  local parts = {}
  for code, n in pairs(by) do parts[#parts + 1] = string.format('"%d": %d', code, n) end
  io.write(string.format(
    'BENCH_JSON {"requests": %d, "created": %d, "non_201": %d, "statuses": {%s}, "seconds": %.3f, '
    .. '"socket_errors": %d, "p50_ms": %.3f, "p99_ms": %.3f}\n',
    summary.requests, created, other, table.concat(parts, ", "), summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
