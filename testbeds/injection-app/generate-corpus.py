#!/usr/bin/env python3
"""Writes src/main/resources/corpus/<category>.jsonl, the injection app's benign request corpus.

The .jsonl files are what the tests read and are committed; this script records how they were
made and regenerates them identically (no randomness). Every request aims at a vulnerable
endpoint and is harmless: realistic input that naive filters mistake for attacks (names with
apostrophes, SQL words in free text, file names with dots, public URLs, documents without DTDs).

Two rules keep the corpus safe to replay on any machine:
  * URLs name hosts, never IP literals, so the app (run with a hosts file that knows only
    localhost) resolves nothing and sends nothing off the machine;
  * command input holds no shell metacharacters, so `sh -c "echo ping " + host` only echoes.

Usage: python3 generate-corpus.py   (from testbeds/injection-app)
"""
import json
import os
import urllib.parse

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "src", "main", "resources", "corpus")


def get(path, note, **params):
    return {"method": "GET", "path": path, "params": params, "note": note}


def post(path, body, note, content_type="application/xml"):
    return {"method": "POST", "path": path, "contentType": content_type, "body": body, "note": note}


# ---------------------------------------------------------------------------------------------
# people and words shared by several categories

SEEDED_USERS = ["alice", "bob", "dave", "erin", "grace", "heidi", "ivan", "judy", "Seán O'Brien",
                "Chloé D'Angelo", "Aminata N'Diaye", "José García", "Zoë Müller", "Søren Kierkegaard",
                "Łukasz Wiśniewski", "王伟", "李娜", "Grant Union", "Drew Table"]

FIRST_NAMES = ["Emma", "Liam", "Olivia", "Noah", "Ava", "Mateo", "Sofia", "Lucas", "Mia", "Leo",
               "Amelia", "Hugo", "Isla", "Arthur", "Freya", "Oscar", "Ines", "Tomás", "Yuki", "Aarav",
               "Priya", "Chen", "Fatima", "Omar", "Ngozi", "Kwame", "Lars", "Ingrid", "Pierre", "Margaux"]

APOSTROPHE_NAMES = ["O'Brien", "O'Connor", "O'Neil", "D'Angelo", "N'Diaye", "d'Artagnan", "Dolores O'Riordan",
                    "Shaquille O'Neal", "Ngũgĩ wa Thiong'o", "Jean d'Ormesson", "Mary-Kate O'Hara",
                    "Conan O'Brien", "L'Oréal Paris", "Tom's Diner", "Rock 'n' Roll Band", "Guns N' Roses",
                    "D'Arcy Moore", "Sinéad O'Connor", "De'Aaron Fox", "K'naan"]

UNICODE_NAMES = ["Müller", "Ñoño", "Åsa Ek", "Ólafur Arnalds", "İlker Başbuğ", "Đorđe Balašević",
                 "Nguyễn Văn An", "김민준", "Дмитрий Шостакович", "محمد صلاح", "שרה כהן", "Γιώργος Σεφέρης",
                 "François Truffaut", "Björk Guðmundsdóttir", "Zoë Kravitz", "Renée Zellweger",
                 "Małgorzata Szumowska", "Ștefan cel Mare", "Kate 🌸", "田中太郎"]

SQL_WORD_TEXT = ["Select Comfort", "Union Pacific", "Drop Dead Fred", "Order of the Phoenix", "Grant Park",
                 "Delete Me Not", "Insert Coin", "Table Mountain", "Update Your Profile", "Where Is Everyone",
                 "From Dusk Till Dawn", "Join Us", "Null Island", "Alter Ego", "Create Space", "Exec Chef",
                 "Like a Rolling Stone", "Between Two Ferns", "Having Fun", "Group Therapy", "Case Closed",
                 "Select * from life", "Truncate the Story", "Declare Independence", "Begin Again",
                 "Commit to Fitness", "Rollback Prices", "Index Fund", "Primary Key Locksmiths",
                 "Drop the Mic", "Union Station", "Exists Somewhere", "Cast Away", "Values and Virtues"]

