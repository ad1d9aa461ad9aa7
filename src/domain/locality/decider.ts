/**
 * The administrative register's decider: validates locality commands against
 * the effective-dated history and turns them into events.
 *
 * @module
 */
import { z } from 'zod';
import { DomainRuleError, ValidationError, type Decider, type ValidationIssue } from '../../kernel/index.js';
import { Code, levelOf, addDays, type Level, type LocalityKind } from '../shared/values.js';
import {
  DistrictLevelAbolished,
  LocalitiesMerged,
  LocalityDissolved,
  LocalityEstablished,
  LocalityDivisionIdentified,
  Evidence,
  LocalityPartTransferred,
  LocalityReceiverIdentified,
  LocalityReclassified,
  LocalityShareAllocated,
  LocalityRenamed,
  LocalitySplit,
  LocalityTransferred,
  type LocalityEventBody,
} from './events.js';
import { LocalityHistory, divisionTargetsOf } from './locality-history.js';

/**
 * Schemas of the locality commands (the event payload plus `type`).
 *
 * @example
 * ```ts
 * LocalityCommandSchema.safeParse({ type: 'RenameLocality', code: '15331', name: 'Xã Thái Lai', effectiveDate: '2025-01-01', legalBasis: '…' }).success; // true
 * ```
 */
export const LocalityCommandSchema = z.discriminatedUnion('type', [
  LocalityEstablished.schema.extend({ type: z.literal('EstablishLocality') }),
  LocalityRenamed.schema.extend({ type: z.literal('RenameLocality') }),
  LocalityReclassified.schema.extend({ type: z.literal('ReclassifyLocality') }),
  LocalityTransferred.schema.extend({ type: z.literal('TransferLocality') }),
  LocalitiesMerged.schema.extend({ type: z.literal('MergeLocalities') }),
  LocalitySplit.schema.extend({ type: z.literal('SplitLocality') }),
  LocalityDissolved.schema.extend({ type: z.literal('DissolveLocality'), possibleReceivers: z.array(Code).min(1).optional() }),
  LocalityReceiverIdentified.schema.extend({ type: z.literal('IdentifyReceiver'), evidence: Evidence }),
  LocalityDivisionIdentified.schema.extend({ type: z.literal('IdentifyDivision') }),
  LocalityPartTransferred.schema.extend({ type: z.literal('TransferPart') }),
  LocalityShareAllocated.schema.extend({ type: z.literal('AllocateShares') }),
  DistrictLevelAbolished.schema.extend({ type: z.literal('AbolishDistrictLevel'), districts: z.array(Code).min(1).optional() }),
]);
/** A locality command. */
export type LocalityCommand = z.input<typeof LocalityCommandSchema>;

/**
 * The domain error codes of the register.
 *
 * @example
 * ```ts
 * if (isDomainRuleError(e) && (LOCALITY_ERROR_CODES as readonly string[]).includes(e.code)) report(e);
 * ```
 */
export const LOCALITY_ERROR_CODES = [
  'locality_exists',
  'locality_not_found_on_date',
  'parent_not_found_on_date',
  'parent_level_mismatch',
  'kind_level_mismatch',
  'change_before_last_change',
  'no_change',
  'merge_into_closed_unit',
  'merge_target_in_sources',
  'duplicate_code',
  'level_mismatch',
  'new_unit_undescribed',
  'split_allocation_invalid',
  'no_possible_receiver',
  'receiver_not_found_on_date',
  'dissolution_not_found',
  'receiver_already_identified',
  'part_transfer_exists',
  'division_not_found',
  'shares_already_allocated',
  'shares_do_not_match',
  'evidence_unknown',
  'not_a_province',
  'no_district_to_abolish',
] as const;
/** A register error code. */
export type LocalityErrorCode = (typeof LOCALITY_ERROR_CODES)[number];

function fail(code: LocalityErrorCode, message: string, details: Record<string, unknown> = {}): never {
  throw new DomainRuleError(code, message, details);
}

const PARENT_LEVEL: Record<Level, Level[]> = {
  province: [],
  district: ['province'],
  commune: ['district', 'province'],
  residential: ['commune'],
};

