#!/usr/bin/env python3
"""make_seeds.py - writes the seed corpus of every fuzz target under
fuzz/corpus/<target>/: realistic valid requests and the invalid shapes each
parser must refuse. Re-running it rewrites the seeds it owns (seed-*);
reproducers of fixed crashes (crash-*, added by hand) are left alone."""
import hashlib
import json
import os
from urllib.parse import quote, urlencode

HERE = os.path.dirname(os.path.abspath(__file__))
KEY = 'fq_fuzzkey0123456789'  # the API key fuzz_open311 installs


def write(target, seeds):
    d = os.path.join(HERE, 'corpus', target)
    os.makedirs(d, exist_ok=True)
    for f in os.listdir(d):
        if f.startswith('seed-'):
            os.remove(os.path.join(d, f))
    for name, data in seeds:
        if isinstance(data, str):
            data = data.encode('utf-8')
        h = hashlib.sha1(data).hexdigest()[:8]
        with open(os.path.join(d, f'seed-{name}-{h}'), 'wb') as f:
            f.write(data)


def j(o):
    return json.dumps(o, ensure_ascii=False)


INTAKE = {
    'category': 'neighbor', 'org': '130102001001',
    'title': '楼道堆放杂物', 'description': '隔壁装修把公共楼道堵住了，老人出行不便，多次沟通无果。',
    'address': '长安区建北街道 12 号楼 3 单元', 'lat': 38.05, 'lon': 114.52,
    'applicant': {'name': '吴大爷', 'phone': '13900005555', 'id_number': '130102195001011234'},
    'respondents': [{'name': '李某', 'phone': '13800001111'}],
    'attachments': ['a' * 64],
}

ACTIONS = [
    {'action': 'classify', 'flow': 'dispute', 'category': 'neighbor', 'priority': 'urgent'},
    {'action': 'dispatch', 'unit_id': 12, 'note': '请属地司法所调处'},
    {'action': 'accept'},
    {'action': 'accept', 'note': '已签收'},
    {'action': 'return', 'reason': '不属于本单位职责范围'},
    {'action': 'escalate', 'reason': '涉及多个乡镇，需县级协调'},
    {'action': 'reopen', 'reason': '当事人反映协议未履行'},
    {'action': 'cohandle', 'unit_ids': [3, 4], 'note': '请派出所协同'},
    {'action': 'request_help', 'unit_ids': [7]},
    {'action': 'comment', 'note': '已电话联系申请人', 'public': True},
    {'action': 'supervise', 'note': '请三日内办结', 'public': False},
    {'action': 'mediate', 'time': '2026-03-02T09:30:00+08:00', 'place': '建北街道调解室',
     'result': '双方达成初步意向', 'mediators': ['王调解员', '张律师']},
    {'action': 'resolve', 'outcome': 'mediated', 'summary': '双方签订调解协议，杂物当日清理。'},
    {'action': 'resolve', 'outcome': 'referred_court', 'summary': '引导申请司法确认'},
    {'action': 'visit', 'satisfaction': 'satisfied', 'note': '回访满意'},
    {'action': 'close'},
    {'action': 'merge', 'into': 42},
    {'action': 'reject', 'reason': '已进入诉讼程序', 'referral': '请向长安区人民法院咨询'},
    {'action': 'extend', 'days': 30, 'reason': '需要补充鉴定'},
    {'action': 'extend', 'approve': True, 'reason': '同意延期'},
    {'action': 'extend', 'approve': False},
]