PUNCTUATION_TEXT = ["Smith; Jones", "A -- B", "100% cotton", "under_score", "#hashtag", "semi;colon",
                    "Ann & Bob", "x=y", "1+1=2", "C/C++ developers", "50/50", "e-mail: none", "Q&A",
                    "wait...", "(draft)", "[archived]", "{team}", "a|b", "tilde~", "dollar$", "caret^",
                    "back\\slash", "double \"quote\"", "colon: yes", "comma, separated", "trailing space ",
                    " leading space", "tab\tseparated", "mid-dash — em", "ellipsis…"]

LAST_NAMES = ["Smith", "García", "Müller", "Rossi", "Dubois", "Kowalski", "Nakamura", "Okafor", "Silva", "Johansson"]

FULL_NAMES = [f + " " + LAST_NAMES[i % len(LAST_NAMES)] for i, f in enumerate(FIRST_NAMES)]

EMAILS = ["alice@example.com", "bob.smith@example.org", "first.last+tag@example.net",
          "o'reilly@example.com", "support@example.co.uk", "noreply@example.io"]


# ---------------------------------------------------------------------------------------------

def sql():
    rows = []
    for n in SEEDED_USERS:
        rows.append(get("/sql/user", "an existing user", name=n))
    for n in FULL_NAMES:
        rows.append(get("/sql/user", "a full name, no such user", name=n))
    for n in FIRST_NAMES:
        rows.append(get("/sql/user", "a first name, no such user", name=n))
    for n in APOSTROPHE_NAMES:
        rows.append(get("/sql/user", "a name with an apostrophe: the vulnerable query fails with 400", name=n))
    for n in UNICODE_NAMES:
        rows.append(get("/sql/user", "a name in another script or with accents", name=n))
    for n in SQL_WORD_TEXT:
        rows.append(get("/sql/user", "SQL keywords in free text", name=n))
    for n in PUNCTUATION_TEXT:
        rows.append(get("/sql/user", "punctuation that means something in SQL elsewhere", name=n))
    for n in EMAILS:
        rows.append(get("/sql/user", "an e-mail address typed as a name", name=n))
    rows.append(get("/sql/user", "an empty name", name=""))
    rows.append(get("/sql/user", "upper case", name="ALICE"))
    for i in list(range(1, 26)) + [0, 99, 1000, 999999]:
        rows.append(get("/sql/user-by-id", "a numeric id", id=str(i)))
    for v in ["007", " 3", "12 ", "3.0", "1e1", "-1", "+4", "00", "2147483647", "9223372036854775807"]:
        rows.append(get("/sql/user-by-id", "a number written oddly", id=v))
    for v in ["abc", "12a", "", "one", "#5", "id-7", "3,5", "N/A"]:
        rows.append(get("/sql/user-by-id", "not a number: the vulnerable query fails with 400", id=v))
    for col in ["id", "name", "email", "city"]:
        for direction in ["", " asc", " desc", " ASC", " DESC"]:
            rows.append(get("/sql/users", "a sort column", order=col + direction))
    for v in ["NAME", "City", "name, city", "city, name desc", "2", "3 desc", "", "created_at", "last_login desc"]:
        rows.append(get("/sql/users", "a sort request as a client library might send it", order=v))
    return rows


