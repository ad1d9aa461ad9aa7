/**
 * The ledger: the one object an application embeds. It routes commands to
 * the right decider and stream (with the register and the criteria as their
 * context), keeps the read models up to date, and answers the questions a
 * province must report — each `{ at, asOf }`: `at` is the valid-time date
 * (which hierarchy, which day), `asOf` the knowledge time (what had been
 * recorded by then; "the report as filed on D").
 *
 * @module
 */
import {
  DomainRuleError,
  NotFoundError,
  ValidationError,
  describeValue,
  isPlainObject,
  eventRegistry,
  isoTime,
  runProjections,
  systemClock,
  type Clock,
  type Decider,
  type DomainEvent,
  type EventMetadata,
  type EventRegistry,
  type EventStore,
  type NewEvent,
  type RangeFolder,
  type StreamWrite,
} from './kernel/index.js';
import { builtInCriteriaStreams, criteriaDecider, criteriaEventDefinitions, criteriaStreamId, type CriteriaCommand } from './domain/criteria/index.js';
import { BUILT_IN_METRICS, incidentDecider, incidentEventDefinitions, incidentStreamId, type IncidentCommand } from './domain/incident/index.js';
import { localityDecider, localityEventDefinitions, parseLocalityCommand, registerStreamId, type ComparisonPartition, type Footprint, type HierarchyAt, type Lineage, type LocalityCommand, type LocalityEventBody, type LocalityHistory } from './domain/locality/index.js';
import { planDecider, planEventDefinitions, planStreamId, type PlanCommand } from './domain/plan/index.js';
import {
  KEY_COMPLEX_LIST_STREAM_ID,
  factDecider,
  factEventDefinitions,
  factsStreamId,
  keyComplexEventDefinitions,
  keyComplexListDecider,
  recognitionDecider,
  recognitionEventDefinitions,
  recognitionStreamId,
  type FactCommand,
  type KeyComplexCommand,
  type RecognitionCommand,
} from './domain/recognition/index.js';
import { periodOf, type PeriodConvention } from './domain/shared/period.js';
import type { IsoDate } from './domain/shared/values.js';
import { attainment, type AttainmentAnswer, type AttainmentQuery } from './projections/attainment.js';
import { attainmentRate, type RateQuery, type RateResult } from './projections/attainment-rates.js';
import type { UnitCount } from './projections/incident-counts.js';
import { planFollowUp, type FollowUpQuery, type PlanFollowUp } from './projections/plan-follow-up.js';
import { liveReadModels, readModelsAsOf, READ_MODEL_PROJECTIONS, type ReadModels } from './projections/read-models.js';
import { targetProgress, type ProgressQuery, type TargetProgress } from './projections/target-progress.js';
import { metricById, trend, trendsUnder, type TrendQuery, type TrendResult, type TrendSummary } from './projections/trends.js';
import { THANH_HOA, thanhHoaRegisterEvents } from './reference/thanh-hoa.js';
import type { TimeZone } from './domain/shared/time-zone.js';

/**
 * Every event type of the domain, for the store's registry.
 *
 * @example
 * ```ts
 * const store = sqliteStore('./ntm-antt.db', { events: ledgerEvents });
 * ```
 */
export const ledgerEvents: EventRegistry = eventRegistry([
  ...localityEventDefinitions,
  ...incidentEventDefinitions,
  ...criteriaEventDefinitions,
  ...recognitionEventDefinitions,
  ...factEventDefinitions,
  ...keyComplexEventDefinitions,
  ...planEventDefinitions,
]);

/** Any command the ledger accepts. */
export type LedgerCommand = LocalityCommand | IncidentCommand | CriteriaCommand | RecognitionCommand | FactCommand | KeyComplexCommand | PlanCommand;

/** Options of {@link Ledger.open}. */
export interface LedgerOptions {
  /** Who records (written into each event's metadata unless a command's options say otherwise). */
  readonly actor?: string;
  /** Clock for defaults such as "today". */
  readonly clock?: Clock;
  /**
   * The province's time, in which an `asOf` given as a plain date ends
   * (default: the province reference data's, {@link THANH_HOA.timeZone}: UTC+7).
   */
  readonly timeZone?: TimeZone;
}

/** Options of a write. */
export interface ExecuteOptions {
  /** Metadata for every event (merged over the ledger's actor). */
  readonly metadata?: EventMetadata;
  /** Deterministic event ids (e.g. from an import row key), making a repeated command idempotent. */
  readonly eventId?: (event: DomainEvent, index: number) => string;
}