BAD_ACTIONS = [
    '{"action":"dispatch","unit_id":1e300}',
    '{"action":"dispatch","unit_id":1.5}',
    '{"action":"dispatch","unit_id":-9223372036854775809}',
    '{"action":"cohandle","unit_ids":[1e300]}',
    '{"action":"cohandle","unit_ids":[-1e19, 2]}',
    '{"action":"cohandle","unit_ids":[9.3e18]}',
    '{"action":"cohandle","unit_ids":[]}',
    '{"action":"cohandle","unit_ids":[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17]}',
    '{"action":"mediate","time":"x","place":"y","result":"z","mediators":[""]}',
    '{"action":"mediate","time":"x","place":"y","result":"z","mediators":[1]}',
    '{"action":"extend","days":366,"reason":"r"}',
    '{"action":"merge","into":"42"}',
    '{"action":"comment","note":"a\\u0000b"}',
    '{"action":"comment","note":"   "}',
    '{"action":"nope"}',
    '{"action":""}',
    '{"action":null}',
    '{"action":["classify"]}',
    '{"action":"classify","action":"dispatch"}',
    '[]',
    '{"action":"reject","reason":"\'; DROP TABLE cases; --","referral":"1\' OR 1=1 --"}',
]

JSON_OTHER = [
    ('login', {'username': 'county_admin', 'password': 'Fengqiao@2026'}),
    ('unit', {'name': '长安区交通事故调解委员会', 'org': '130102', 'kind': 'industry_mediation',
              'phone': '0311-86000000', 'categories': ['traffic'], 'active': True}),
    ('user', {'username': 'new_handler', 'display_name': '新办理员', 'role': 'handler',
              'org': '130102001', 'unit_id': 3, 'password': 'Strong#Pass2026'}),
    ('triage', {'text': '包工头拖欠我们二十个人三个月工资，年底了还不给。'}),
    ('rating', {'query_code': '123456', 'satisfaction': 'basic', 'comment': '处理及时'}),
    ('holiday', {'kind': 'holiday', 'name': '春节'}),
    ('clock', {'offset': 86400}),
    ('intake', INTAKE),
]

JSON_BAD = [
    'not json', '{"a":', '{"a":1}}', '{"a":1} x', '{"a":1,}', '{,}', '{"a" 1}', "{'a':1}",
    '{"x":1e999999}', '{"x":-1e999999}', '{"x":NaN}', '{"x":Infinity}', '{"x":0x10}', '{"x":01}',
    '{"x":"\\ud800"}', '{"x":"\\udc00\\ud800"}', '{"x":"\\ud83d\\ude00"}', '{"x":"\\u0000"}',
    '{"x":"\\\\u0000"}', '{"\\u0000":1}', '{"a":1,"a":2}', '{"o":{"k":1,"k":2}}',
    '[' * 33 + ']' * 33, '[' * 32 + ']' * 32, '{"a":' * 40 + '1' + '}' * 40,
    '"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[["', '{"s":"\\"[{[{[{"}',
    '  {"a":[1,2,3]}  \n', '\ufeff{"a":1}', '{"a":"\t"}', '{"a":"\\x41"}', '{"a":tru}', 'null', '12', '"str"',
    '{"x":123456789012345678901234567890}', '{"x":-0}', '{"x":1.7976931348623157e308}',
    '{"x":4.9e-324}', '{"x":2.2250738585072014e-308}',
]

# Raw invalid UTF-8 inside a string: bytes the reader must refuse.
JSON_BAD_BYTES = [
    b'{"x":"\xed\xa0\x80"}', b'{"x":"\xc0\xaf"}', b'{"x":"\xff"}', b'{"x":"\xf4\x90\x80\x80"}',
    b'{"x":"a\x00b"}', b'{"x":"\xe4\xb8"}', b'{"\xe4\xb8\xad":"\xe6\x96\x87"}',
]


def seeds_json():
    out = [(f'ok-{n}', j(o)) for n, o in JSON_OTHER]
    out += [(f'action-{i}', j(a)) for i, a in enumerate(ACTIONS)]
    out += [(f'bad-{i}', s) for i, s in enumerate(JSON_BAD)]
    out += [(f'badbytes-{i}', b) for i, b in enumerate(JSON_BAD_BYTES)]
    return out


def seeds_action():
    out = [(f'ok-{a["action"]}-{i}', j(a)) for i, a in enumerate(ACTIONS)]
    out += [(f'bad-{i}', s) for i, s in enumerate(BAD_ACTIONS)]
    return out


