/**
 * A deterministic (seeded) synthetic history of Thanh Hóa 2019-2025 on the
 * real administrative units: incidents of every class with realistic
 * magnitudes (1,300–2,000 social-order crimes a year province-wide), late
 * reports and corrections, disputes settled at the grassroots, attested
 * facts, yearly recognitions and a few revocations, the key/complex list,
 * and the follow-up of the plan (tasks, obstacles, inspections, supervision,
 * reports, reviews). Every command carries the time it is recorded at, so
 * that "as filed on D" reports differ from "as corrected today".
 *
 * The figures are invented. Nothing here is a real incident or decision.
 *
 * @module
 */
import { BUILT_IN_FACTS } from '../domain/criteria/index.js';
import type { LocalityHistory } from '../domain/locality/index.js';
import { addDays } from '../domain/shared/values.js';
import type { LedgerCommand } from '../ledger.js';
import { THANH_HOA_PLAN_ID } from '../reference/thanh-hoa-plan.js';
import { mulberry32 } from './mulberry32.js';
import { pickWeighted } from './pick-weighted.js';

/** A command and the time it is recorded. */
export interface TimedCommand {
  /** ISO-8601 UTC time the command is recorded (the store's clock is set to it). */
  readonly at: string;
  /** Stable id of the command, from which its event ids derive. */
  readonly key: string;
  readonly command: LedgerCommand;
}

/** Options of {@link syntheticHistory}. */
export interface SyntheticOptions {
  readonly history: LocalityHistory;
  readonly seed?: number;
  readonly fromYear?: number;
  readonly toYear?: number;
  /** Multiplies every yearly total (1 = realistic Thanh Hóa magnitudes). */
  readonly scale?: number;
}

/** Province-wide yearly totals per incident class, 2019-2025. */
const TOTALS: Record<string, readonly number[]> = {
  'social-order': [1920, 1805, 1610, 1426, 1319, 1342, 1305],
  drug: [420, 410, 380, 395, 360, 350, 376],
  economic: [180, 175, 160, 170, 165, 168, 167],
  environment: [30, 28, 25, 27, 24, 22, 20],
  'social-evil': [650, 620, 560, 540, 510, 495, 470],
  traffic: [780, 720, 610, 640, 600, 580, 545],
  fire: [70, 65, 60, 62, 58, 55, 50],
  'mass-complaint': [45, 42, 38, 35, 30, 28, 25],
  'prolonged-dispute': [160, 150, 140, 130, 120, 110, 100],
  security: [8, 7, 6, 6, 5, 5, 4],
  other: [220, 210, 200, 190, 185, 180, 170],
};

/** Official recognition rates aimed at, per year 2022-2025. */
const RATES = {
  art5: [0.93, 0.95, 0.97, 0.985],
  standard: [0.9, 0.94, 0.97, 0.985],
  advanced: [0.24, 0.31, 0.39, 0.47],
  model: [0.04, 0.07, 0.11, 0.16],
  district: [0.42, 0.5, 0.58],
  districtAdvanced: [0.08, 0.12, 0.19],
};