/** What a command did. */
export interface ExecuteResult {
  readonly streamId: string;
  readonly events: ReadonlyArray<DomainEvent>;
  readonly position: number | null;
}

/** The knowledge cut-off of a query. */
export interface AsOf {
  /**
   * Answer as known at this time: events recorded after it are ignored, and
   * reference data (the GSO register, the built-in criteria) counts as known
   * from its effective date. A plain date (`'2024-01-15'`) means the end of
   * that day in the province's time (UTC+7). Default: everything recorded.
   */
  readonly asOf?: Date | string | number;
}

interface Route {
  readonly streamId: string;
  readonly decider: Decider<unknown, DomainEvent, unknown>;
}

const LOCALITY = new Set(['EstablishLocality', 'RenameLocality', 'ReclassifyLocality', 'TransferLocality', 'MergeLocalities', 'SplitLocality', 'DissolveLocality', 'IdentifyReceiver', 'IdentifyDivision', 'TransferPart', 'AllocateShares', 'AbolishDistrictLevel']);
const INCIDENT = new Set(['RecordIncident', 'ReclassifyIncident', 'RelocateIncident', 'RetractIncident', 'ResolveDisputeAtGrassroots']);
const CRITERIA = new Set(['PublishCriteriaSet', 'DefineIndicator', 'AmendIndicator', 'RetireCriteriaSet']);
const RECOGNITION = new Set(['RecogniseStandard', 'RevokeRecognition']);
const PLAN = new Set(['AdoptPlan', 'SetTarget', 'ReviseTarget', 'AssignTask', 'CompleteTask', 'RaiseObstacle', 'ResolveObstacle', 'RecordInspection', 'RecordSupervisionFinding', 'FileReport', 'RecordReview']);

const str = (c: unknown, k: string): string => {
  const v = typeof c === 'object' && c !== null ? (c as Record<string, unknown>)[k] : undefined;
  return typeof v === 'string' ? v : '';
};

/**
 * The ledger facade.
 *
 * @example
 * ```ts
 * import { Ledger, ledgerEvents } from 'ntm-antt';
 * import { sqliteStore } from 'ntm-antt/sqlite';
 * const ledger = await Ledger.open(sqliteStore('./ntm-antt.db', { events: ledgerEvents }));
 * await ledger.loadThanhHoaRegister();
 * await ledger.publishBuiltInCriteria();
 * await ledger.execute({ type: 'RecordIncident', incidentId: 'hh-2024-0001', localityCode: '15913', occurredOn: '2024-03-02', reportedOn: '2024-03-03', labels: ['crime.social-order'] });
 * const t = await ledger.trend({ locality: '38', year: 2024 });
 * ```
 */
export class Ledger {
  private readonly live;
  private readonly clock: Clock;

  private constructor(
    /** The event store behind the ledger. */
    readonly store: EventStore,
    private readonly options: LedgerOptions,
  ) {
    this.live = liveReadModels(store);
    this.clock = options.clock ?? systemClock;
    this.timeZone = options.timeZone ?? THANH_HOA.timeZone;
  }

  /** The province's time, in which plain as-of dates end. */
  readonly timeZone: TimeZone;

  /**
   * Opens a ledger on a store created with `events: ledgerEvents`.
   *
   * @example
   * ```ts
   * const ledger = await Ledger.open(memoryStore({ events: ledgerEvents }), { actor: 'analyst@38' });
   * ```
   */
  static async open(store: EventStore, options: LedgerOptions = {}): Promise<Ledger> {
    const ledger = new Ledger(store, options);
    await ledger.live.current();
    return ledger;
  }

  /**
   * Now, by the ledger's clock, as an ISO time (UTC).
   *
   * @example
   * ```ts
   * dayIn(ledger.now(), ledger.timeZone); // today in the province
   * ```
   */
  now(): string {
    return isoTime(this.clock.now());
  }

  /** Today (UTC) by the ledger's clock. */
  today(): IsoDate {
    return isoTime(this.clock.now()).slice(0, 10);
  }

  /** The read models as known at `asOf` (default: everything recorded, brought up to date). */
  async readModels(options: AsOf = {}): Promise<ReadModels> {
    const live = await this.live.current();
    return options.asOf === undefined ? live : readModelsAsOf(this.store, options.asOf, live, this.timeZone);
  }