ROUTES = [
    ('GET', '/healthz'), ('POST', '/api/v1/session'), ('DELETE', '/api/v1/session'), ('GET', '/api/v1/me'),
    ('GET', '/api/v1/orgs?q=%E9%95%BF%E5%AE%89&level=2'), ('GET', '/api/v1/orgs/130102'),
    ('GET', '/api/v1/orgs/130102001/children'), ('GET', '/api/v1/units?org=130102&subtree=1'),
    ('POST', '/api/v1/units'), ('GET', '/api/v1/units/7'), ('PATCH', '/api/v1/units/7'),
    ('GET', '/api/v1/users?role=handler'), ('POST', '/api/v1/users'), ('GET', '/api/v1/categories'),
    ('GET', '/api/v1/public/places?parent=130102'), ('GET', '/api/v1/public/places/130102001'),
    ('POST', '/api/v1/public/cases'), ('GET', '/api/v1/public/cases/FQ20260301000123?code=483920'),
    ('POST', '/api/v1/public/cases/FQ20260301000123/rating'), ('POST', '/api/v1/public/attachments'),
    ('POST', '/api/v1/cases'),
    ('GET', '/api/v1/cases?status=handling,dispatched&flow=dispute&category=neighbor&org=130102'
            '&from=2026-01-01&to=2026-03-31&limit=20&q=%E6%A5%BC%E9%81%93&inbox=overdue&unit=7'),
    ('GET', '/api/v1/cases?cursor=MTc2NzIyNTYwMDAwMDoxMjM&limit=100'),
    ('GET', '/api/v1/cases/123'), ('POST', '/api/v1/cases/123/actions'),
    ('GET', '/api/v1/cases/123/attachments/' + 'ab' * 32), ('POST', '/api/v1/attachments'),
    ('POST', '/api/v1/triage/suggest'), ('GET', '/open311/v2/discovery.json'), ('GET', '/open311/v2/services.xml'),
    ('GET', '/open311/v2/services/traffic.json'),
    ('GET', '/open311/v2/requests.json?api_key=fq_x&status=open&start_date=2026-01-01T00:00:00Z'),
    ('POST', '/open311/v2/requests.xml'), ('GET', '/open311/v2/requests/123.json?api_key=fq_x'),
    ('GET', '/open311/v2/tokens/FQ20260301000123.xml'), ('GET', '/api/v1/admin/categories'),
    ('POST', '/api/v1/categories'), ('PATCH', '/api/v1/categories/neighbor'), ('GET', '/api/v1/holidays?year=2026'),
    ('PUT', '/api/v1/holidays/2026-10-01'), ('DELETE', '/api/v1/holidays/2026-10-01'),
    ('GET', '/api/v1/stats/kpi?org=130102&from=2026-01-01&to=2026-12-31'), ('POST', '/api/v1/test/clock'),
    ('HEAD', '/api/v1/cases/1'),
]