function requireOpen(h: LocalityHistory, code: string, date: string, role = 'locality'): NonNullable<ReturnType<LocalityHistory['at']>> {
  const u = h.at(code, date);
  if (u === undefined) {
    const unit = h.unit(code);
    const why = unit === undefined ? 'is not in the register' : unit.closedOn !== null && unit.closedOn <= date ? `closed on ${unit.closedOn}` : `exists only from ${unit.establishedOn}`;
    fail('locality_not_found_on_date', `${role} ${code}: does not exist on ${date} (${why})`, { code, date });
  }
  return u;
}

function requireNotBefore(h: LocalityHistory, code: string, date: string): void {
  const last = h.lastChangeOf(code);
  if (last !== undefined && date < last) {
    fail('change_before_last_change', `locality ${code}: a change effective ${date} precedes its last change effective ${last}; record changes in date order`, { code, date, last });
  }
}

function requireParent(h: LocalityHistory, kind: LocalityKind, parentCode: string | undefined, date: string, code: string): void {
  const level = levelOf(kind);
  if (level === 'province') {
    if (parentCode !== undefined) fail('parent_level_mismatch', `locality ${code}: a province has no parent`, { code, parentCode });
    return;
  }
  if (parentCode === undefined) fail('parent_level_mismatch', `locality ${code}: a ${kind} needs a parent`, { code, kind });
  const parent = h.at(parentCode, date);
  if (parent === undefined) fail('parent_not_found_on_date', `locality ${code}: parent ${parentCode} does not exist on ${date}`, { code, parentCode, date });
  if (!PARENT_LEVEL[level].includes(parent.level)) {
    fail('parent_level_mismatch', `locality ${code}: a ${kind} cannot be under ${parent.kind} ${parentCode}`, { code, kind, parentCode, parentKind: parent.kind });
  }
}

/** Fails unless the allocations add up to exactly one (`sum of n_i/d_i === 1`, in integers). */
function requireWhole(allocations: ReadonlyArray<{ numerator: number; denominator: number }>, what: string, details: Record<string, unknown>): void {
  let num = 0n;
  let den = 1n;
  for (const a of allocations) {
    num = num * BigInt(a.denominator) + BigInt(a.numerator) * den;
    den *= BigInt(a.denominator);
  }
  if (num !== den) fail('split_allocation_invalid', `${what}: the shares must add up to exactly one`, details);
}

function distinct(codes: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const c of codes) {
    if (seen.has(c)) fail('duplicate_code', `${what}: ${c} is listed twice`, { code: c });
    seen.add(c);
  }
}

/**
 * Checks a locality command against its schema and returns it parsed, or
 * throws one {@link ValidationError} naming the command and listing every
 * problem with its field. The ledger calls it before routing, so that a bad
 * `code` is reported as such rather than as an unknown province.
 *
 * @example
 * ```ts
 * parseLocalityCommand({ type: 'RenameLocality', code: 42 }); // throws: code (expected string), name, effectiveDate, legalBasis
 * ```
 */
export function parseLocalityCommand(command: unknown): z.output<typeof LocalityCommandSchema> {
  const parsed = LocalityCommandSchema.safeParse(command);
  if (parsed.success) return parsed.data;
  const issues: ValidationIssue[] = parsed.error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), code: i.code, message: i.message }));
  const c = (typeof command === 'object' && command !== null ? command : {}) as { type?: unknown; code?: unknown; target?: unknown; source?: unknown };
  const who = [c.code, c.target, c.source].find((x) => typeof x === 'string');
  throw new ValidationError(`${typeof c.type === 'string' ? c.type : 'locality command'}${who === undefined ? '' : ` ${String(who)}`}`, issues);
}

/**
 * The register decider. State: the {@link LocalityHistory} of the province's register stream.
 *
 * @example
 * ```ts
 * await handle(store, registerStreamId('38'), localityDecider, {
 *   type: 'MergeLocalities', target: '15286', sources: ['15289'], name: 'Xã Yên Dương', effectiveDate: '2019-12-01', legalBasis: '786/NQ-UBTVQH14',
 * });
 * ```
 */