/** A stable number in [0, 1) for a string (FNV-1a). */
function unit(s: string, salt = 0): number {
  let h = (2166136261 ^ salt) >>> 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return mulberry32(h)();
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const time = (date: string, minutes: number): string => `${date}T${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}:00.000Z`;

/**
 * Generates the synthetic history, sorted by recording time.
 *
 * @example
 * ```ts
 * const commands = syntheticHistory({ history: LocalityHistory.from(thanhHoaRegisterEvents().events), seed: 38 });
 * ```
 */
export function syntheticHistory(options: SyntheticOptions): TimedCommand[] {
  const { history } = options;
  const seed = options.seed ?? 38;
  const fromYear = options.fromYear ?? 2019;
  const toYear = options.toYear ?? 2025;
  const scale = options.scale ?? 1;
  const rand = mulberry32(seed);
  const between = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
  const out: TimedCommand[] = [];
  let n = 0;
  const push = (at: string, command: LedgerCommand, key = `c${n}`) => {
    out.push({ at, key, command });
    n++;
  };

  // Communes open on a day, with sampling weights: crime concentrates in wards and towns, and varies a lot between communes.
  const monthCache = new Map<string, { codes: string[]; cumulative: number[] }>();
  const communesOn = (date: string) => {
    const key = date.slice(0, 7) + (date.slice(8, 10) < '15' ? 'a' : 'b');
    let c = monthCache.get(key);
    if (c === undefined) {
      const units = history.hierarchyAt(date).ofLevel('commune');
      const codes: string[] = [];
      const cumulative: number[] = [];
      let sum = 0;
      for (const u of units) {
        const kindFactor = u.kind === 'phuong' ? 4 : u.kind === 'thi-tran' ? 2.5 : 1;
        const z = Math.sqrt(-2 * Math.log(1 - unit(u.code, 1))) * Math.cos(2 * Math.PI * unit(u.code, 2));
        sum += kindFactor * Math.exp(1.1 * z);
        codes.push(u.code);
        cumulative.push(sum);
      }
      c = { codes, cumulative };
      monthCache.set(key, c);
    }
    return c;
  };
  const sampleCommune = (date: string): string => {
    const { codes, cumulative } = communesOn(date);
    return codes[pickWeighted(cumulative, rand)]!;
  };
  const severity = (): 'less-serious' | 'serious' | 'very-serious' | 'especially-serious' => {
    const r = rand();
    return r < 0.7 ? 'less-serious' : r < 0.92 ? 'serious' : r < 0.98 ? 'very-serious' : 'especially-serious';
  };

  // ------------------------------------------------------------- incidents
  for (let year = fromYear; year <= toYear; year++) {
    const yi = year - 2019;
    const daysInYear = (Date.UTC(year + 1, 0, 1) - Date.UTC(year, 0, 1)) / 86_400_000;
    for (const [cls, totals] of Object.entries(TOTALS)) {
      const total = Math.round((totals[Math.min(Math.max(yi, 0), totals.length - 1)] ?? 0) * scale);
      for (let i = 0; i < total; i++) {
        const occurredOn = addDays(`${year}-01-01`, Math.floor(rand() * daysInYear));
        const locality = sampleCommune(occurredOn);
        const r = rand();
        const lag = r < 0.85 ? between(0, 2) : r < 0.95 ? between(3, 14) : between(15, 120);
        const reportedOn = addDays(occurredOn, lag);
        const recordedDay = addDays(reportedOn, between(0, 2));
        const incidentId = `th-${year}-${cls}-${pad(i, 4)}`;
        let labels: string[];
        let sev: ReturnType<typeof severity> | undefined;
        let casualties: { deaths: number; injuries: number } | undefined;
        switch (cls) {
          case 'social-order':
            labels = rand() < 0.12 ? ['crime.social-order', 'social-evil.gambling'] : ['crime.social-order'];
            sev = severity();
            if (rand() < 0.25) casualties = { deaths: rand() < 0.04 ? 1 : 0, injuries: between(1, 2) };
            break;
          case 'drug':
            labels = rand() < 0.5 ? ['crime.drug', 'social-evil.drugs'] : ['crime.drug'];
            sev = rand() < 0.5 ? 'serious' : severity();
            break;
          case 'economic':
            labels = ['crime.economic'];
            sev = severity();
            break;
          case 'environment':
            labels = ['crime.environment'];
            sev = 'less-serious';
            break;
          case 'social-evil':
            labels = [rand() < 0.55 ? 'social-evil.gambling' : rand() < 0.7 ? 'social-evil.drugs' : 'social-evil.prostitution'];
            break;
          case 'traffic':
            labels = ['traffic-accident'];
            casualties = { deaths: rand() < 0.35 ? between(1, 2) : 0, injuries: between(0, 3) };
            break;
          case 'fire':
            labels = ['fire-explosion'];
            casualties = { deaths: rand() < 0.05 ? 1 : 0, injuries: rand() < 0.2 ? 1 : 0 };
            break;
          case 'security':
            labels = [rand() < 0.5 ? 'security.illegal-religion' : 'security.anti-state-propaganda'];
            break;
          case 'other':
            labels = ['violation.other'];
            break;
          default:
            labels = [cls];
        }
        push(
          time(recordedDay, between(7 * 60, 17 * 60)),
          {
            type: 'RecordIncident',
            incidentId,
            localityCode: locality,
            occurredOn,
            reportedOn,
            labels,
            ...(sev === undefined ? {} : { severity: sev }),
            ...(casualties === undefined ? {} : { casualties }),
          },
          `rec-${incidentId}`,
        );
        // corrections recorded later (decided first: a retracted dispute is never settled)
        const c = rand();
        const correctable = cls === 'social-order' || cls === 'drug' || cls === 'economic' || cls === 'environment' || cls === 'other';
        const retract = cls !== 'security' && c >= 0.03 && c < 0.04;
        if ((cls === 'prolonged-dispute' || cls === 'mass-complaint') && !retract && rand() < (cls === 'prolonged-dispute' ? 0.72 : 0.55)) {
          const resolvedOn = addDays(recordedDay, between(5, 150));
          if (resolvedOn <= `${toYear}-12-31`) push(time(resolvedOn, 17 * 60), { type: 'ResolveDisputeAtGrassroots', incidentId, resolvedOn, resolvedBy: 'Tổ hòa giải ở cơ sở' }, `res-${incidentId}`);
        }
        if (correctable && c < 0.03) {
          const when = addDays(recordedDay, between(20, 200));
          const command: LedgerCommand =
            cls === 'social-order' && rand() < 0.5
              ? { type: 'ReclassifyIncident', incidentId, labels: ['crime.economic'], reason: 'Xác định lại tội danh: thuộc trật tự quản lý kinh tế' }
              : sev !== undefined
                ? { type: 'ReclassifyIncident', incidentId, severity: sev === 'less-serious' ? 'serious' : 'less-serious', reason: 'Thay đổi khoản truy tố' }
                : { type: 'ReclassifyIncident', incidentId, labels: ['crime.social-order'], severity: 'less-serious', reason: 'Khởi tố vụ án: hành vi cấu thành tội phạm' };
          push(time(when, 18 * 60), command, `fix-${incidentId}`);
        } else if (retract) {
          push(time(addDays(recordedDay, between(10, 100)), 18 * 60 + 30), { type: 'RetractIncident', incidentId, reason: 'Ghi nhận nhầm, trùng vụ việc' }, `del-${incidentId}`);
        }
      }
    }
  }

  // ------------------------------------------------------ key/complex list
  const listed: string[] = [];
  {
    const xa = history.hierarchyAt('2022-03-15').ofLevel('commune').filter((u) => u.kind === 'xa');
    const ranked = [...xa].sort((a, b) => unit(a.code, 7) - unit(b.code, 7)).slice(0, 7);
    for (const u of ranked) {
      listed.push(u.code);
      push(time('2022-03-15', 10 * 60), { type: 'ListKeyComplex', localityCode: u.code, effectiveDate: '2022-03-15', decision: { number: '1021/QĐ-BCA', date: '2022-03-15', authority: 'Bộ trưởng Bộ Công an' } }, `kc-${u.code}`);
    }
    listed.slice(0, 3).forEach((code) => push(time('2023-06-30', 10 * 60), { type: 'DelistKeyComplex', localityCode: code, effectiveDate: '2023-06-30', decision: { number: '4410/QĐ-BCA', date: '2023-06-30', authority: 'Bộ trưởng Bộ Công an' } }, `kd-${code}`));
    listed.slice(3, 5).forEach((code) => push(time('2024-09-30', 10 * 60), { type: 'DelistKeyComplex', localityCode: code, effectiveDate: '2024-09-30', decision: { number: '7123/QĐ-BCA', date: '2024-09-30', authority: 'Bộ trưởng Bộ Công an' } }, `kd-${code}`));
  }
  const listedOn = (code: string, date: string): boolean => {
    const i = listed.indexOf(code);
    if (i < 0 || date < '2022-03-15') return false;
    if (i < 3) return date < '2023-06-30';
    if (i < 5) return date < '2024-09-30';
    return true;
  };

  // ------------------------------------------------- facts and recognitions
  const communeFacts = BUILT_IN_FACTS.filter((f) => !f.id.startsWith('district-') && f.id !== 'q1-registration-residential');
  const factValue = (id: string, code: string, year: number): boolean => {
    const u = unit(`${code}:${year}:${id}`, 11);
    if (id === 'police-officer-disciplined') return u < 0.03;
    if (id === 'serious-accident-subjective-cause') return u < 0.05;
    if (id === 'effective-antt-model') return u < 0.65;
    if (id === 'antt-outstanding-field') return u < 0.25;
    if (id === 'commune-police-role-promoted') return u < 0.85;
    return u < 0.97;
  };
  for (let year = Math.max(fromYear, 2022); year <= toYear; year++) {
    const yi = year - 2022;
    const decisionDay = (code: string) => `${year}-12-${pad(10 + Math.floor(unit(code, year) * 18))}`;
    const refDate = `${year}-12-31`;
    const communes = history.hierarchyAt(refDate).ofLevel('commune');
    for (const u of communes) {
      const attestedOn = `${year}-11-${pad(20 + Math.floor(unit(u.code, year + 5) * 8))}`;
      if (!history.isOpen(u.code, attestedOn)) continue;
      for (const f of communeFacts) {
        push(time(attestedOn, 8 * 60), { type: 'AttestFact', localityCode: u.code, fact: f.id, year, value: factValue(f.id, u.code, year), attestedBy: 'Ban Chỉ đạo xã', attestedOn }, `fact-${u.code}-${year}-${f.id}`);
      }
    }
    const decision = (code: string, authority: string) => ({ number: `${1000 + Math.floor(unit(code, year + 9) * 8999)}/QĐ-UBND`, date: decisionDay(code), authority });
    const recognise = (code: string, standard: string, authority: string, key: string) =>
      push(time(decisionDay(code), 15 * 60), { type: 'RecogniseStandard', recognitionId: `${key}-${code}-${year}`, localityCode: code, standard, period: { fromYear: year, toYear: year }, decision: decision(code, authority) }, `${key}-${code}-${year}`);
    // A stable score per commune: recognition grows year by year among the same communes.
    const score = (code: string, salt: number) => unit(code, salt) * 0.85 + unit(`${code}${year}`, salt) * 0.15;
    for (const u of communes) {
      if (!history.isOpen(u.code, decisionDay(u.code))) continue;
      const art5 = score(u.code, 21) < (RATES.art5[yi] ?? 0.99);
      if (art5) recognise(u.code, 'antt-safe-commune:art5', 'Chủ tịch UBND huyện', 'art5');
      if (u.kind !== 'xa' || !art5 || listedOn(u.code, refDate)) continue;
      const s = score(u.code, 31);
      if (s < (RATES.standard[yi] ?? 0.99) / (RATES.art5[yi] ?? 1)) {
        recognise(u.code, 'commune-standard-2021:19.2', 'Chủ tịch UBND tỉnh Thanh Hóa', 'ntm');
        if (s < (RATES.advanced[yi] ?? 0.5) / (RATES.art5[yi] ?? 1)) {
          recognise(u.code, 'commune-advanced-2021:19.2', 'Chủ tịch UBND tỉnh Thanh Hóa', 'ntm-adv');
          if (s < (RATES.model[yi] ?? 0.2) / (RATES.art5[yi] ?? 1)) recognise(u.code, 'commune-model-2021:antt', 'Chủ tịch UBND tỉnh Thanh Hóa', 'ntm-model');
        }
      }
    }
    const districts = history.hierarchyAt(refDate).ofLevel('district');
    for (const d of districts) {
      const attestedOn = `${year}-11-28`;
      push(time(attestedOn, 9 * 60), { type: 'AttestFact', localityCode: d.code, fact: 'district-advanced-antt-conditions', year, value: unit(`${d.code}${year}`, 41) < 0.35, attestedBy: 'UBND huyện', attestedOn }, `fact-${d.code}-${year}-district`);
      const s = unit(d.code, 51) * 0.9 + unit(`${d.code}${year}`, 51) * 0.1;
      if (s < (RATES.district[yi] ?? 0)) {
        recognise(d.code, 'district-standard-2021:9.4', 'Thủ tướng Chính phủ', 'ntm-d');
        if (s < (RATES.districtAdvanced[yi] ?? 0)) recognise(d.code, 'district-advanced-2021:9.1', 'Thủ tướng Chính phủ', 'ntm-d-adv');
      }
    }
  }
  // A few revocations, decided the following spring.
  const recognitions = out.filter((t) => t.command.type === 'RecogniseStandard' && (t.command as { standard: string }).standard === 'commune-standard-2021:19.2');
  for (const year of [2023, 2024]) {
    const ofYear = recognitions.filter((t) => (t.command as { period: { fromYear: number } }).period.fromYear === year);
    ofYear
      .sort((a, b) => unit(a.key, 61) - unit(b.key, 61))
      .slice(0, 2)
      .forEach((t, i) => {
        const c = t.command as { recognitionId: string; localityCode: string; standard: string };
        push(
          time(`${year + 1}-03-${pad(10 + i)}`, 14 * 60),
          { type: 'RevokeRecognition', recognitionId: c.recognitionId, localityCode: c.localityCode, decision: { number: `${200 + i}/QĐ-UBND`, date: `${year + 1}-03-${pad(10 + i)}`, authority: 'Chủ tịch UBND tỉnh Thanh Hóa' }, reason: 'Hồ sơ đề nghị công nhận không trung thực (kết quả kiểm tra)' },
          `rev-${c.recognitionId}`,
        );
      });
  }

  // ------------------------------------------------------- plan follow-up
  const planId = THANH_HOA_PLAN_ID;
  const owners = ['Công an tỉnh', 'Sở Tư pháp', 'Sở Lao động - Thương binh và Xã hội', 'UBND huyện Hoằng Hóa', 'Ban Thường trực UBMTTQ tỉnh', 'Sở Thông tin và Truyền thông'];
  const tasks = [
    ['Tuyên truyền, phổ biến pháp luật về ANTT tại cơ sở', '2023-03-31'],
    ['Xây dựng Công an xã chính quy', '2023-06-30'],
    ['Rà soát, hướng dẫn hồ sơ công nhận xã đạt chuẩn an toàn về ANTT', '2023-09-30'],
    ['Giải quyết dứt điểm tranh chấp, khiếu kiện kéo dài tại cơ sở', '2023-12-31'],
    ['Nhân rộng mô hình phong trào toàn dân bảo vệ an ninh Tổ quốc', '2024-03-31'],
    ['Hỗ trợ người chấp hành xong án phạt tù tái hòa nhập cộng đồng', '2024-06-30'],
    ['Chuyển hóa địa bàn xã trọng điểm, phức tạp về ANTT', '2024-09-30'],
    ['Ứng dụng công nghệ thông tin trong quản lý cư trú', '2024-12-31'],
    ['Sơ kết 2 năm thực hiện Kế hoạch', '2024-01-31'],
    ['Kiểm tra việc thực hiện tiêu chí ANTT tại các huyện', '2025-06-30'],
    ['Rà soát chỉ tiêu sau sắp xếp đơn vị hành chính', '2025-09-30'],
    ['Tổng kết thực hiện Kế hoạch giai đoạn 2022-2025', '2025-12-15'],
  ] as const;
  tasks.forEach(([title, deadline], i) => {
    const taskId = `task-${i + 1}`;
    push(time('2022-10-15', 9 * 60 + i), { type: 'AssignTask', planId, taskId, title, owner: owners[i % owners.length]!, deadline, assignedOn: '2022-10-15' }, `task-${i}`);
    const u = unit(taskId, 71);
    if (u < 0.7) {
      const completedOn = addDays(deadline, u < 0.45 ? -between(5, 60) : between(5, 90));
      if (completedOn <= `${toYear}-12-31`) push(time(completedOn, 16 * 60), { type: 'CompleteTask', planId, taskId, completedOn }, `task-done-${i}`);
    }
  });
  const obstacles = [
    ['Thiếu kinh phí duy trì mô hình tự quản', '2023-02-20'],
    ['Khó khăn xác định tiêu chí khi sáp nhập thôn', '2023-05-12'],
    ['Tranh chấp đất đai kéo dài giữa hai thôn', '2023-08-03'],
    ['Chưa có hướng dẫn chỉ tiêu 9.1 huyện nâng cao', '2023-11-21'],
    ['Thiếu nhân lực Công an xã sau điều động', '2024-03-18'],
    ['Chồng chéo hồ sơ công nhận giữa các cấp', '2024-07-09'],
    ['Chỉ tiêu cấp huyện không còn áp dụng sau 01/7/2025', '2025-07-10'],
    ['Địa bàn xã mới rộng, phân tán sau sắp xếp', '2025-08-22'],
  ] as const;
  obstacles.forEach(([title, raisedOn], i) => {
    const obstacleId = `obs-${i + 1}`;
    push(time(raisedOn, 10 * 60), { type: 'RaiseObstacle', planId, obstacleId, raisedBy: i < 6 ? ['394', '399', '401', '407', '380', '392'][i]! : '38', raisedOn, title }, `obs-${i}`);
    if (i % 3 !== 2 && i < 6) {
      const resolvedOn = addDays(raisedOn, between(30, 200));
      push(time(resolvedOn, 11 * 60), { type: 'ResolveObstacle', planId, obstacleId, resolvedOn, resolution: 'Đã hướng dẫn, tháo gỡ' }, `obs-done-${i}`);
    }
  });
  for (let i = 0; i < 10; i++) {
    const heldOn = addDays('2023-03-01', i * 95);
    if (heldOn > `${toYear}-12-31`) break;
    const hier = history.hierarchyAt(heldOn).ofLevel('commune');
    const localities = [hier[Math.floor(unit(`insp${i}`, 81) * hier.length)]!.code, hier[Math.floor(unit(`insp${i}`, 82) * hier.length)]!.code];
    push(time(heldOn, 9 * 60), { type: 'RecordInspection', planId, inspectionId: `insp-${i + 1}`, heldOn, inspector: 'Đoàn kiểm tra Công an tỉnh', localities: [...new Set(localities)] }, `insp-${i}`);
  }
  (['fatherland-front', 'mass-organisation', 'fatherland-front', 'people-council', 'mass-organisation', 'fatherland-front'] as const).forEach((by, i) => {
    const recordedOn = addDays('2023-04-10', i * 150);
    push(time(recordedOn, 14 * 60), { type: 'RecordSupervisionFinding', planId, findingId: `sup-${i + 1}`, by, recordedOn, finding: 'Một số thôn chưa đăng ký xây dựng khu dân cư an toàn về ANTT' }, `sup-${i}`);
  });
  const recipients = ['provincial-peoples-committee', 'ministry-of-public-security'] as const;
  for (let year = 2022; year <= toYear; year++) {
    for (const [kind, count] of [['quarter', 4], ['half-year', 2], ['year', 1]] as const) {
      for (let k = 1; k <= count; k++) {
        const endMonth = kind === 'quarter' ? k * 3 : kind === 'half-year' ? k * 6 : 12;
        if (year === 2022 && endMonth < 12) continue;
        for (const recipient of recipients) {
          const id = `rep-${year}-${kind}-${k}-${recipient}`;
          if (unit(id, 91) < 0.06) continue; // a few reports are never filed
          const end = new Date(Date.UTC(year, endMonth, 0)).toISOString().slice(0, 10);
          const filedOn = addDays(end, between(3, 12));
          push(time(filedOn, 15 * 60), { type: 'FileReport', planId, reportId: id, period: kind === 'year' ? { kind, year } : { kind, year, number: k }, sender: 'Công an tỉnh Thanh Hóa', recipient, filedOn }, id);
        }
      }
    }
  }
  push(time('2023-12-20', 8 * 60), { type: 'RecordReview', planId, reviewId: 'review-interim', kind: 'interim', heldOn: '2023-12-20', title: 'Sơ kết 01 năm thực hiện Kế hoạch' }, 'review-interim');
  if (toYear >= 2025) push(time('2025-12-15', 8 * 60), { type: 'RecordReview', planId, reviewId: 'review-final', kind: 'final', heldOn: '2025-12-15', title: 'Tổng kết thực hiện Kế hoạch giai đoạn 2022-2025' }, 'review-final');

  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}
