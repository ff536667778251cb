export { exportTerraform, type ExportOptions, type TerraformResult } from './terraform.ts';
export type { Diagnostic } from './diagnostics.ts';
export {
  certificateArnProblem,
  planBoard,
  prop,
  type ExportChoices,
  type ExportPlan,
} from './resolve.ts';
export { exportCdk, CDK_VERSIONS, type CdkOptions, type CdkResult } from './cdk.ts';
export { boardDiagnostics } from './validate.ts';
export { errorLines } from './diagnostics.ts';
export { MAPPING, renderMappingMarkdown, unmapped, type MappingRow } from './mapping.ts';