  private route(command: LedgerCommand, rm: ReadModels, localities: LocalityHistory): Route {
    if (!isPlainObject(command)) {
      throw new ValidationError('command', [{ path: [], code: 'invalid_type', message: `a command must be an object with a string type, got ${describeValue(command)}` }]);
    }
    const t = (command as { type?: unknown }).type;
    const type = typeof t === 'string' ? t : '';
    if (LOCALITY.has(type)) {
      // validated before routing: a malformed code must be reported as such, not as an unknown province
      const c = parseLocalityCommand(command) as LocalityCommand;
      let province = '';
      if (c.type === 'EstablishLocality' && c.kind === 'province') province = c.code;
      else if (c.type === 'AbolishDistrictLevel') province = c.provinceCode;
      else {
        const anchor = str(c, 'code') || str(c, 'target') || str(c, 'source') || str(c, 'parentCode');
        const date = str(c, 'effectiveDate');
        const parentFirst = c.type === 'EstablishLocality' ? str(c, 'parentCode') : anchor;
        const chain = [parentFirst, ...localities.ancestorsAt(parentFirst, date)];
        province = chain.find((x) => localities.at(x, date)?.kind === 'province') ?? chain.find((x) => localities.unit(x)?.versions.some((v) => v.kind === 'province')) ?? '';
        if (province === '') {
          // a unit that no longer exists on the date: use any version's province
          const u = localities.unit(anchor);
          const v = u?.versions[u.versions.length - 1];
          if (v !== undefined) province = [v.parentCode ?? '', ...localities.ancestorsAt(v.parentCode ?? '', v.from)].find((x) => localities.unit(x)?.versions[0]?.kind === 'province') ?? '';
        }
      }
      if (province === '') {
        // name the field: the unit (or parent) it refers to is in no register
        const field = c.type === 'EstablishLocality' ? 'parentCode' : (['code', 'target', 'source', 'parentCode'].find((k) => str(c, k) !== '') ?? 'code');
        const value = str(c, field);
        if (localities.unit(value) === undefined) {
          throw new DomainRuleError(
            c.type === 'EstablishLocality' ? 'parent_not_found_on_date' : 'locality_not_found_on_date',
            `${type}: ${field} ${JSON.stringify(value)} is not a unit of any register`,
            { type, field, code: value },
          );
        }
        throw new DomainRuleError('province_not_found', `${type}: cannot tell which province's register ${value} belongs to`, { type, field, code: value });
      }
      return { streamId: registerStreamId(province), decider: localityDecider as unknown as Route['decider'] };
    }
    if (INCIDENT.has(type)) return { streamId: incidentStreamId(str(command, 'incidentId') || '(missing)'), decider: incidentDecider({ localities }) as unknown as Route['decider'] };
    if (CRITERIA.has(type)) return { streamId: criteriaStreamId(str(command, 'setId') || '(missing)'), decider: criteriaDecider as unknown as Route['decider'] };
    if (RECOGNITION.has(type)) return { streamId: recognitionStreamId(str(command, 'localityCode') || '(missing)'), decider: recognitionDecider({ localities, standards: rm.catalogue }) as unknown as Route['decider'] };
    if (type === 'AttestFact') return { streamId: factsStreamId(str(command, 'localityCode') || '(missing)'), decider: factDecider({ localities }) as unknown as Route['decider'] };
    if (type === 'ListKeyComplex' || type === 'DelistKeyComplex') return { streamId: KEY_COMPLEX_LIST_STREAM_ID, decider: keyComplexListDecider({ localities }) as unknown as Route['decider'] };
    if (PLAN.has(type)) return { streamId: planStreamId(str(command, 'planId') || '(missing)'), decider: planDecider({ standards: rm.catalogue, metrics: BUILT_IN_METRICS, localities }) as unknown as Route['decider'] };
    throw new ValidationError('command', [{ path: ['type'], code: 'unknown_command', message: `unknown command type ${describeValue(t)}` }]);
  }

  /**
   * The stream a command writes to (on the given read models' register).
   *
   * @example
   * ```ts
   * ledger.streamIdOf({ type: 'RecordIncident', incidentId: 'x', … }, await ledger.readModels()); // 'incident-x'
   * ```
   */
  streamIdOf(command: LedgerCommand, rm: ReadModels): string {
    return this.route(command, rm, rm.history).streamId;
  }

  private metadata(options: ExecuteOptions): EventMetadata | undefined {
    if (this.options.actor === undefined && options.metadata === undefined) return undefined;
    return { ...(this.options.actor === undefined ? {} : { actor: this.options.actor }), ...options.metadata };
  }

