/** `status` output: a table and a block per lookup for a person, or JSON for a script. */
import { HeldReport, Pick, StatusReport, StatusRow } from './status';

export function renderStatus(report: StatusReport, json: boolean): string {
  return json ? `${JSON.stringify(toJson(report), null, 2)}\n` : toText(report);
}

const columns = (rows: string[][]) => {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join('  ').trimEnd()).join('\n');
};

const day = (iso: string | undefined) => (iso ? iso.slice(0, 10) : '-');
const inDays = (n: number | undefined) => (n === undefined ? '' : n >= 0 ? ` (in ${n} days)` : ` (${-n} days ago)`);

function stateOf(h: HeldReport | undefined): string {
  if (!h) return '-';
  if (h.error) return 'unknown';
  if (!h.image) return 'deregistered';
  return h.image.State ?? 'available';
}

function heldLine(h: HeldReport): string {
  if (h.error) return `${h.imageId}  cannot be described: ${h.error}`;
  if (!h.image) return `${h.imageId}  ${h.health.deadReason}: DescribeImages does not return it`;
  const i = h.image;
  const allowed = i.ImageAllowed === undefined ? '-' : String(i.ImageAllowed);
  const deprecation = i.DeprecationTime ? `, deprecates ${i.DeprecationTime}${inDays(h.health.daysUntilDeprecation)}` : ', no deprecation time';
  return `${h.imageId}  ${i.Name ?? ''}\n            created ${i.CreationDate ?? '-'} (${h.health.ageDays ?? '?'} days old), ${i.Architecture ?? '-'}, `
    + `state ${i.State ?? 'available'}, allowed ${allowed}${deprecation}; ${h.health.launch}${h.health.deadReason ? `: ${h.health.deadReason}` : ''}`;
}

function pickLine(p: Pick | undefined, pinned: string | undefined, newer?: number): string {
  if (!p) return '-';
  if (p.error) return `nothing: ${p.error}`;
  if (p.imageId === pinned) return `${p.imageId}, the pinned image`;
  const age = newer === undefined ? '' : newer >= 0 ? `, newer by ${newer} days` : `, older by ${-newer} days`;
  return `${p.imageId}  ${p.image?.Name ?? ''}${p.from === 'restored' ? '  (restored: the previous image)' : ''}${age}`;
}

function block(r: StatusRow): string {
  const lines = [`${r.path}  (stack ${r.stack}, ${r.target.region}${r.target.lookupRoleArn ? `, role ${r.target.lookupRoleArn}` : ''})`];
  lines.push(`  pinned:   ${r.pinned ? heldLine(r.pinned) : r.physicalId === undefined ? 'nothing: not deployed yet' : `nothing: physical ID ${JSON.stringify(r.physicalId)} (${r.resourceStatus})`}`);
  lines.push(`  previous: ${r.previous ? (r.previous.image ? `${r.previous.imageId}, still exists (${stateOf(r.previous)}): a rollback restores it` : `${r.previous.imageId}, ${r.previous.error ? `unknown: ${r.previous.error}` : 'gone: a rollback would restore an image that no longer exists'}`) : 'none'}`);
  lines.push(`  in sync:  ${r.inSync === null ? 'unknown' : r.inSync ? 'yes' : 'no'}: ${r.syncNote}`);
  if (r.nextDeploy) lines.push(`  next deploy: ${pickLine(r.nextDeploy, r.pinned?.imageId)}`);
  if (r.refresh) lines.push(`  refresh:  ${pickLine(r.refresh, r.pinned?.imageId, r.refreshNewerByDays)}`);
  lines.push(`  verdict:  ${r.verdict.label}: ${r.reason}`);
  return lines.join('\n');
}

function toText(report: StatusReport): string {
  const out: string[] = [];
  if (report.rows.length > 0) {
    const table = [['LOOKUP', 'REGION', 'PINNED', 'AGE', 'DEPRECATES', 'STATE', 'IN SYNC', 'VERDICT']];
    for (const r of report.rows) {
      const h = r.pinned?.health;
      table.push([r.path, r.target.region ?? '-', r.pinned?.imageId ?? '-', h?.ageDays === undefined ? '-' : `${h.ageDays}d`,
        r.pinned?.image?.DeprecationTime ? `${day(r.pinned.image.DeprecationTime)}${h?.daysUntilDeprecation === undefined ? '' : ` (${h.daysUntilDeprecation}d)`}` : '-',
        stateOf(r.pinned), r.inSync === null ? '?' : r.inSync ? 'yes' : 'no', r.verdict.label]);
    }
    out.push(columns(table), '');
    for (const r of report.rows) out.push(block(r), '');
  }
  for (const s of report.stacks) {
    const what = s.problem === 'not deployed' ? 'is not deployed' : s.problem === 'no lookups' ? 'has no Custom::AmiLookup' : `could not be read: ${s.error}`;
    out.push(`stack ${s.stack}${s.region ? ` (${s.region})` : ''} ${what}`);
    for (const p of s.lookups) out.push(`    ${p}`);
  }
  if (report.stacks.length > 0) out.push('');
  out.push(`checked ${report.checkedAt}; warning at ${report.warnDays} days before deprecation; exit ${report.exitCode}`);
  return `${out.join('\n')}\n`;
}

function heldJson(h: HeldReport | undefined) {
  if (!h) return null;
  const i = h.image;
  return {
    imageId: h.imageId,
    name: i?.Name ?? null,
    creationDate: i?.CreationDate ?? null,
    ageDays: h.health.ageDays ?? null,
    deprecationTime: i?.DeprecationTime ?? null,
    daysUntilDeprecation: h.health.daysUntilDeprecation ?? null,
    state: h.error ? 'unknown' : i ? i.State ?? 'available' : 'deregistered or no longer shared',
    imageAllowed: i?.ImageAllowed ?? null,
    architecture: i?.Architecture ?? null,
    launch: h.health.launch,
    whyNot: h.health.deadReason ?? null,
    error: h.error ?? null,
  };
}

function pickJson(p: Pick | undefined) {
  if (!p) return null;
  return {
    imageId: p.imageId ?? null,
    name: p.image?.Name ?? null,
    creationDate: p.image?.CreationDate ?? null,
    from: p.from ?? null,
    error: p.error ?? null,
  };
}

function toJson(report: StatusReport) {
  return {
    checkedAt: report.checkedAt,
    warnDays: report.warnDays,
    exitCode: report.exitCode,
    lookups: report.rows.map((r) => ({
      stack: r.stack,
      path: r.path,
      logicalId: r.logicalId,
      region: r.target.region ?? null,
      regionSource: r.regionSource,
      lookupRoleArn: r.target.lookupRoleArn ?? null,
      physicalId: r.physicalId ?? null,
      resourceStatus: r.resourceStatus ?? null,
      pinned: heldJson(r.pinned),
      previous: r.previous ? { ...heldJson(r.previous), exists: r.previous.error ? null : r.previous.image !== undefined } : null,
      inSync: r.inSync,
      syncNote: r.syncNote,
      nextDeploy: pickJson(r.nextDeploy),
      refresh: r.refresh ? { ...pickJson(r.refresh), newerByDays: r.refreshNewerByDays ?? null } : null,
      verdict: r.verdict.label,
      reason: r.reason,
    })),
    stacks: report.stacks.map((s) => ({ stack: s.stack, region: s.region ?? null, problem: s.problem, error: s.error ?? null, lookups: s.lookups })),
  };
}