ROUTE_BAD = [
    ('GET', '/api/v1/cases/-1'), ('GET', '/api/v1/cases/1e3'), ('GET', '/api/v1/cases/99999999999999999999'),
    ('GET', '/api/v1/cases/+5'), ('GET', '/api/v1/cases/%205'), ('GET', '/api/v1/cases/0x10'),
    ('GET', '/api/v1/cases//actions'), ('POST', '/api/v1/cases/1/actions/'), ('PUT', '/api/v1/cases/1'),
    ('GET', '/api/v1/cases/1/attachments/../../fengqiao.db'), ('GET', '/api/v1/cases?limit=0&limit=1000'),
    ('GET', '/api/v1/cases?status=%ZZ'), ('GET', '/api/v1/cases?status=%E4%B8'), ('GET', '/api/v1/cases?=1&&&'),
    ('GET', '/api/v1/cases?q=%27%3B%20DROP%20TABLE%20cases%3B%20--'), ('GET', '/api/v1/cases?' + '&'.join(f'a{i}=1' for i in range(70))),
    ('GET', '/api/v1/cases?' + 'n' * 70 + '=1'), ('GET', '/api/v1/cases?x=%00'),
    ('GET', '/console/'), ('GET', '/console/cases/123'), ('GET', '/m/track'), ('GET', '/bigscreen/'),
    ('GET', '/assets/app-1234.js'), ('GET', '/'), ('GET', '/console'), ('GET', '/.hidden'),
    ('GET', '/console/../../secret.txt'), ('GET', '/console/../secret.txt'), ('GET', '/../secret.txt'),
    ('GET', '//secret.txt'), ('GET', '/console/..\\..\\secret.txt'), ('GET', '/console/./index.html'),
    ('GET', '/console/%2e%2e/%2e%2e/secret.txt'), ('GET', '/console/....//secret.txt'),
    ('GET', '/m/..;/..;/secret.txt'), ('GET', '/api'), ('GET', '/api/v2/x'), ('GET', '/etc/passwd'),
    ('BREW', '/api/v1/cases'), ('', ''), ('GET', ''), ('GET', 'api/v1/cases'), ('GET', '/api/v1/cases/1/'),
    ('GET', '/open311/v2/services/.json'), ('GET', '/open311/v2/requests/%E4%B8%AD.xml'),
]


def seeds_route():
    out = [(f'ok-{i}', f'{m}\n{t}') for i, (m, t) in enumerate(ROUTES)]
    out += [(f'bad-{i}', f'{m}\n{t}') for i, (m, t) in enumerate(ROUTE_BAD)]
    return out


def form(fields):
    return '&'.join(f'{quote(k, safe="[]")}={quote(str(v), safe="")}' for k, v in fields)


OPEN311_OK = [
    [('api_key', KEY), ('service_code', 'neighbor'), ('address_id', '130102001001'),
     ('description', '隔壁装修把公共楼道堵住了，老人出行不便。'), ('first_name', '大爷'), ('last_name', '吴'),
     ('phone', '13900005555'), ('email', 'wu@example.com')],
    [('api_key', KEY), ('service_code', 'traffic'), ('lat', '38.0428'), ('long', '114.5149'),
     ('description', '两车剐蹭后对方拒绝协商赔偿。'), ('phone', '13900005556'), ('attribute[vehicle_plate]', '冀A12345')],
    [('api_key', KEY), ('service_code', 'wage_arrears'), ('address_string', '长安区建北街道工地'),
     ('description', '包工头拖欠二十人三个月工资。'), ('phone', '0311-86001234'),
     ('attribute[employer]', '某建筑劳务公司'), ('attribute[workers_count]', '20'), ('media_url', 'https://example.com/a.jpg')],
    [('api_key', KEY), ('service_code', 'medical'), ('address_id', '130102001'), ('description', '手术后出现并发症，医院拒绝沟通。'),
     ('phone', '13900005557'), ('attribute[hospital]', '市第一医院'), ('device_id', 'abc'), ('account_id', '7')],
]

