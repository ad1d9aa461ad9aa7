/**
 * Incident labels, Penal Code severities and metric definitions. A metric
 * declares exactly which labels it counts, so nothing is double counted by
 * accident (gambling can be a social evil and a crime; drug crime is not a
 * social-order crime).
 *
 * @module
 */
import { z } from 'zod';

/**
 * Labels with a fixed name.
 *
 * @example
 * ```ts
 * FIXED_LABELS.includes('crime.social-order'); // true
 * ```
 */
export const FIXED_LABELS = [
  'crime.social-order',
  'crime.economic',
  'crime.drug',
  'crime.environment',
  'social-evil.drugs',
  'social-evil.gambling',
  'social-evil.prostitution',
  'traffic-accident',
  'fire-explosion',
  'mass-complaint',
  'prolonged-dispute',
  'violation.other',
] as const;

/**
 * An incident label: one of {@link FIXED_LABELS}, or an open sub-label of
 * `social-evil.*` or `security.*` (e.g. `security.illegal-religion`).
 *
 * @example
 * ```ts
 * Label.parse('security.sabotage');
 * Label.safeParse('crime.other').success; // false
 * ```
 */
export const Label = z.union([z.enum(FIXED_LABELS), z.string().regex(/^(social-evil|security)\.[a-z][a-z0-9-]{0,40}$/, 'must be a known label, social-evil.<name> or security.<name>')]);
/** An incident label. */
export type Label = z.infer<typeof Label>;

/**
 * The four Penal Code classes (by the clause charged), least serious first.
 *
 * @example
 * ```ts
 * SEVERITIES[0]; // 'less-serious'
 * ```
 */
export const SEVERITIES = ['less-serious', 'serious', 'very-serious', 'especially-serious'] as const;

/**
 * A Penal Code 2015 (Art. 9) severity class.
 *
 * @example
 * ```ts
 * Severity.parse('very-serious');
 * ```
 */
export const Severity = z.enum(SEVERITIES);
/** A Penal Code severity class. */
export type Severity = z.infer<typeof Severity>;

/**
 * Rank of a severity (0 = less serious … 3 = especially serious).
 *
 * @example
 * ```ts
 * severityRank('serious') > severityRank('less-serious'); // true
 * ```
 */
export function severityRank(s: Severity): number {
  return SEVERITIES.indexOf(s);
}

/**
 * True when `label` matches `pattern` (exact, or `prefix.*`).
 *
 * @example
 * ```ts
 * labelMatches('social-evil.gambling', 'social-evil.*'); // true
 * labelMatches('crime.drug', 'crime.social-order'); // false
 * ```
 */
export function labelMatches(label: string, pattern: string): boolean {
  if (pattern.endsWith('.*')) return label.startsWith(pattern.slice(0, -1));
  return label === pattern;
}

/**
 * A label pattern in a metric or rule: a label, or `prefix.*`.
 *
 * @example
 * ```ts
 * LabelPattern.parse('security.*');
 * ```
 */
export const LabelPattern = z.string().regex(/^[a-z][a-z0-9-]*(\.([a-z][a-z0-9-]*|\*))?$/, 'must be a label or prefix.*');

/**
 * A metric id (as in {@link MetricDefinition.id}), e.g. `social-order-crime`.
 *
 * @example
 * ```ts
 * MetricId.parse('crime-and-violations');
 * ```
 */
export const MetricId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'must be a metric id (lower-case letters, digits and -)');

/** What a metric measures per incident. */
export type Measure = 'cases' | 'deaths' | 'injuries';

/**
 * A metric definition: which incidents count, and what is counted.
 *
 * @example
 * ```ts
 * MetricDefinition.parse({ id: 'social-order-crime', title: { vi: 'Tội phạm về TTXH', en: 'Social-order crime' }, labels: ['crime.social-order'], measure: 'cases' });
 * ```
 */
