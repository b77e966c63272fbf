-- A steady mixed benign workload for the injection app, one request of each line in turn:
--   wrk -t2 -c16 -d60s --latency -s testbeds/injection-app/load/mixed.lua http://127.0.0.1:<port>
-- Every request reaches a real sink (H2, a file, LDAP over loopback, XPath, SpEL, the XML parser, HTML
-- output); the command endpoint forks a process and so appears once in twelve. No fetch: offline it
-- would only measure a failed name lookup.
local order = '<?xml version="1.0" encoding="UTF-8"?><order id="1001"><customer>Zoë Müller</customer>'
    .. '<item sku="book" qty="2"><title>Effective Java</title><price currency="EUR">45.50</price></item></order>'

local requests = {}

-- Formatted in init, once per thread: only then does wrk.format know the Host header.
init = function(args)
  requests = {
    wrk.format("GET", "/sql/user?name=alice"),
    wrk.format("GET", "/sql/user-by-id?id=2"),
    wrk.format("GET", "/sql/users?order=name"),
    wrk.format("GET", "/file/read?name=readme.txt"),
    wrk.format("POST", "/xml/parse", { ["Content-Type"] = "application/xml" }, order),
    wrk.format("POST", "/xml/sax", { ["Content-Type"] = "application/xml" }, order),
    wrk.format("GET", "/ldap/find?user=alice"),
    wrk.format("GET", "/xpath/find?name=bob"),
    wrk.format("GET", "/spel/eval?expr=price%20*%20quantity%20*%20(1%20-%20discount)"),
    wrk.format("GET", "/spel/greet?name=Emma"),
    wrk.format("GET", "/hello?name=Tom%20%26%20Jerry"),
    wrk.format("GET", "/cmd/ping?host=web-01.dc1.example.com"),
  }
end

local next_index = 0

request = function()
  next_index = next_index % #requests + 1
  return requests[next_index]
end

-- wrk counts every answer outside 2xx and 3xx, so a protected run shows at once if a benign request was blocked.
done = function(summary, latency, requests_done)
  io.write(string.format("answers outside 2xx/3xx: %d of %d\n", summary.errors.status, summary.requests))
end