OPEN311_BAD = [
    [('service_code', 'neighbor'), ('description', '没有接口密钥的请求'), ('phone', '13900005555'), ('address_id', '130102001001')],
    [('api_key', 'fq_wrong'), ('service_code', 'neighbor')],
    [('api_key', KEY), ('service_code', 'emergency_fire'), ('address_id', '130102001001'), ('description', '着火了着火了'), ('phone', '119')],
    [('api_key', KEY), ('service_code', 'neighbor'), ('lat', '91'), ('long', '0'), ('description', '纬度超出范围'), ('phone', '13900005555')],
    [('api_key', KEY), ('service_code', 'neighbor'), ('lat', 'nan'), ('long', 'inf'), ('description', '非数字坐标'), ('phone', '13900005555')],
    [('api_key', KEY), ('service_code', 'neighbor'), ('lat', '38'), ('description', '只有纬度'), ('phone', '13900005555')],
    [('api_key', KEY), ('service_code', 'neighbor'), ('address_id', '999999999999'), ('description', '不存在的地址编码'), ('phone', '1')],
    [('api_key', KEY), ('service_code', 'neighbor'), ('address_id', '130102001001'), ('description', '短'), ('phone', '13900005555')],
    [('api_key', KEY), ('service_code', 'neighbor'), ('address_id', '130102001001'), ('description', '没有电话的请求内容')],
    [('api_key', KEY), ('service_code', 'traffic'), ('attribute[vehicle_plate', 'x'), ('address_id', '130102001001')],
    [('api_key', KEY), ('service_code', 'traffic'), ('attribute[a][b]', 'x'), ('address_id', '130102001001')],
    [('api_key', KEY), ('service_code', 'wage_arrears'), ('attribute[workers_count]', 'twenty'), ('attribute[employer]', 'x'),
     ('address_id', '130102001001'), ('description', '人数不是数字的请求'), ('phone', '13900005555')],
    [('api_key', KEY), ('service_code', 'neighbor'), ('service_code', 'traffic')],
    [('api_key', KEY), ('service_code', "neighbor' OR '1'='1"), ('description', "'; DROP TABLE cases; --"),
     ('address_string', '" OR 1=1 --'), ('phone', "1'--")],
    [('api_key', KEY), ('service_code', 'neighbor'), ('address_id', '130102001001'), ('description', '<script>alert(1)</script>&amp;'),
     ('phone', '13900005555'), ('first_name', ']]></x>')],
]

OPEN311_RAW = [
    ('/open311/v2/requests.xml', 'application/x-www-form-urlencoded', 'api_key=%ZZ&service_code=neighbor'),
    ('/open311/v2/requests.json', 'application/x-www-form-urlencoded', 'api_key=' + KEY + '&description=%E4%B8'),
    ('/open311/v2/requests.json', 'application/x-www-form-urlencoded', 'a=%00b&api_key=' + KEY),
    ('/open311/v2/requests.xml', 'application/json', '{"api_key":"' + KEY + '"}'),
    ('/open311/v2/requests', '', 'api_key=' + KEY),
    ('/open311/v2/requests.json', 'application/x-www-form-urlencoded; charset=utf-8', '&&=x&'),
    ('/open311/v2/requests.json', 'application/x-www-form-urlencoded', '&'.join(f'f{i}=1' for i in range(70))),
    ('/open311/v2/requests.json', 'application/x-www-form-urlencoded', 'n' * 65 + '=1'),
    ('/open311/v2/requests.xml', 'application/x-www-form-urlencoded', 'attribute%5B%01%5D=x&api_key=' + KEY + '&dup=1&dup=%01'),
    ('/open311/v2/requests.json?api_key=' + KEY, 'application/x-www-form-urlencoded',
     'service_code=neighbor&address_id=130102001001&description=' + quote('从查询串里带接口密钥的请求') + '&phone=13900005555'),
]


def seeds_open311():
    out = []
    for i, f in enumerate(OPEN311_OK):
        for ext in ('.json', '.xml'):
            out.append((f'ok-{i}{ext}', f'/open311/v2/requests{ext}\napplication/x-www-form-urlencoded\n{form(f)}'))
    for i, f in enumerate(OPEN311_BAD):
        ext = ('.json', '.xml', '')[i % 3]
        out.append((f'bad-{i}', f'/open311/v2/requests{ext}\napplication/x-www-form-urlencoded\n{form(f)}'))
    for i, (t, ct, body) in enumerate(OPEN311_RAW):
        out.append((f'raw-{i}', f'{t}\n{ct}\n{body}'))
    return out


if __name__ == '__main__':
    write('json', seeds_json())
    write('action', seeds_action())
    write('route', seeds_route())
    write('open311', seeds_open311())
    for t in ('json', 'action', 'route', 'open311'):
        print(t, len(os.listdir(os.path.join(HERE, 'corpus', t))))
