#!/usr/bin/env python3
# Reads a control-plane server log (bench/target/plane-work/push/server/server.log by default) and prints,
# for each POST /v1/policies, when the server finished its 200 snapshot answers and when the ACKs
# were logged, in ms after the push (request-log timestamps, server clock). Used for docs/benchmarks.md.
import json, sys
from datetime import datetime
L=sys.argv[1] if len(sys.argv) > 1 else 'bench/target/plane-work/push/server/server.log'
rows=[json.loads(l) for l in open(L) if l.startswith('{')]
def t(r): return datetime.fromisoformat(r['time'][:26])
pushes=[t(r) for r in rows if r.get('path')=='/v1/policies']
q=lambda a,x: round(a[min(len(a)-1,int(x*len(a)))]) if a else None
for i,p in enumerate(pushes):
    end = pushes[i+1] if i+1 < len(pushes) else datetime.max
    st=sorted((t(r)-p).total_seconds()*1000 for r in rows if r.get('path','').endswith('/snapshot') and r.get('status')==200 and p<=t(r)<end)
    acks=sorted((t(r)-p).total_seconds()*1000 for r in rows if r.get('path','').endswith('/ack') and p<=t(r)<end)
    print('push',i+1,'server sent snapshot 200s: p50',q(st,.5),'p99',q(st,.99),'max',st[-1] if st else None,'n',len(st),'| ACK logged p50',q(acks,.5),'p99',q(acks,.99),'n',len(acks))