export const localityDecider: Decider<LocalityCommand, LocalityEventBody, LocalityHistory> = {
  initialState: LocalityHistory.empty,
  evolve: (h, e) => h.with(e),
  decide(command, h) {
    const c = parseLocalityCommand(command);
    const { type, ...data } = c;
    const date = c.effectiveDate;
    const evidence = (data as { evidence?: { level: string } }).evidence;
    if (evidence?.level === 'unknown' && (type === 'IdentifyReceiver' || type === 'IdentifyDivision' || type === 'TransferPart' || type === 'AllocateShares')) {
      fail('evidence_unknown', `${type}: a fact recorded as found needs evidence (documented, secondary or inferred), not 'unknown'`, { type });
    }
    switch (type) {
      case 'EstablishLocality': {
        const d = data as z.infer<typeof LocalityEstablished.schema>;
        if (h.unit(d.code) !== undefined) fail('locality_exists', `locality ${d.code}: already in the register`, { code: d.code });
        requireParent(h, d.kind, d.parentCode, date, d.code);
        return [{ type: 'LocalityEstablished', data: d }];
      }
      case 'RenameLocality': {
        const d = data as z.infer<typeof LocalityRenamed.schema>;
        const u = requireOpen(h, d.code, date);
        requireNotBefore(h, d.code, date);
        if (u.name === d.name) fail('no_change', `locality ${d.code}: is already named ${d.name}`, { code: d.code });
        return [{ type: 'LocalityRenamed', data: d }];
      }
      case 'ReclassifyLocality': {
        const d = data as z.infer<typeof LocalityReclassified.schema>;
        const u = requireOpen(h, d.code, date);
        requireNotBefore(h, d.code, date);
        if (levelOf(d.kind) !== u.level) fail('kind_level_mismatch', `locality ${d.code}: cannot become a ${d.kind}: a ${u.kind} stays at the ${u.level} level`, { code: d.code, from: u.kind, to: d.kind });
        if (u.kind === d.kind && (d.name === undefined || d.name === u.name)) fail('no_change', `locality ${d.code}: is already a ${d.kind}`, { code: d.code });
        return [{ type: 'LocalityReclassified', data: d }];
      }
      case 'TransferLocality': {
        const d = data as z.infer<typeof LocalityTransferred.schema>;
        const u = requireOpen(h, d.code, date);
        requireNotBefore(h, d.code, date);
        if (u.parentCode === d.parentCode) fail('no_change', `locality ${d.code}: is already under ${d.parentCode}`, { code: d.code });
        requireParent(h, u.kind, d.parentCode, date, d.code);
        return [{ type: 'LocalityTransferred', data: d }];
      }
      case 'MergeLocalities': {
        const d = data as z.infer<typeof LocalitiesMerged.schema>;
        distinct(d.sources, `merge into ${d.target}`);
        if (d.sources.includes(d.target)) fail('merge_target_in_sources', `merge into ${d.target}: the target is listed among the sources; list only the units it absorbs`, { target: d.target });
        const sources = d.sources.map((s) => {
          const u = requireOpen(h, s, addDays(date, -1), 'merge source');
          requireOpen(h, s, date, 'merge source');
          requireNotBefore(h, s, date);
          return u;
        });
        const existing = h.unit(d.target);
        let level: Level;
        if (existing !== undefined) {
          const t = h.at(d.target, date);
          if (t === undefined) fail('merge_into_closed_unit', `merge into ${d.target}: the target ${existing.closedOn !== null ? `closed on ${existing.closedOn}` : `exists only from ${existing.establishedOn}`}`, { target: d.target, date });
          requireNotBefore(h, d.target, date);
          level = t.level;
          if (d.kind !== undefined && levelOf(d.kind) !== level) fail('kind_level_mismatch', `merge into ${d.target}: cannot become a ${d.kind}`, { target: d.target, kind: d.kind });
          if (d.parentCode !== undefined) requireParent(h, d.kind ?? t.kind, d.parentCode, date, d.target);
        } else {
          if (d.name === undefined || d.kind === undefined || d.parentCode === undefined) {
            fail('new_unit_undescribed', `merge into ${d.target}: the target does not exist yet, so name, kind and parentCode are required`, { target: d.target });
          }
          requireParent(h, d.kind, d.parentCode, date, d.target);
          level = levelOf(d.kind);
        }
        for (const s of sources) if (s.level !== level) fail('level_mismatch', `merge into ${d.target}: ${s.code} is at the ${s.level} level, the target at the ${level} level`, { target: d.target, source: s.code });
        return [{ type: 'LocalitiesMerged', data: d }];
      }
      case 'SplitLocality': {
        const d = data as z.infer<typeof LocalitySplit.schema>;
        const src = requireOpen(h, d.source, date, 'split source');
        requireNotBefore(h, d.source, date);
        distinct(
          d.targets.map((t) => t.code),
          `split of ${d.source}`,
        );
        const withAllocation = d.targets.filter((t) => t.allocation !== undefined);
        if (withAllocation.length > 0) {
          if (withAllocation.length !== d.targets.length) fail('split_allocation_invalid', `split of ${d.source}: give an allocation for every target or for none`, { source: d.source });
          requireWhole(withAllocation.map((t) => t.allocation!), `split of ${d.source}`, { source: d.source });
        }
        for (const t of d.targets) {
          const existing = h.unit(t.code);
          if (existing === undefined) {
            if (t.establish === undefined) fail('new_unit_undescribed', `split of ${d.source}: target ${t.code} does not exist yet, so 'establish' must describe it`, { target: t.code });
            requireParent(h, t.establish.kind, t.establish.parentCode, date, t.code);
            if (levelOf(t.establish.kind) !== src.level) fail('level_mismatch', `split of ${d.source}: target ${t.code} is not at the ${src.level} level`, { target: t.code });
          } else {
            if (t.establish !== undefined) fail('locality_exists', `split of ${d.source}: target ${t.code} already exists; do not describe it`, { code: t.code });
            const tu = requireOpen(h, t.code, date, 'split target');
            if (tu.level !== src.level) fail('level_mismatch', `split of ${d.source}: target ${t.code} is not at the ${src.level} level`, { target: t.code });
          }
        }
        return [{ type: 'LocalitySplit', data: d }];
      }
      case 'DissolveLocality': {
        const d = data as z.infer<typeof LocalityDissolved.schema> & { possibleReceivers?: string[] };
        const u = requireOpen(h, d.code, date);
        requireNotBefore(h, d.code, date);
        let receivers = d.possibleReceivers;
        if (receivers === undefined) {
          const before = addDays(date, -1);
          receivers = u.parentCode === null ? [] : h.hierarchyAt(before).children(u.parentCode).filter((c) => c !== d.code && h.isOpen(c, date) && h.at(c, date)!.level === u.level);
        } else {
          distinct(receivers, `dissolution of ${d.code}`);
          for (const r of receivers) {
            const ru = h.at(r, date);
            if (ru === undefined) fail('receiver_not_found_on_date', `dissolution of ${d.code}: possible receiver ${r} does not exist on ${date}`, { code: d.code, receiver: r });
            if (ru.level !== u.level) fail('level_mismatch', `dissolution of ${d.code}: possible receiver ${r} is not at the ${u.level} level`, { code: d.code, receiver: r });
          }
        }
        if (receivers.length === 0) fail('no_possible_receiver', `dissolution of ${d.code}: no unit could have received it; name possibleReceivers`, { code: d.code });
        return [{ type: 'LocalityDissolved', data: { ...d, possibleReceivers: receivers } }];
      }
      case 'IdentifyReceiver': {
        const d = data as z.infer<typeof LocalityReceiverIdentified.schema>;
        const step = dissolutionOf(h, d.code, d.effectiveDate);
        requireReceiver(h, d.code, d.receiver, step.date);
        return [{ type: 'LocalityReceiverIdentified', data: d }];
      }
      case 'IdentifyDivision': {
        const d = data as z.infer<typeof LocalityDivisionIdentified.schema>;
        const step = dissolutionOf(h, d.code, d.effectiveDate);
        distinct(
          d.receivers.map((r) => r.code),
          `division of ${d.code}`,
        );
        for (const r of d.receivers) requireReceiver(h, d.code, r.code, step.date);
        const given = d.receivers.filter((r) => r.allocation !== undefined);
        if (given.length > 0) {
          if (given.length !== d.receivers.length) fail('split_allocation_invalid', `division of ${d.code}: give a share for every receiver or for none`, { code: d.code });
          requireWhole(given.map((r) => r.allocation!), `division of ${d.code}`, { code: d.code });
        }
        return [{ type: 'LocalityDivisionIdentified', data: d }];
      }
      case 'TransferPart': {
        const d = data as z.infer<typeof LocalityPartTransferred.schema>;
        // a fact found later about an earlier day: it may precede changes already recorded
        const from = requireOpen(h, d.code, addDays(date, -1), 'part transfer source');
        requireOpen(h, d.code, date, 'part transfer source');
        const to = requireOpen(h, d.to, date, 'part transfer receiver');
        if (d.to === d.code) fail('merge_target_in_sources', `part transfer of ${d.code}: the receiver is the unit itself`, { code: d.code });
        if (to.level !== from.level) fail('level_mismatch', `part transfer of ${d.code}: ${d.to} is not at the ${from.level} level`, { code: d.code, to: d.to });
        // footprints are made of communes (and residential areas): a transfer between districts would be recorded and never used
        if (from.level !== 'commune' && from.level !== 'residential') fail('level_mismatch', `part transfer of ${d.code}: a ${from.kind} is not divided this way; record the transfer of its communes`, { code: d.code, to: d.to });
        if (d.allocation !== undefined && (d.allocation.numerator === 0 || d.allocation.numerator === d.allocation.denominator)) {
          fail('split_allocation_invalid', `part transfer of ${d.code}: the share moved must be more than nothing and less than the whole`, { code: d.code });
        }
        if (h.steps.some((s) => s.type === 'split' && s.partial?.to === d.to && s.source === d.code && s.date === date)) {
          fail('part_transfer_exists', `part transfer of ${d.code} to ${d.to} on ${date}: already recorded`, { code: d.code, to: d.to, date });
        }
        return [{ type: 'LocalityPartTransferred', data: d }];
      }
      case 'AllocateShares': {
        const d = data as z.infer<typeof LocalityShareAllocated.schema>;
        const all = h.divisionsOf(d.source, date);
        if (all.length === 0) fail('division_not_found', `locality ${d.source}: no split, part transfer or divided dissolution of it on ${date} is recorded`, { source: d.source, date });
        distinct(
          d.shares.map((x) => x.code),
          `shares of ${d.source}`,
        );
        const given = d.shares.map((x) => x.code).sort();
        // the division whose receiving units are the ones given (a unit may give parts twice on one day)
        const step = h.divisionsOf(d.source, date, given)[0];
        const targetsOf = (s: (typeof all)[number]) => divisionTargetsOf(s, d.source) ?? [];
        if (step === undefined) {
          const expected = all.map((s) => targetsOf(s).map((t) => t.code).sort().join(', '));
          fail('shares_do_not_match', `shares of ${d.source} on ${date}: give one share for each unit that received a part (${expected.join('; or ')}), got ${given.join(', ')}`, { source: d.source, expected: targetsOf(all[0]!).map((t) => t.code).sort(), given });
        }
        if (targetsOf(step).every((t) => t.allocation !== undefined)) fail('shares_already_allocated', `locality ${d.source}: the shares of its division among ${given.join(', ')} on ${date} are already known`, { source: d.source, date });
        if (step.type === 'split' && step.partial !== undefined && d.shares.some((x) => x.allocation.numerator === 0 || x.allocation.numerator === x.allocation.denominator)) {
          fail('split_allocation_invalid', `shares of ${d.source} on ${date}: a part transfer moves more than nothing and less than the whole`, { source: d.source });
        }
        requireWhole(
          d.shares.map((x) => x.allocation),
          `shares of ${d.source}`,
          { source: d.source },
        );
        return [{ type: 'LocalityShareAllocated', data: d }];
      }
      case 'AbolishDistrictLevel': {
        const d = data as z.infer<typeof DistrictLevelAbolished.schema> & { districts?: string[] };
        const p = requireOpen(h, d.provinceCode, date, 'province');
        if (p.level !== 'province') fail('not_a_province', `locality ${d.provinceCode}: is a ${p.kind}, not a province`, { code: d.provinceCode });
        const h0 = h.hierarchyAt(date);
        const districts = d.districts ?? h0.children(d.provinceCode).filter((c) => h0.units.get(c)!.level === 'district');
        if (districts.length === 0) fail('no_district_to_abolish', `province ${d.provinceCode}: has no district-level unit on ${date}`, { code: d.provinceCode, date });
        distinct(districts, `abolition in ${d.provinceCode}`);
        for (const code of districts) {
          const u = requireOpen(h, code, date, 'district');
          requireNotBefore(h, code, date);
          if (u.level !== 'district' || u.parentCode !== d.provinceCode) fail('parent_level_mismatch', `locality ${code}: is not a district of ${d.provinceCode}`, { code });
        }
        return [{ type: 'DistrictLevelAbolished', data: { ...d, districts } }];
      }
    }
  },
};