export const MetricDefinition = z.strictObject({
  id: MetricId,
  title: z.strictObject({ vi: z.string().min(1), en: z.string().min(1) }),
  /** An incident counts if it has at least one label matching one of these. */
  labels: z.array(LabelPattern).min(1),
  /** Only incidents at least this severe (incidents without severity do not count then). */
  minSeverity: Severity.optional(),
  measure: z.enum(['cases', 'deaths', 'injuries']),
  /** Whether an incident falls in a period by when it occurred (default) or when it was reported. */
  dateBasis: z.enum(['occurred', 'reported']).default('occurred'),
});
/** A metric definition. */
export type MetricDefinition = z.infer<typeof MetricDefinition>;

const m = (id: string, vi: string, en: string, labels: string[], measure: Measure = 'cases', minSeverity?: Severity): MetricDefinition =>
  MetricDefinition.parse(minSeverity === undefined ? { id, title: { vi, en }, labels, measure } : { id, title: { vi, en }, labels, measure, minSeverity });

/**
 * The built-in metrics.
 *
 * @example
 * ```ts
 * BUILT_IN_METRICS.find((x) => x.id === 'social-order-crime')?.labels; // ['crime.social-order']
 * ```
 */
export const BUILT_IN_METRICS: readonly MetricDefinition[] = Object.freeze([
  m('social-order-crime', 'Tội phạm về trật tự xã hội', 'Social-order crime', ['crime.social-order']),
  m('serious-social-order-crime', 'Tội phạm về TTXH từ nghiêm trọng trở lên', 'Serious or worse social-order crime', ['crime.social-order'], 'cases', 'serious'),
  m('economic-crime', 'Tội phạm về trật tự quản lý kinh tế', 'Economic crime', ['crime.economic']),
  m('drug-crime', 'Tội phạm về ma túy', 'Drug crime', ['crime.drug']),
  m('environment-crime', 'Tội phạm về môi trường', 'Environment crime', ['crime.environment']),
  m('all-crime', 'Tội phạm (tất cả)', 'All crime', ['crime.*']),
  m('social-evils', 'Tệ nạn xã hội', 'Social evils', ['social-evil.*']),
  m('traffic-accidents', 'Tai nạn giao thông', 'Traffic accidents', ['traffic-accident']),
  m('traffic-deaths', 'Người chết do tai nạn giao thông', 'Traffic deaths', ['traffic-accident'], 'deaths'),
  m('traffic-injuries', 'Người bị thương do tai nạn giao thông', 'Traffic injuries', ['traffic-accident'], 'injuries'),
  m('fires-explosions', 'Cháy, nổ', 'Fires and explosions', ['fire-explosion']),
  m('mass-complaints', 'Khiếu kiện đông người', 'Mass complaints', ['mass-complaint']),
  m('prolonged-disputes', 'Tranh chấp phức tạp, kéo dài', 'Prolonged disputes', ['prolonged-dispute']),
  m('security-incidents', 'Vụ việc về an ninh', 'Security incidents', ['security.*']),
  m('other-violations', 'Vi phạm pháp luật khác về ANTT', 'Other ANTT violations', ['violation.other']),
  m('crime-and-violations', 'Tội phạm và vi phạm pháp luật về TTXH', 'Crime and social-order violations', ['crime.*', 'social-evil.*', 'violation.other']),
]);

/**
 * True when an incident with these labels and severity counts for the metric.
 *
 * @example
 * ```ts
 * metricCounts(metric, ['crime.social-order'], 'serious'); // true for social-order-crime
 * ```
 */
export function metricCounts(metric: Pick<MetricDefinition, 'labels' | 'minSeverity'>, labels: readonly string[], severity: Severity | undefined): boolean {
  if (!labels.some((l) => metric.labels.some((p) => labelMatches(l, p)))) return false;
  if (metric.minSeverity === undefined) return true;
  return severity !== undefined && severityRank(severity) >= severityRank(metric.minSeverity);
}
