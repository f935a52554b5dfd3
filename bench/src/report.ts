/** One printed line of the benchmark table. */
export interface Figure {
  scenario: string;
  metric: string;
  value: number;
  unit: string;
  /** The value as a fraction of what DynamoDB Local itself allows for the calls this line needs. */
  ofFloor?: number;
  /** What the floor fraction is measured against, e.g. "conditional UpdateItem/s". */
  floor?: string;
  /** The floor's value the fraction was taken of (measured just before the line). */
  floorValue?: number;
  /**
   * The value as a fraction of what DynamoDB Local allows for exactly the writes this line made (single
   * writes, batch items and transaction actions, each at its floor rate; see `floorMsOf`).
   */
  ofWriteFloor?: number;
}

const format = (value: number): string =>
  Math.abs(value) >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2);

/** Prints the figures as an aligned table on stdout. */
export function printTable(figures: readonly Figure[]): void {
  const rows = figures.map((f) => [
    f.scenario,
    f.metric,
    `${format(f.value)} ${f.unit}`,
    f.ofFloor === undefined
      ? ''
      : `${(f.ofFloor * 100).toFixed(0)}% of ${f.floorValue === undefined ? '' : `${format(f.floorValue)} `}${f.floor ?? 'floor'}`,
    f.ofWriteFloor === undefined ? '' : `${(f.ofWriteFloor * 100).toFixed(0)}%`,
  ]);
  const header = ['scenario', 'metric', 'value', 'vs floor', 'vs its writes'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(line(header));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const row of rows) console.log(line(row));
}