  /**
   * Validates and executes one command: loads its stream, decides with the
   * current register and catalogue as context, appends with the loaded
   * version as expected version (retrying on a concurrent write).
   *
   * @example
   * ```ts
   * await ledger.execute({ type: 'RecogniseStandard', recognitionId: 'r-1', localityCode: '15913', standard: 'commune-standard-2021:19.2', period: { fromYear: 2024 }, decision: { number: '12/QĐ-UBND', date: '2024-12-20', authority: 'UBND tỉnh Thanh Hóa' } });
   * ```
   */
  async execute(command: LedgerCommand, options: ExecuteOptions = {}): Promise<ExecuteResult> {
    const [r] = await this.executeAll([command], options.eventId === undefined ? options : { ...options, eventId: options.eventId });
    return r!;
  }

  /**
   * Validates every command, then appends all their events in one atomic
   * transaction: either all are recorded or none. Commands on the same stream
   * see each other's events in order. A rejected batch throws one error that
   * names the command (its index) and writes nothing.
   *
   * @example
   * ```ts
   * await ledger.executeAll(rows.map(toRecordIncident), { eventId: (e, i) => `import-2024-03-${i}` });
   * ```
   */
  async executeAll(commands: readonly LedgerCommand[], options: ExecuteOptions & { readonly eventIds?: (commandIndex: number, eventIndex: number) => string } = {}): Promise<ExecuteResult[]> {
    for (let attempt = 1; ; attempt++) {
      const rm = await this.live.current();
      // The register as the batch goes: commands later in the batch see units established earlier in it.
      let localities = rm.history;
      const pending = new Map<string, { version: number; state: unknown; decider: Route['decider']; events: NewEvent[] }>();
      const results: Array<{ streamId: string; events: DomainEvent[] }> = [];
      let eventCounter = 0;
      for (let i = 0; i < commands.length; i++) {
        const command = commands[i]!;
        let route: Route;
        let events: readonly DomainEvent[];
        try {
          route = this.route(command, rm, localities);
          let p = pending.get(route.streamId);
          if (p === undefined) {
            let state = route.decider.initialState;
            let version = 0;
            for await (const e of this.store.readStream(route.streamId)) {
              state = route.decider.evolve(state, e as unknown as DomainEvent);
              version = e.version;
            }
            p = { version, state, decider: route.decider, events: [] };
            pending.set(route.streamId, p);
          }
          events = p.decider.decide(command, p.state);
          for (const e of events) p.state = p.decider.evolve(p.state, e);
          if (LOCALITY.has(command.type)) for (const e of events) localities = localities.with(e as LocalityEventBody);
          const metadata = this.metadata(options);
          events.forEach((e, k) => {
            const id = options.eventIds?.(i, k) ?? options.eventId?.(e, eventCounter);
            eventCounter++;
            p!.events.push({ type: e.type, data: e.data, ...(id === undefined ? {} : { id }), ...(metadata === undefined ? {} : { metadata }) });
          });
        } catch (e) {
          throw commands.length === 1 ? e : withCommandIndex(e, i);
        }
        results.push({ streamId: route.streamId, events: [...events] });
      }
      const writes: StreamWrite[] = [...pending.entries()]
        .filter(([, p]) => p.events.length > 0)
        .map(([streamId, p]) => ({ streamId, events: p.events, expectedVersion: p.version === 0 ? 'no_stream' : p.version }));
      try {
        const appended = writes.length === 0 ? [] : await this.store.appendMany(writes);
        const last = new Map(appended.map((a) => [a.streamId, a.lastPosition]));
        return results.map((r) => ({ streamId: r.streamId, events: r.events, position: r.events.length === 0 ? null : (last.get(r.streamId) ?? null) }));
      } catch (e) {
        if ((e as { code?: string }).code === 'wrong_expected_version' && attempt < 5) continue;
        throw e;
      }
    }
  }

  /**
   * Loads the real Thanh Hóa register (2019 units, every change, the 1 July
   * 2025 reform). Idempotent: a second call appends nothing.
   *
   * @example
   * ```ts
   * const { appended } = await ledger.loadThanhHoaRegister(); // 1045 the first time, 0 after
   * ```
   */
  async loadThanhHoaRegister(): Promise<{ appended: number; streamId: string }> {
    const { events, ids } = thanhHoaRegisterEvents();
    return this.appendReference(registerStreamId('38'), events, (i) => ids[i]!);
  }

