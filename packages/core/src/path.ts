/**
 * A field's path as a reader writes it: `task_config.labourers.x.max_attempts`, `health_metrics[0].name`,
 * `labourers["a.b"]` for a key that would read ambiguously with dots, and `(root)` for the value itself.
 *
 * @example
 * formatPath(['task_config', 'labourers', 'x', 'max_attempts']); // 'task_config.labourers.x.max_attempts'
 * formatPath(['health_metrics', 0, 'name']); // 'health_metrics[0].name'
 * formatPath([]); // '(root)'
 */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(root)';
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else if (typeof key === 'symbol') text += `[${key.toString()}]`;
    // Labourer ids often carry dashes; keep those readable, bracket only what a dot would make ambiguous.
    else if (/^[\w$-]+$/.test(key)) text += text === '' ? key : `.${key}`;
    else text += `[${JSON.stringify(key)}]`;
  }
  return text;
}
