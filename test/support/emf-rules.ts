/**
 * The rules of CloudWatch's Embedded Metric Format ("Specification: Embedded metric format",
 * CloudWatch User Guide) and CloudWatch's metric limits, as an oracle independent of the handler:
 * every problem a document has, or none.
 */

/** At most 100 metric definitions in one directive. */
export const MAX_METRICS_PER_DIRECTIVE = 100;
/** At most 30 dimension keys in one dimension set. */
export const MAX_DIMENSIONS_PER_SET = 30;
/** CloudWatch dimension names: 1 to 255 characters; values: 1 to 1,024, not only whitespace. */
export const MAX_DIMENSION_NAME = 255;
export const MAX_DIMENSION_VALUE = 1024;
/** Metric names and namespaces: 1 to 255 characters. */
export const MAX_METRIC_NAME = 255;
export const MAX_NAMESPACE = 255;
/** One log event, and so one document, is at most 1 MB (256 KB before 2025; the tighter bound is checked). */
export const MAX_DOCUMENT_BYTES = 256 * 1024;
/** At most 100 values in one metric's array. */
export const MAX_VALUES_PER_METRIC = 100;

const UNITS = new Set(['Seconds', 'Microseconds', 'Milliseconds', 'Bytes', 'Kilobytes', 'Megabytes', 'Gigabytes', 'Terabytes',
  'Bits', 'Kilobits', 'Megabits', 'Gigabits', 'Terabits', 'Percent', 'Count', 'Bytes/Second', 'Kilobytes/Second',
  'Megabytes/Second', 'Gigabytes/Second', 'Terabytes/Second', 'Bits/Second', 'Kilobits/Second', 'Megabits/Second',
  'Gigabits/Second', 'Terabits/Second', 'Count/Second', 'None']);

export function emfProblems(line: string): string[] {
  const problems: string[] = [];
  if (Buffer.byteLength(line) > MAX_DOCUMENT_BYTES) problems.push(`document is ${Buffer.byteLength(line)} bytes`);
  let doc: any;
  try {
    doc = JSON.parse(line);
  } catch {
    return ['not a JSON object (the log event must be the document, with nothing before or after it)'];
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) return ['not a JSON object'];
  const aws = doc._aws;
  if (typeof aws !== 'object' || aws === null) return ['no _aws metadata object'];
  if (!Number.isInteger(aws.Timestamp) || aws.Timestamp < 0) problems.push('_aws.Timestamp must be milliseconds since the epoch');
  if (!Array.isArray(aws.CloudWatchMetrics)) return [...problems, '_aws.CloudWatchMetrics must be an array'];
  for (const [i, d] of aws.CloudWatchMetrics.entries()) {
    const at = `CloudWatchMetrics[${i}]`;
    if (typeof d.Namespace !== 'string' || d.Namespace.length < 1 || d.Namespace.length > MAX_NAMESPACE) problems.push(`${at}.Namespace`);
    if (!Array.isArray(d.Dimensions)) problems.push(`${at}.Dimensions must be an array of dimension sets`);
    for (const set of d.Dimensions ?? []) {
      if (!Array.isArray(set)) { problems.push(`${at}: a dimension set must be an array`); continue; }
      if (set.length > MAX_DIMENSIONS_PER_SET) problems.push(`${at}: a dimension set has ${set.length} dimensions`);
      for (const name of set) {
        if (typeof name !== 'string' || name.length < 1 || name.length > MAX_DIMENSION_NAME || !/^[\x20-\x7e]+$/.test(name) || name.startsWith(':')) {
          problems.push(`${at}: dimension name ${JSON.stringify(name)}`);
        }
        const v = doc[name];
        if (typeof v !== 'string') problems.push(`${at}: dimension ${name} has no string target member`);
        else if (v.length < 1 || v.length > MAX_DIMENSION_VALUE || v.trim().length === 0) problems.push(`${at}: dimension ${name} value of ${v.length} characters`);
      }
    }
    if (!Array.isArray(d.Metrics)) { problems.push(`${at}.Metrics must be an array`); continue; }
    if (d.Metrics.length > MAX_METRICS_PER_DIRECTIVE) problems.push(`${at}: ${d.Metrics.length} metrics`);
    const names = new Set<string>();
    for (const m of d.Metrics) {
      if (typeof m.Name !== 'string' || m.Name.length < 1 || m.Name.length > MAX_METRIC_NAME) problems.push(`${at}: metric name ${JSON.stringify(m.Name)}`);
      if (names.has(m.Name)) problems.push(`${at}: metric ${m.Name} defined twice`);
      names.add(m.Name);
      if (m.Unit !== undefined && !UNITS.has(m.Unit)) problems.push(`${at}: unit ${JSON.stringify(m.Unit)}`);
      if (m.StorageResolution !== undefined && m.StorageResolution !== 1 && m.StorageResolution !== 60) problems.push(`${at}: storage resolution`);
      const v = doc[m.Name];
      const values = Array.isArray(v) ? v : [v];
      if (values.length < 1 || values.length > MAX_VALUES_PER_METRIC || !values.every((x) => typeof x === 'number' && Number.isFinite(x))) {
        problems.push(`${at}: metric ${m.Name} needs a number (or up to 100 numbers) as its target member, got ${JSON.stringify(v)}`);
      }
    }
    for (const set of d.Dimensions ?? []) {
      for (const name of Array.isArray(set) ? set : []) if (names.has(name)) problems.push(`${at}: ${name} is both a dimension and a metric`);
    }
  }
  return problems;
}

/** The documents among log lines: the lines with an `_aws` member. */
export function emfDocuments(lines: readonly string[]): any[] {
  return lines.filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
}