  /**
   * Publishes the built-in criteria catalogue (2021-2025). Idempotent.
   *
   * @example
   * ```ts
   * await ledger.publishBuiltInCriteria();
   * ```
   */
  async publishBuiltInCriteria(): Promise<{ appended: number }> {
    let appended = 0;
    for (const s of builtInCriteriaStreams()) appended += (await this.appendReference(s.streamId, s.events, (i) => `ref-criteria-${s.setId}-${i}`)).appended;
    return { appended };
  }

  private async appendReference(streamId: string, events: ReadonlyArray<{ type: string; data: unknown }>, id: (i: number) => string): Promise<{ appended: number; streamId: string }> {
    const before = await this.store.headPosition();
    const metadata = { ...(this.options.actor === undefined ? {} : { actor: this.options.actor }), source: { api: 'reference-data' } };
    await this.store.append(
      streamId,
      events.map((e, i) => ({ type: e.type, data: e.data, id: id(i), metadata })),
      { expectedVersion: 'any' },
    );
    return { appended: (await this.store.headPosition()) - before, streamId };
  }

  // ------------------------------------------------------------------ queries

  /**
   * The register on a date.
   *
   * @example
   * ```ts
   * (await ledger.hierarchyAt('2022-12-31')).ofLevel('commune').filter((u) => u.kind === 'xa').length; // 469
   * ```
   */
  async hierarchyAt(date: IsoDate, options: AsOf = {}): Promise<HierarchyAt> {
    return (await this.readModels(options)).history.hierarchyAt(date);
  }

  /**
   * A unit's predecessors and successors.
   *
   * @example
   * ```ts
   * (await ledger.lineage('15913')).predecessors;
   * ```
   */
  async lineage(code: string, options: AsOf = {}): Promise<Lineage> {
    return (await this.readModels(options)).history.lineage(code);
  }

  /**
   * The units on `date` that make up `code` as on `at`.
   *
   * @example
   * ```ts
   * (await ledger.footprint('16591', '2025-06-30', { at: '2025-07-01' }))?.pieces;
   * ```
   */
  async footprint(code: string, date: IsoDate, options: AsOf & { readonly at?: IsoDate } = {}): Promise<Footprint | undefined> {
    return (await this.readModels(options)).history.footprint(code, date, options.at);
  }

  /**
   * A metric's count for a locality over a period (a calendar year by default).
   *
   * @example
   * ```ts
   * await ledger.count({ locality: '380', metric: 'social-order-crime', year: 2023 });
   * await ledger.count({ locality: '380', metric: 'traffic-deaths', year: 2023, month: 9, convention: 'police-month' });
   * ```
   */
  async count(query: AsOf & { readonly locality: string; readonly metric?: string; readonly year: number; readonly month?: number; readonly convention?: PeriodConvention; readonly at?: IsoDate }): Promise<UnitCount | undefined> {
    const rm = await this.readModels(query);
    const period = periodOf(query.convention ?? 'calendar-year', query.year, query.month);
    return rm.counts({ metric: metricById(query.metric), period, at: query.at ?? period.to }).get(query.locality);
  }

  /**
   * The trend of a metric for a locality against the baseline year and the previous year.
   *
   * @example
   * ```ts
   * const t = await ledger.trend({ locality: '38', year: 2024 });
   * t.vsBaseline.outcome; t.predecessors;
   * ```
   */
  async trend(query: TrendQuery & AsOf): Promise<TrendResult> {
    return trend(await this.readModels(query), query);
  }

  /**
   * Trends of every commune or district under a unit.
   *
   * @example
   * ```ts
   * const s = await ledger.trendsUnder({ locality: '38', level: 'commune', year: 2024 });
   * ```
   */
  async trendsUnder(query: TrendQuery & AsOf & { readonly level: 'commune' | 'district' }): Promise<TrendSummary> {
    return trendsUnder(await this.readModels(query), query);
  }

  /**
   * The localities of a level compared alone against the baseline year, and
   * the comparison groups of the others, with the facts that would split
   * them (see `comparisonGroups`).
   *
   * @example
   * ```ts
   * const p = await ledger.comparisonGroups({ level: 'commune', year: 2025 });
   * p.groups.map((g) => `${g.members.map((m) => m.name).join(' + ')}: ${g.missing.length} facts missing`);
   * ```
   */
  async comparisonGroups(query: AsOf & { readonly level: 'commune' | 'district'; readonly year: number; readonly baselineYear?: number; readonly within?: string; readonly at?: IsoDate }): Promise<ComparisonPartition> {
    const rm = await this.readModels(query);
    const at = query.at ?? `${query.year}-12-31`;
    const within = query.within ?? rm.history.hierarchyAt(at).ofLevel('province')[0]?.code;
    if (within === undefined) throw new NotFoundError('province', '(any)', `no province in the register on ${at}; load the units first`);
    return rm.comparisonGroups({ level: query.level, within, at, periods: [periodOf('calendar-year', query.baselineYear ?? 2019), periodOf('calendar-year', query.year)] });
  }