def command():
    rows = []
    bases = ["example.com", "example.org", "example.net", "example.co.uk", "example.io", "example.de",
             "example.fr", "example.jp", "example.com.au", "example.internal"]
    subs = ["www", "mail", "api", "cdn-01", "db-primary", "vpn", "intranet", "git", "build-07", "smtp.eu-west-1",
            "printer-3rd-floor.office", "k8s-node-12.cluster", "status", "auth.login", "ftp", "ns1", "backup-2024",
            "app.staging"]
    for s in subs:
        for b in bases[:len(bases) if s in ("www", "mail", "api") else 4]:
            rows.append(get("/cmd/ping", "a host name", host=s + "." + b))
    for dc in ["dc1", "fra1", "nyc3", "sgp1", "lon2"]:
        for k, role in enumerate(["web", "db", "cache", "queue", "search", "lb", "worker", "mx", "ci", "vault"]):
            rows.append(get("/cmd/ping", "a host of a fleet", host="%s-%02d.%s.example.com" % (role, k + 1, dc)))
    for svc in ["mysql-0.mysql.db.svc.cluster.local", "redis-master.cache.svc.cluster.local",
                "kafka-2.kafka-headless.streaming.svc.cluster.local", "api.default.svc", "grafana.monitoring",
                "ip-10-0-1-23.ec2.internal", "ip-172-31-5-9.eu-west-1.compute.internal",
                "ec2-203-0-113-25.compute-1.example.com", "vm-build-agent-3.westeurope.cloudapp.example.net",
                "node-7f9c2.pool-a.example.cloud"]:
        rows.append(get("/cmd/ping", "an internal service name", host=svc))
    for ip in ["192.0.2.%d" % n for n in (10, 20, 33, 47, 128)] + ["198.51.100.%d" % n for n in (1, 64, 99, 150, 250)]:
        rows.append(get("/cmd/ping", "a documentation-range address (echoed only)", host=ip))
    for h in ["localhost", "my-laptop.local", "host.example.com.", "EXAMPLE.COM", "Example.Org",
              "_sip._tcp.example.com", "xn--mnchen-3ya.example", "münchen.example", "bücher.example",
              "a.b.c.d.e.example.com", "x", "a-very-long-host-name-with-many-hyphens-1234567890.example.com",
              "srv01", "db", "nas.home.arpa", "router.lan", "gateway", "raspberrypi.local"]:
        rows.append(get("/cmd/ping", "a host name that looks odd but is valid", host=h))
    for ip in ["192.0.2.1", "192.0.2.254", "198.51.100.7", "198.51.100.200", "203.0.113.10", "203.0.113.99",
               "127.0.0.1", "0.0.0.0", "255.255.255.255", "::1", "2001:db8::1", "2001:db8:85a3::8a2e:370:7334",
               "fe80::1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "100.64.0.1"]:
        rows.append(get("/cmd/ping", "an IP address (echoed only, never contacted)", host=ip))
    for h in ["example.com:443", "example.com:8080", "ldap.example.com:636", "db.example.com:5432",
              "mail.example.com:25"]:
        rows.append(get("/cmd/ping", "a host with a port", host=h))
    for h in ["web-01 web-02", "example.com example.org", "host-a,host-b", "host+test.example.com",
              "host=db1", "user@example.com", "example.com/path", "http://example.com", "example.com.",
              "1.example.com", "123", "0", "-v", "--help", "@home", "%20", "a.b", "ab..cd.example", "a_b.example"]:
        rows.append(get("/cmd/ping", "input a form sends when a user types something unexpected", host=h))
    return rows


def path():
    docs = [l.strip() for l in open(os.path.join(os.path.dirname(OUT), "fixtures", "docs.txt"), encoding="utf-8")
            if l.strip() and not l.startswith("#")]
    rows = []
    for name in docs:
        rows.append(get("/file/read", "an existing document", name=name))
    for name in docs:
        rows.append(get("/file/download", "an existing document, percent-encoded by the front-end",
                        name=urllib.parse.quote(name, safe="")))
    for name in docs:
        if "%" not in name and "+" not in name:
            rows.append(get("/file/download", "a download link whose name the front-end left unencoded", name=name))
    for name in ["./readme.txt", "guides/./install.md", "guides//install.md", "README.TXT", "readme",
                 "readme.txt.bak", "readme.txt~", "missing.txt", "report-2025.q4.csv", "guides/missing.md",
                 "v2.0.1.tar.gz", "archive.2024.01.zip", "notes...txt", "..notes.txt", "notes..", "file.",
                 "café-menü.txt", "Résumé.md", "новый файл.txt", "报告.docx", "a b c.txt", "%41.txt",
                 "guides", "reports/2023", "reports/2025/annual.txt", "data/users.csv", "images/logo.png",
                 "legal/contract.pdf", "faq.MD", "welcome.htm", "index.html", "favicon.ico", "robots.txt",
                 ".gitignore", ".env.example", "config.yml", "settings.json", "package.json", "pom.xml",
                 "data/etc/passwd.txt", "passwd", "shadow.txt", "win.ini", "boot.ini.txt", "etc", "root.txt",
                 "home.txt", "var-log.txt", "dotdot.txt", "dot.dot.txt", "...", "..txt"]:
        rows.append(get("/file/read", "a name with dots or unusual characters; 404 when it does not exist", name=name))
    for name in ["meeting%20notes.txt", "caf%C3%A9-menu.txt", "r%C3%A9sum%C3%A9.md", "100%25%20done.txt",
                 "a%2Bb%3Dc.txt", "guides%2Finstall.md", "missing%20file.txt", "report-2024.q1.csv",
                 "plain-name.txt", "%E6%97%A5%E6%9C%AC%E8%AA%9E.txt", "notes..txt", "release-notes.1.4.2.txt"]:
        rows.append(get("/file/download", "a download link as the front-end writes it", name=name))
    return rows


def ssrf():
    urls = []
    hosts = ["example.com", "www.example.com", "example.org", "www.example.org", "example.net",
             "en.wikipedia.org", "www.w3.org", "www.iana.org", "docs.oracle.com", "openjdk.org",
             "api.github.com", "raw.githubusercontent.com", "news.ycombinator.com", "www.bbc.co.uk",
             "feeds.example.com", "cdn.example.net", "images.example.org", "blog.example.com",
             "status.example.io", "hooks.example.com"]
    paths = ["/", "/index.html", "/feed.xml", "/rss", "/api/v1/items?page=2&size=50", "/images/logo.png",
             "/docs/guide.pdf", "/wiki/Java_(programming_language)", "/search?q=secplane+security&lang=en",
             "/a/b/c/d.json", "/path/with.dots/file.v2.txt", "/caf%C3%A9/menu"]
    for i, h in enumerate(hosts):
        for j, p in enumerate(paths):
            if (i + j) % 3 != 0:
                urls.append(("https://" + h + p, "a public page"))
    for u in ["http://example.com/", "https://example.com:443/", "https://example.com:8443/admin-console",
              "HTTPS://EXAMPLE.COM/UPPER", "https://example.com/#section-2", "https://example.com/?",
              "https://example.com/%7Euser/", "https://bücher.example/katalog", "https://xn--bcher-kva.example/",
              "https://example.com/a?redirect=https%3A%2F%2Fexample.org%2F", "https://example.com/a?next=/home",
              "https://example.com/a?url=https://example.org/b", "https://sub.sub.sub.example.com/deep/path",
              "https://example.com/file.tar.gz", "https://example.com/%E6%97%A5%E6%9C%AC",
              "https://example.com/search?q=127.0.0.1", "https://example.com/docs/localhost-setup.html",
              "https://example.com/metadata", "https://example.com/latest/meta-data/", "https://example.com/admin"]:
        urls.append((u, "a public URL whose text mentions things SSRF filters look for"))
    for u in ["example.com/page", "www.example.com", "ftp://example.com/file.txt", "https://", "not a url",
              "//example.com/path"]:
        urls.append((u, "not a fetchable http URL: 400 or 502"))
    rows = []
    for k, (u, note) in enumerate(urls):
        rows.append(get("/fetch" if k % 2 == 0 else "/fetch/client",
                        note + " (offline: the fetch fails with 502, which is fine)", url=u))
        if k % 3 == 0:
            rows.append(get("/fetch/client" if k % 2 == 0 else "/fetch", note + ", the other client", url=u))
    return rows


def xxe():
    docs = []
    products = [("book", "Effective Java", 45.5), ("pen", "Fountain pen ✒", 12.0), ("café", "Café moulu 250 g", 7.9),
                ("chair", "Chair \"Aalto\"", 189.0), ("cable", "USB-C < 2 m", 9.99), ("mug", "Tom & Jerry mug", 11.5),
                ("tea", "緑茶 (green tea)", 6.4), ("lamp", "Lamp 'Arco'", 349.0)]
    customers = ["Seán O'Brien", "José García", "Zoë Müller", "王伟", "Anne-Marie Dupont", "Smith & Sons Ltd"]
    for i, (sku, title, price) in enumerate(products):
        for j, c in enumerate(customers):
            esc_title = title.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;")
            esc_c = c.replace("&", "&amp;")
            docs.append(('<?xml version="1.0" encoding="UTF-8"?>\n<order id="%d"><customer>%s</customer>'
                         '<item sku="%s" qty="%d"><title>%s</title><price currency="EUR">%.2f</price></item></order>'
                         % (1000 + i * 10 + j, esc_c, sku, j + 1, esc_title, price), "an order"))
    for i in range(20):
        docs.append(('<rss version="2.0"><channel><title>Example News %d</title><link>https://example.com/</link>'
                     '<item><title>Release %d.%d &amp; notes</title><link>https://example.com/r/%d</link>'
                     '<description><![CDATA[<p>Fixes for <b>SQL</b> "select" bugs &amp; more</p>]]></description>'
                     '<pubDate>Mon, 0%d Jan 2024 10:00:00 GMT</pubDate></item></channel></rss>'
                     % (i, i, i + 1, i, (i % 9) + 1), "an RSS feed with CDATA"))
    for i in range(10):
        docs.append(('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
                     '<title>Atom feed %d</title><id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af%d</id>'
                     '<updated>2024-0%d-13T18:30:02Z</updated><entry><title>Entry with &lt;angle&gt; text</title>'
                     '<link href="https://example.org/e/%d?a=1&amp;b=2"/><id>urn:uuid:%d</id></entry></feed>'
                     % (i, i, (i % 9) + 1, i, i), "an Atom feed with a namespace"))
    for i in range(20):
        docs.append(('<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" '
                     'xmlns:m="https://example.com/stock"><soap:Header/><soap:Body><m:GetPrice>'
                     '<m:Item>%s</m:Item><m:Quantity>%d</m:Quantity></m:GetPrice></soap:Body></soap:Envelope>'
                     % (["Apples", "Pears", "O'Neil Widgets", "Ñandú eggs", "Tea &amp; Biscuits", "Select Comfort bed"][i % 6], i + 1),
                     "a SOAP request"))
    for i in range(10):
        docs.append(('<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 100 100">'
                     '<title>Icon %d</title><circle cx="50" cy="50" r="%d" fill="#%02x%02x%02x"/>'
                     '<text x="10" y="90">Label &#x2713; %d</text></svg>' % (16 * (i + 1), 16 * (i + 1), i, 10 + i * 3,
                                                                               i * 20, 255 - i * 20, 128, i),
                     "an SVG image without a DOCTYPE"))
    for i in range(10):
        docs.append(('<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="fr"><head><title>Page %d</title></head>'
                     '<body><p>Bonjour &#233;t&#233; n&#176;%d — <em>voilà</em></p><br/></body></html>' % (i, i),
                     "XHTML without a DOCTYPE, with character references"))
    for i in range(10):
        docs.append(('<?xml version="1.0"?>\n<!-- configuration exported %d -->\n<?app-config version="2"?>\n'
                     '<config env="%s"><database url="jdbc:h2:mem:test" user="sa" pool="%d"/>'
                     '<feature name="select-all" enabled="true"/><feature name="drop-shipping" enabled="false"/>'
                     '<path>/var/lib/app/data</path><path>../relative/dir</path></config>'
                     % (i, ["dev", "test", "prod", "staging", "qa"][i % 5], 5 + i), "a config file with a comment and a PI"))
    for i in range(10):
        docs.append(('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/p/%d</loc>'
                     '<lastmod>2024-01-%02d</lastmod><priority>0.%d</priority></url><url><loc>https://example.com/file:%d</loc>'
                     '</url></urlset>' % (i, i + 1, i, i), "a sitemap"))
    for i in range(10):
        docs.append(('<gpx version="1.1" creator="Example"><trk><name>Run %d</name><trkseg>'
                     '<trkpt lat="45.%d" lon="4.%d"><ele>%d</ele><time>2024-05-0%dT07:00:00Z</time></trkpt>'
                     '</trkseg></trk></gpx>' % (i, i * 7, i * 3, 170 + i, (i % 9) + 1), "a GPS track"))
    for i in range(10):
        docs.append(('<invoice xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
                     'xsi:noNamespaceSchemaLocation="https://example.com/invoice.xsd" number="INV-%04d">'
                     '<party role="seller">Müller &amp; Söhne GmbH</party><party role="buyer">D\'Angelo SARL</party>'
                     '<line><desc>Consulting, 5 days</desc><amount>%d.00</amount></line><total>%d.00</total></invoice>'
                     % (i, 1000 + i * 50, 1000 + i * 50), "an invoice naming a schema (not a DTD)"))
    for body in ["<a/>", "<a></a>", "<a>text</a>", "<root>  spaced  text  </root>", '<r a="1" b=\'2\'/>',
                 "<r>&lt;script&gt;alert(1)&lt;/script&gt;</r>", "<r>&amp;entity; is just text</r>",
                 "<r><![CDATA[<!DOCTYPE not-a-doctype>]]></r>", "<r>SYSTEM \"file:///etc/passwd\" as text</r>",
                 "<r>&#60;!ENTITY x&#62;</r>", "<data><n>1</n><n>2</n><n>3</n></data>", "<x:y xmlns:x=\"urn:x\"/>",
                 "<r xml:space=\"preserve\">\n\t keep \n</r>", "<r>%s</r>" % ("long text " * 400),
                 "<list>%s</list>" % "".join("<i>%d</i>" % k for k in range(300)),
                 "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><r>latin</r>", "<r>😀 emoji and 中文</r>",
                 "\ufeff<r>byte order mark</r>", "<r><!-- a comment --></r>"]:
        docs.append((body, "a small or odd but well-formed document"))
    rows = []
    for k, (body, note) in enumerate(docs):
        rows.append(post("/xml/parse" if k % 2 == 0 else "/xml/sax", body, note))
        if k % 4 == 0:
            rows.append(post("/xml/sax" if k % 2 == 0 else "/xml/parse", body, note + ", the other parser"))
    return rows


def ldap():
    rows = []
    for uid in ["alice", "bob", "carol", "dave", "erin", "jose.garcia", "zoe.muller", "sean.obrien",
                "anne marie", "wang.wei"]:
        rows.append(get("/ldap/find", "an existing uid", user=uid))
    for n in FIRST_NAMES:
        rows.append(get("/ldap/find", "a first name", user=n.lower()))
    for first, last in [("mary", "smith"), ("john", "doe"), ("jean-luc", "picard"), ("anne-sophie", "mutter"),
                        ("li", "wei"), ("maría josé", "lópez"), ("van der", "berg"), ("de la", "cruz"),
                        ("o'brien", "sean"), ("d'angelo", "chloe"), ("françois", "hollande"), ("søren", "lund"),
                        ("björn", "borg"), ("zoë", "kravitz"), ("łukasz", "nowak"), ("ólafur", "arnalds")]:
        rows.append(get("/ldap/find", "first.last", user=first + "." + last))
        rows.append(get("/ldap/find", "first last with a space", user=first + " " + last))
        rows.append(get("/ldap/find", "firstlast", user=(first + last).replace(" ", "")))
    for n in UNICODE_NAMES + APOSTROPHE_NAMES + FULL_NAMES:
        rows.append(get("/ldap/find", "a display name typed as a uid", user=n))
    for f, l in zip(FIRST_NAMES, LAST_NAMES * 3):
        rows.append(get("/ldap/find", "initial and surname", user=(f[0] + l).lower()))
    for uid in ["user01", "user_02", "jdoe2", "a.b.c", "svc-backup", "admin-readonly", "test.user+1",
                "alice@example.com", "ALICE", "Alice", "  alice", "alice  ", "x", "a-b_c.d", "12345", "uid",
                "objectClass", "person", "cn=alice", "ou=people", "dc=example", "&", "|", "!", "=", "~",
                "John (Jack) Smith", "r&d team", "ops|dev", "a=b", "ümlaut", "名前", "имя", "nombre-ñ"]:
        rows.append(get("/ldap/find", "a uid with punctuation that filters use elsewhere", user=uid))
    return rows


def xpath():
    rows = []
    for n in ["alice", "bob", "carol", "dave", "José García", "Zoë \"Z\" Müller", "王伟"]:
        rows.append(get("/xpath/find", "an existing user", name=n))
    for n in FIRST_NAMES + FULL_NAMES + UNICODE_NAMES + SQL_WORD_TEXT:
        rows.append(get("/xpath/find", "a name", name=n))
    for n in APOSTROPHE_NAMES:
        rows.append(get("/xpath/find", "a name with an apostrophe: the vulnerable expression fails with 400", name=n))
    for n in ["Tom and Jerry", "Black or White", "not me", "div by zero", "mod squad", "A/B testing", "AC/DC",
              "//comment", "@handle", "[draft]", "a | b", "x = y", "1 < 2", "2 > 1", "$price", "count(*)",
              "text()", "node()", "name()", "last()", "position() = 1", "\"quoted\"", "ancestor", "child::x",
              "star*", "a::b", "-1", "0", "3.14", "", " ", "  padded  ", "ümlaut", "tab\there"]:
        rows.append(get("/xpath/find", "text with XPath words or symbols", name=n))
    for e in EMAILS:
        rows.append(get("/xpath/find", "an e-mail address", name=e))
    for n in PUNCTUATION_TEXT:
        rows.append(get("/xpath/find", "punctuation", name=n))
    return rows


def expression():
    rows = []
    formulas = ["price", "quantity", "discount", "weight", "currency", "country", "items", "customer.name",
                "customer.tier", "customer.orders", "customer.verified", "price * quantity",
                "price * quantity * (1 - discount)", "price * quantity - price * quantity * discount",
                "(price - 5) / 2", "price + 4.99", "weight * 2.5 + 4.99", "quantity > 2", "quantity >= 3",
                "quantity % 2 == 0", "price ^ 2", "price > 10 and quantity < 5", "price < 10 or quantity > 5",
                "!customer.verified", "not customer.verified", "customer.tier == 'gold'", "customer.tier != 'silver'",
                "customer.orders >= 10 ? 0.15 : 0.05", "country == 'FR' and weight < 2", "country ?: 'unknown'",
                "currency + ' ' + price", "'Total: ' + price * quantity", "items[0]", "items[2]", "items.size()",
                "customer.name.length()", "customer.name.toUpperCase()", "price between {10, 20}",
                "customer.name matches '[A-Z].*'", "{1, 2, 3}", "{'a': 1}", "1 + 2 * 3", "10 / 4", "10 div 4",
                "10 mod 3", "2.5e2", "0x1F", "'O''Brien'", "'text with \"quotes\"'", "null", "true", "false",
                "price lt 100", "price gt 1", "quantity eq 3", "quantity ne 4", "weight le 1.25", "weight ge 1",
                "price * quantity > 50 ? 'free shipping' : 'standard'", "-price", "+quantity",
                "customer.orders * 2 + quantity", "(price + weight) * (quantity - 1)", "items?.size()",
                "customer?.tier"]
    multipliers = ["1.1", "0.9", "1.2", "0.8", "1.05", "0.95", "2", "0.5", "1.19", "0.7"]
    for f in formulas:
        rows.append(get("/spel/eval", "a pricing formula", expr=f))
    for m in multipliers:
        for f in ["price * " + m, "price * quantity * " + m, "weight * " + m + " + 3.5",
                  "quantity > 2 ? price * " + m + " : price", "price * quantity * (1 - discount) * " + m,
                  "customer.orders > 5 ? " + m + " : 1", "(price + 2.5) * " + m, "price * " + m + " >= 20"]:
            rows.append(get("/spel/eval", "a pricing formula with a coefficient", expr=f))
    for f in ["price *", "quantity >", "(price", "price)", "unknownField", "customer.missing", "price * 'x'",
              "items[9]", "1 / 0", "", "   "]:
        rows.append(get("/spel/eval", "a formula with a mistake: 400", expr=f))
    for n in FIRST_NAMES + FULL_NAMES[:10] + UNICODE_NAMES[:10] + ["Price: $5", "#1 fan", "T-Rex", "50% off", "a + b", "x * y",
                                                "{braces}", "#{not a template}", "${not a placeholder}", "new user",
                                                "Runtime Terror (band)", "class act", "System of a Down"]:
        rows.append(get("/spel/greet", "a name for the greeting", name=n))
    for n in APOSTROPHE_NAMES[:8]:
        rows.append(get("/spel/greet", "an apostrophe ends the template's literal: 400", name=n))
    return rows


def xss():
    rows = []
    for n in FIRST_NAMES + FULL_NAMES + UNICODE_NAMES + APOSTROPHE_NAMES + SQL_WORD_TEXT:
        rows.append(get("/hello", "a name", name=n))
    for n in ["Tom & Jerry", "AT&T", "R&D", "a < b", "5 > 3", "<3", "I <3 Java", "1 < 2", "a<=b", "b>=a",
              "=>", "->", "<-", "<<", ">>", "< >", "\"quoted\"", "'single'", "say \"hi\"", "C++", "C#", "F#",
              "alert", "script kiddie", "onload", "javascript enthusiast", "document.cookie fan", "eval Eve",
              "iframe Ida", "svg artist", "img ← arrow", "mail@example.com", "https://example.com/me",
              "50% off", "price: 5 €", "#hashtag", "@mention", "back\\slash", "semi;colon", "equals=sign",
              "", "   ", "a" * 200, "emoji 🎉🎈", "RTL עברית", "tab\there", "line\nbreak", "null", "undefined",
              "&amp; literally", "&lt;b&gt;", "%3Cscript%3E as text", "\\u003c escaped"]:
        rows.append(get("/hello", "text with characters HTML cares about, but no markup", name=n))
    for e in EMAILS + PUNCTUATION_TEXT:
        rows.append(get("/hello", "punctuation", name=e))
    return rows


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, make in [("sql", sql), ("command", command), ("path", path), ("ssrf", ssrf), ("xxe", xxe),
                       ("ldap", ldap), ("xpath", xpath), ("expression", expression), ("xss", xss)]:
        rows = make()
        seen = set()
        unique = []
        for r in rows:
            if not r.get("params"):
                r.pop("params", None)
            key = json.dumps([r["method"], r["path"], r.get("params"), r.get("body")], ensure_ascii=False, sort_keys=True)
            if key not in seen:
                seen.add(key)
                unique.append(r)
        with open(os.path.join(OUT, name + ".jsonl"), "w", encoding="utf-8", newline="\n") as out:
            for r in unique:
                out.write(json.dumps(r, ensure_ascii=False) + "\n")
        print("%-10s %4d requests" % (name, len(unique)))


if __name__ == "__main__":
    main()