/** The dissolution of `code` (on `date`, which must be its date), with neither a receiver nor a division identified yet. */
function dissolutionOf(h: LocalityHistory, code: string, date: string): Extract<LocalityHistory['steps'][number], { type: 'dissolve' }> {
  const step = h.steps.find((s) => s.type === 'dissolve' && s.code === code);
  if (step === undefined || step.type !== 'dissolve') fail('dissolution_not_found', `locality ${code}: no dissolution of it is recorded`, { code });
  if (step.receiver !== undefined) fail('receiver_already_identified', `locality ${code}: its receiver is already identified as ${step.receiver.code}`, { code, receiver: step.receiver.code });
  if (step.division !== undefined) fail('receiver_already_identified', `locality ${code}: its division among ${step.division.targets.map((t) => t.code).join(', ')} is already identified`, { code });
  if (date !== step.date) fail('change_before_last_change', `locality ${code}: the identification must carry the dissolution's date ${step.date}`, { code, date: step.date });
  return step;
}

function requireReceiver(h: LocalityHistory, code: string, receiver: string, date: string): void {
  const r = h.at(receiver, date);
  if (r === undefined) fail('receiver_not_found_on_date', `locality ${code}: receiver ${receiver} does not exist on ${date}`, { code, receiver });
  const dissolved = h.at(code, addDays(date, -1));
  if (dissolved !== undefined && r.level !== dissolved.level) fail('level_mismatch', `locality ${code}: receiver ${receiver} is not at the ${dissolved.level} level`, { code, receiver });
}

/**
 * Runs commands through the register decider one after another, without a
 * store: returns the events (all or nothing — the first rejected command
 * throws, with its index and the command's identity in the message).
 *
 * @example
 * ```ts
 * const events = decideAll(LocalityHistory.empty, commands);
 * await store.append(registerStreamId('38'), events, { expectedVersion: 'no_stream' });
 * ```
 */
export function decideAll(initial: LocalityHistory, commands: readonly LocalityCommand[]): LocalityEventBody[] {
  let h = initial;
  const out: LocalityEventBody[] = [];
  commands.forEach((c, i) => {
    let events: readonly LocalityEventBody[];
    try {
      events = localityDecider.decide(c, h);
    } catch (e) {
      if (e instanceof DomainRuleError) throw new DomainRuleError(e.code, `command ${i} (${c.type}): ${e.message}`, { ...e.details, commandIndex: i }, { cause: e });
      if (e instanceof ValidationError) throw new ValidationError(`command ${i}: ${e.entity}`, e.issues.map((x) => ({ ...x, path: ['commands', i, ...x.path] })), { cause: e });
      throw e;
    }
    for (const e of events) {
      h = h.with(e);
      out.push(e);
    }
  });
  return out;
}