  /**
   * Computed and recognised attainment of a unit for a standard and year,
   * explained; `{ outcome: 'not_applicable', reason }` for a unit the standard
   * does not apply to (a phường for a standard of rural xã).
   *
   * @example
   * ```ts
   * const a = await ledger.attainment({ locality: '16000', standard: 'commune-standard-2021:19.2', year: 2024 });
   * if (a.outcome !== 'not_applicable') console.log(a.computed.explanation.message.vi);
   * ```
   */
  async attainment(query: AttainmentQuery & AsOf): Promise<AttainmentAnswer> {
    return attainment(await this.readModels(query), query);
  }

  /**
   * The attainment rate of a standard with its members and exclusions.
   *
   * @example
   * ```ts
   * const r = await ledger.attainmentRate({ standard: 'commune-standard-2021:19.2', year: 2022 });
   * ```
   */
  async attainmentRate(query: RateQuery & AsOf): Promise<RateResult> {
    return attainmentRate(await this.readModels(query), query);
  }

  /**
   * Progress of every target of a plan.
   *
   * @example
   * ```ts
   * const targets = await ledger.targetProgress({ planId: 'th-antt-2022-2025', year: 2024 });
   * ```
   */
  async targetProgress(query: ProgressQuery & AsOf): Promise<TargetProgress[]> {
    const dated = query.year === undefined && query.date === undefined ? { ...query, date: this.today() } : query;
    return targetProgress(await this.readModels(query), dated);
  }

  /**
   * Follow-up of a plan: disputes, reports, reviews, obstacles, tasks.
   *
   * @example
   * ```ts
   * const f = await ledger.planFollowUp({ planId: 'th-antt-2022-2025', date: '2025-03-31' });
   * ```
   */
  async planFollowUp(query: FollowUpQuery & AsOf): Promise<PlanFollowUp> {
    return planFollowUp(await this.readModels(query), { ...query, date: query.date ?? this.today() });
  }

  /**
   * Saves the read models with their checkpoints, so that the next open starts from there.
   *
   * @example
   * ```ts
   * await ledger.persist();
   * ```
   */
  async persist(): Promise<void> {
    await this.live.current();
    await this.live.persist();
  }

  /**
   * Rebuilds every read model from the log and saves it.
   *
   * @example
   * ```ts
   * const { events } = await ledger.rebuild({ onProgress: (p) => bar.update(p.position) });
   * // a SQLite file: fold the later half of the incident log in a worker thread
   * await ledger.rebuild({ parallel: sqliteRangeFolder({ file: 'ledger.db', module: READ_MODEL_BUNDLE }) });
   * ```
   */
  async rebuild(
    options: { readonly onProgress?: (p: { readonly position: number; readonly head: number }) => void; readonly parallel?: RangeFolder } = {},
  ): Promise<{ events: number; projections: string[] }> {
    // Saved every 200,000 events so that an interrupted rebuild resumes; saving a national cube costs ~0.2 s.
    const results = await runProjections(this.store, READ_MODEL_PROJECTIONS, {
      rebuild: true,
      checkpointEvery: 200_000,
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.parallel === undefined ? {} : { parallel: options.parallel }),
    });
    return { events: Math.max(0, ...results.map((r) => r.checkpoint)), projections: results.map((r) => r.name) };
  }

  /**
   * Closes the store.
   *
   * @example
   * ```ts
   * await ledger.close();
   * ```
   */
  async close(): Promise<void> {
    await this.store.close();
  }
}

function withCommandIndex(e: unknown, index: number): unknown {
  if (e instanceof ValidationError) return new ValidationError(`command ${index}: ${e.entity}`, e.issues.map((i) => ({ ...i, path: ['commands', index, ...i.path] })), { cause: e });
  if (e instanceof DomainRuleError) return new DomainRuleError(e.code, `command ${index}: ${e.message}`, { ...e.details, commandIndex: index }, { cause: e });
  return e;
}
