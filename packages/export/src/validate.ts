import type { Board } from '@stratus/model';
import { validateBoard } from '@stratus/validator';
import type { Diagnostic } from './diagnostics.ts';

/** The validator's findings on a board, without the acknowledged ones (the team accepted those). */
export function boardDiagnostics(board: Board): Diagnostic[] {
  return validateBoard(board)
    .filter((f) => !f.acknowledged)
    .map((f) => ({ ruleId: f.ruleId, severity: f.severity, message: f.message, nodeIds: f.nodeIds }));
}
