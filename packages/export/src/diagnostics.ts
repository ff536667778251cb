/**
 * Validator findings as the exporters use them. The validator (`@stratus/validator`) produces
 * them; callers pass them in (`opts.diagnostics`) or let `validate.ts` run the validator.
 */
export interface Diagnostic {
  ruleId: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  nodeIds: string[];
}

/** Comment lines (without comment markers) listing validator errors, or none. */
export function errorLines(diagnostics: readonly Diagnostic[]): string[] {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return [];
  return [
    `WARNING: this board has ${errors.length} validator error${errors.length === 1 ? '' : 's'}; AWS is likely to reject this code as is:`,
    ...errors.map(
      (d) => `  ${d.ruleId}: ${d.message}${d.nodeIds.length ? ` [${d.nodeIds.join(', ')}]` : ''}`,
    ),
    'Fix them on the board and export again (`stratus export --strict` refuses boards with errors).',
  ];
}
