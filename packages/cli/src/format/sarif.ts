import type { Finding } from '@stratus/validator';
import { RULES } from '@stratus/validator';
import type * as Sarif from 'sarif';

const LEVEL: Record<Finding['severity'], Sarif.Result.level> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/**
 * A SARIF 2.1.0 log: the rule catalogue as `tool.driver.rules`, one result per finding with a
 * logical location naming each node (and edge) involved. Acknowledged findings carry an
 * in-source suppression with the reason given on the board.
 */
export function toSarif(
  fileUri: string,
  findings: readonly Finding[],
  labels: ReadonlyMap<string, string>,
): Sarif.Log {
  const index = new Map(RULES.map((r, i) => [r.id, i]));
  const rules: Sarif.ReportingDescriptor[] = RULES.map((r) => ({
    id: r.id,
    name: r.id
      .toLowerCase()
      .split('_')
      .map((w) => w[0]!.toUpperCase() + w.slice(1))
      .join(''),
    shortDescription: { text: r.title },
    fullDescription: { text: `${r.statement} ${r.rationale}` },
    defaultConfiguration: { level: LEVEL[r.severity] },
    properties: { section: r.section, source: r.source, ...(r.notesSay ? { notesSay: r.notesSay } : {}) },
  }));
  const results: Sarif.Result[] = findings.map((f) => {
    const logicalLocations: Sarif.LogicalLocation[] = [
      ...f.nodeIds.map((id) => ({
        name: labels.get(id) ?? id,
        fullyQualifiedName: `nodes/${id}`,
        kind: 'resource',
      })),
      ...f.edgeIds.map((id) => ({ name: id, fullyQualifiedName: `edges/${id}`, kind: 'resource' })),
    ];
    const result: Sarif.Result = {
      ruleId: f.ruleId,
      ruleIndex: index.get(f.ruleId) ?? -1,
      level: LEVEL[f.severity],
      message: { text: f.fix ? `${f.message} Fix: ${f.fix}` : f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: fileUri } }, logicalLocations }],
      partialFingerprints: { stratusFinding: `${f.ruleId}/${f.nodeIds.join(',')}/${f.edgeIds.join(',')}` },
    };
    if (f.acknowledged)
      result.suppressions = [{ kind: 'inSource', status: 'accepted', justification: f.acknowledged.reason }];
    return result;
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'stratus', fullName: 'Stratus board validator', version: '0.1.0', rules } },
        artifacts: [{ location: { uri: fileUri } }],
        results,
      },
    ],
  };
}
